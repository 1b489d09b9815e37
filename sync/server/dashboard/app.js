// Pameran organizer dashboard: sign-in, the event list and one event's figures, kept current by
// polling the server with If-None-Match every 2 s (a 304 costs the server one counter read and
// holds no worker between polls; a server-sent-events stream would hold one per open phone).
// No framework, no inline script or style (the CSP forbids both), text set with textContent only.
//
// Sections: text (id, en) · formatting · DOM helpers · server calls · views: sign-in, event list,
// event (figures, charts, vendors, kiosks, sync health, settlement) · live updates · start.
'use strict';

// ---- text ------------------------------------------------------------------------------------

const TEXT = {
  id: {
    skip: 'Langsung ke isi', brandSub: 'Dasbor Penyelenggara', signOut: 'Keluar', langSwitch: 'Switch to English',
    signInTitle: 'Masuk ke dasbor', signIn: 'Masuk', tokenLabel: 'Token penyelenggara',
    signInHelp: 'Masukkan token penyelenggara dari sekretariat. Token cukup dimasukkan sekali di perangkat ini.',
    tokenEmpty: 'Isi token penyelenggara dulu.', tokenWrong: 'Token tidak dikenal atau sudah dicabut.',
    tokenDevice: 'Ini token kios. Dasbor memerlukan token penyelenggara.', tooMany: 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.',
    sessionEnded: 'Sesi berakhir. Silakan masuk lagi.', signingIn: 'Memeriksa…',
    eventsTitle: 'Acara', eventsEmpty: 'Belum ada acara di server ini.', allEvents: '← Semua acara',
    stateNow: 'Berlangsung', stateOpen: 'Dibuka', stateClosed: 'Ditutup', devicesN: 'kios',
    net: 'Penjualan bersih', sales: 'Transaksi', items: 'Barang terjual', gross: 'Penjualan kotor', discount: 'Diskon', refunds: 'Retur',
    targetEdit: 'Atur target', targetLabel: 'Target penjualan bersih (Rp)', save: 'Simpan', cancel: 'Batal',
    targetNone: 'Belum ada target penjualan.', ofTarget: 'dari target', targetBad: 'Tulis target sebagai angka rupiah, mis. 150.000.000.',
    targetFail: 'Target tidak tersimpan: {e}',
    byDay: 'Per hari', byHour: 'Per jam', bySector: 'Per sektor', byPayment: 'Per metode pembayaran', byVendor: 'Per vendor',
    byDevice: 'Per kios', topProducts: 'Produk terlaris', syncHealth: 'Kesehatan sinkronisasi kios', settlement: 'Penyelesaian vendor',
    searchVendor: 'Cari vendor', noMatch: 'Tidak ada vendor yang cocok.', vendorCaption: 'Penjualan per vendor; tombol di judul kolom mengurutkan',
    colVendor: 'Vendor', colSector: 'Sektor', colSales: 'Transaksi', colItems: 'Barang', colNet: 'Bersih',
    colKiosk: 'Kios', colLast: 'Unggahan terakhir', colSeq: 'No. urut tertinggi', colMissing: 'No. urut hilang', colAudit: 'Jurnal audit',
    colProduct: 'Produk', colCommission: 'Komisi', colDirect: 'Diterima langsung', colOwed: 'Dibayarkan ke vendor', colStatement: 'Pernyataan',
    colCashierSales: 'Transaksi',
    fesyen: 'Fesyen', kriya: 'Kriya', kuliner: 'Kuliner',
    cash: 'Tunai', qris: 'QRIS', card: 'Kartu', transfer: 'Transfer', ewallet: 'Dompet digital',
    noData: 'Belum ada penjualan.', noDevice: 'Rincian per kios belum tersedia di server ini.', noTop: 'Daftar produk terlaris belum tersedia di server ini.',
    noDevices: 'Belum ada kios terdaftar.', showNumbers: 'Lihat angka',
    never: 'belum pernah', justNow: 'baru saja', minAgo: '{n} mnt lalu', hourAgo: '{n} jam lalu', dayAgo: '{n} hari lalu',
    none: 'tidak ada', auditOk: 'utuh', auditBroken: 'rusak', auditUnknown: 'belum diketahui', notReported: '—',
    auditBrokenAt: 'sejak no. {n}', auditShow: 'Tindakan', auditTitle: 'Tindakan khusus {k}', auditNone: 'Belum ada tindakan khusus yang terkirim.',
    colNo: 'No.', colAt: 'Waktu', colStaff: 'Petugas', colAction: 'Tindakan', colSubject: 'Untuk', colReason: 'Alasan', auditAltered: 'diubah',
    revoked: 'dicabut', waiting: 'belum terdaftar', stale: 'lama tak mengirim', late: '{n} terlambat',
    dlReportCsv: 'Laporan CSV', dlReportPdf: 'Laporan PDF', dlSettleCsv: 'Penyelesaian CSV', dlStatements: 'Semua pernyataan (PDF)',
    dlWorkbook: 'Buku kerja Excel', downloads: 'Unduhan',
    updated: 'Diperbarui {t}', lost: 'Server tidak terjangkau sejak {t}. Angka di layar mungkin sudah lama; mencoba lagi…',
    connecting: 'Menghubungkan…', offline: 'Terputus', chartDay: 'Grafik penjualan bersih per hari', chartHour: 'Grafik penjualan bersih per jam',
    hour: 'Jam', date: 'Tanggal', amount: 'Jumlah', footer: 'Pameran POS · angka dari semua kios yang sudah tersinkron',
    title: 'Dasbor Pameran', notFound: 'Acara {c} tidak ada.',
    stock: 'Barang titipan per vendor', colReceived: 'Dibawa', colSold: 'Terjual', colRefunded: 'Refund', colAdjusted: 'Koreksi', colReturned: 'Dikembalikan',
    colOnHand: 'Belum kembali', noStock: 'Belum ada barang tercatat.',
  },
  en: {
    skip: 'Skip to content', brandSub: 'Organizer dashboard', signOut: 'Sign out', langSwitch: 'Ganti ke Bahasa Indonesia',
    signInTitle: 'Sign in to the dashboard', signIn: 'Sign in', tokenLabel: 'Organizer token',
    signInHelp: 'Enter the organizer token from the secretariat. You only need to enter it once on this device.',
    tokenEmpty: 'Enter the organizer token first.', tokenWrong: 'Unknown or revoked token.',
    tokenDevice: 'This is a kiosk token. The dashboard needs an organizer token.', tooMany: 'Too many attempts. Wait a moment and try again.',
    sessionEnded: 'Your session has ended. Please sign in again.', signingIn: 'Checking…',
    eventsTitle: 'Events', eventsEmpty: 'There are no events on this server yet.', allEvents: '← All events',
    stateNow: 'On now', stateOpen: 'Open', stateClosed: 'Closed', devicesN: 'kiosks',
    net: 'Net sales', sales: 'Sales', items: 'Items sold', gross: 'Gross sales', discount: 'Discounts', refunds: 'Refunds',
    targetEdit: 'Set target', targetLabel: 'Net sales target (Rp)', save: 'Save', cancel: 'Cancel',
    targetNone: 'No sales target yet.', ofTarget: 'of the target', targetBad: 'Write the target as rupiah, e.g. 150.000.000.',
    targetFail: 'The target was not saved: {e}',
    byDay: 'By day', byHour: 'By hour', bySector: 'By sector', byPayment: 'By payment method', byVendor: 'By vendor',
    byDevice: 'By kiosk', topProducts: 'Top products', syncHealth: 'Kiosk sync health', settlement: 'Vendor settlement',
    searchVendor: 'Search vendors', noMatch: 'No vendor matches.', vendorCaption: 'Sales by vendor; the column headings sort',
    colVendor: 'Vendor', colSector: 'Sector', colSales: 'Sales', colItems: 'Items', colNet: 'Net',
    colKiosk: 'Kiosk', colLast: 'Last upload', colSeq: 'Highest seq. no.', colMissing: 'Missing seq. nos.', colAudit: 'Audit log',
    colProduct: 'Product', colCommission: 'Commission', colDirect: 'Paid direct', colOwed: 'Owed to vendor', colStatement: 'Statement',
    colCashierSales: 'Sales',
    fesyen: 'Fashion', kriya: 'Crafts', kuliner: 'Food',
    cash: 'Cash', qris: 'QRIS', card: 'Card', transfer: 'Transfer', ewallet: 'E-wallet',
    noData: 'No sales yet.', noDevice: 'This server does not break figures down by kiosk yet.', noTop: 'This server does not list top products yet.',
    noDevices: 'No kiosks enrolled yet.', showNumbers: 'Show the numbers',
    never: 'never', justNow: 'just now', minAgo: '{n} min ago', hourAgo: '{n} h ago', dayAgo: '{n} days ago',
    none: 'none', auditOk: 'intact', auditBroken: 'broken', auditUnknown: 'not known yet', notReported: '—',
    auditBrokenAt: 'from no. {n}', auditShow: 'Actions', auditTitle: 'Privileged actions of {k}', auditNone: 'No privileged actions have arrived yet.',
    colNo: 'No.', colAt: 'Time', colStaff: 'Staff', colAction: 'Action', colSubject: 'Subject', colReason: 'Reason', auditAltered: 'altered',
    revoked: 'revoked', waiting: 'not enrolled', stale: 'silent for long', late: '{n} late',
    dlReportCsv: 'Report CSV', dlReportPdf: 'Report PDF', dlSettleCsv: 'Settlement CSV', dlStatements: 'All statements (PDF)',
    dlWorkbook: 'Excel workbook', downloads: 'Downloads',
    updated: 'Updated {t}', lost: 'The server has been unreachable since {t}. Figures on screen may be old; retrying…',
    connecting: 'Connecting…', offline: 'Offline', chartDay: 'Chart of net sales by day', chartHour: 'Chart of net sales by hour',
    hour: 'Hour', date: 'Date', amount: 'Amount', footer: 'Pameran POS · figures from every kiosk that has synced',
    title: 'Pameran dashboard', notFound: 'There is no event {c}.',
    stock: 'Consigned goods by vendor', colReceived: 'Brought', colSold: 'Sold', colRefunded: 'Refunded', colAdjusted: 'Corrected', colReturned: 'Returned',
    colOnHand: 'Not returned', noStock: 'No goods recorded yet.',
  },
};
let lang = localStorage.getItem('pameran.lang') === 'en' ? 'en' : 'id';
const t = (key, vars) => (TEXT[lang][key] || key).replace(/\{(\w)\}/g, (_, k) => (vars && k in vars ? vars[k] : ''));

// ---- formatting (DESIGN.md: Rp 1.250.000, dot thousands, no decimals) --------------------------

const thousands = (n) => String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const num = (n) => (n < 0 ? '-' : '') + thousands(n);
const rp = (n) => (n < 0 ? '-Rp ' : 'Rp ') + thousands(n);
const figure = (field, n) => (/_idr$/.test(field) ? rp(n) : num(n));
const pct = (part, whole) => (whole > 0 ? (Math.floor((part * 1000) / whole) / 10).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB') + '%' : '');
const clock = (ms) => new Date(ms).toLocaleTimeString(lang === 'id' ? 'id-ID' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const shortDate = (iso) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
};
const dateRange = (a, b) => (!a ? '' : !b || a === b ? shortDate(a) : shortDate(a) + ' – ' + shortDate(b));
function ago(ms, now) {
  if (!ms) return t('never');
  const min = Math.floor((now - ms) / 60000);
  if (min < 1) return t('justNow');
  if (min < 60) return t('minAgo', { n: min });
  if (min < 48 * 60) return t('hourAgo', { n: Math.floor(min / 60) });
  return t('dayAgo', { n: Math.floor(min / 1440) });
}
const ranges = (list) => list.map((r) => (r.first === r.last ? String(r.first) : r.first + '–' + r.last)).join(', ');

// ---- DOM helpers -----------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
  return e;
}
const fig = (tag, name, value, cls) => el(tag, { 'data-figure': name, class: cls, text: figure(name.split('.').pop(), value) });
const svgEl = (tag, attrs) => {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
};
const show = (id, on) => { $(id).hidden = !on; };
// headers: [label, right-aligned, 'hide-narrow' for a column a phone leaves out]
const colClass = (right, extra) => [right ? 'r' : '', extra || ''].join(' ').trim() || null;
function table(headers, rows, caption) {
  const head = el('tr', null, ...headers.map(([label, right, extra]) => el('th', { scope: 'col', class: colClass(right, extra), text: label })));
  return el('div', { class: 'table-wrap' }, el('table', { class: 'data' }, caption ? el('caption', { class: 'sr-only', text: caption }) : null,
    el('thead', null, head), el('tbody', null, ...rows)));
}
const cell = (content, right, extra) => { const td = el('td', { class: colClass(right, extra) }); td.append(content); return td; };
function applyText() {
  document.documentElement.lang = lang;
  document.title = state.event ? state.event.name + ' · ' + t('title') : t('title');
  document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
  $('lang').textContent = lang === 'id' ? 'EN' : 'ID';
  $('lang').setAttribute('lang', lang === 'id' ? 'en' : 'id');
  $('lang').setAttribute('aria-label', t('langSwitch'));
  $('downloads').setAttribute('aria-label', t('downloads'));
}

// ---- server calls ----------------------------------------------------------------------------

const state = { session: null, events: null, code: null, event: null, data: {}, tags: {},
  sort: { key: 'net_idr', dir: -1 }, filter: '', lostSince: 0, lastOk: 0, timer: 0 };

class Unauthorized extends Error {}

// A GET with If-None-Match: the parsed body, or null when the server says nothing changed.
async function getJson(path, tagKey) {
  const headers = {};
  if (tagKey && state.tags[tagKey]) headers['If-None-Match'] = state.tags[tagKey];
  const res = await fetch(path, { headers, credentials: 'same-origin', cache: 'no-store' });
  if (res.status === 401) throw new Unauthorized();
  if (res.status === 304) return null;
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error || res.statusText);
  if (tagKey) state.tags[tagKey] = res.headers.get('ETag') || '';
  return res.json();
}

async function send(method, path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.session && state.session.csrf_token) headers['X-CSRF-Token'] = state.session.csrf_token;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401 && path !== '/api/v1/session') throw new Unauthorized();
  return res;
}

// ---- view: sign-in ---------------------------------------------------------------------------

function showView(name) {
  for (const v of ['signin', 'events', 'event']) show('view-' + v, v === name);
  show('signout', name !== 'signin');
  show('live', name !== 'signin');
}

function signedOut(message) {
  state.session = null; state.events = null; state.tags = {}; state.data = {}; state.event = null;
  clearTimeout(state.timer);
  showView('signin');
  $('signin-error').textContent = message || '';
  $('lost').hidden = true;
  $('token').focus();
}

async function signIn(ev) {
  ev.preventDefault();
  const token = $('token').value.trim();
  if (!token) { $('signin-error').textContent = t('tokenEmpty'); return; }
  $('signin-submit').disabled = true;
  $('signin-error').textContent = t('signingIn');
  try {
    const res = await send('POST', '/api/v1/session', { token });
    if (res.ok) {
      $('token').value = '';
      $('signin-error').textContent = '';
      state.session = await getJson('/api/v1/session');
      await startSession();
    } else {
      $('signin-error').textContent = res.status === 403 ? t('tokenDevice') : res.status === 429 ? t('tooMany') : t('tokenWrong');
    }
  } catch (e) {
    $('signin-error').textContent = t('lost', { t: clock(Date.now()) });
  } finally {
    $('signin-submit').disabled = false;
  }
}

async function signOut() {
  try { await send('DELETE', '/api/v1/session'); } catch (e) { /* the cookie ends with the session anyway */ }
  location.hash = '#/';
  signedOut('');
}

// ---- view: event list ------------------------------------------------------------------------

function stateChip(e, now) {
  const today = new Date(now + e.tz_offset_minutes * 60000).toISOString().slice(0, 10);
  const current = e.open && (e.start_date || e.end_date) && (!e.start_date || e.start_date <= today) && (!e.end_date || today <= e.end_date);
  return el('span', { class: 'chip ' + (current ? 'live-now' : e.open ? '' : 'closed'), text: t(current ? 'stateNow' : e.open ? 'stateOpen' : 'stateClosed') });
}

function renderEvents() {
  const list = state.events.events;
  show('events-empty', list.length === 0);
  $('event-list').replaceChildren(...list.map((e) => {
    const p = 'events.' + e.code + '.';
    return el('li', null, el('a', { href: '#/e/' + encodeURIComponent(e.code) }, el('article', { class: 'card' },
      el('div', { class: 'ev-card-top' }, el('div', null, el('h2', { text: e.name }), el('p', { class: 'muted small', text: [e.venue, dateRange(e.start_date, e.end_date)].filter(Boolean).join(' · ') })), stateChip(e, state.events.server_time_ms)),
      el('dl', { class: 'ev-figs' },
        el('div', null, el('dt', { text: t('net') }), fig('dd', p + 'net_idr', e.net_idr)),
        el('div', null, el('dt', { text: t('sales') }), fig('dd', p + 'sales_count', e.sales_count)),
        el('div', null, el('dt', { text: t('byDevice') }), fig('dd', p + 'devices', e.devices))),
      e.target_idr > 0 ? el('p', { class: 'muted small', text: pct(e.net_idr, e.target_idr) + ' ' + t('ofTarget') + ' ' + rp(e.target_idr) }) : null)));
  }));
}

// ---- view: one event -------------------------------------------------------------------------

function renderHead() {
  const e = state.event;
  $('ev-name').textContent = e.name;
  $('ev-meta').textContent = [e.code, e.venue, dateRange(e.start_date, e.end_date)].filter(Boolean).join(' · ');
  $('ev-state').replaceWith(Object.assign(stateChip(e, state.events.server_time_ms), { id: 'ev-state' }));
  const net = state.data.totals ? state.data.totals.net_idr : e.net_idr;
  const has = e.target_idr > 0;
  const ratio = has ? Math.min(1, net / e.target_idr) : 0;
  $('target-fill').style.width = (ratio * 100).toFixed(1) + '%';
  $('target-meter').setAttribute('aria-valuenow', String(Math.round(ratio * 100)));
  const text = $('target-text');
  text.replaceChildren();
  if (has) text.append(pct(net, e.target_idr) + ' ' + t('ofTarget') + ' ', fig('span', 'target_idr', e.target_idr));
  else text.textContent = t('targetNone');
}

function renderFigures() {
  const r = state.data.totals;
  document.querySelectorAll('.kpis [data-figure]').forEach((e) => { e.textContent = figure(e.dataset.figure, r[e.dataset.figure]); });
  renderHead();
  renderBars('chart-day', r.by_day.map((d) => [d.date, shortDate(d.date), d.net_idr]), 'by_day', t('chartDay'), t('date'));
  const hours = new Map(r.by_hour.map((h) => [h.hour, h.net_idr]));
  const hs = r.by_hour.length ? r.by_hour.map((h) => h.hour) : [9, 21];
  const from = Math.min(9, ...hs), to = Math.max(21, ...hs);
  const allHours = [];
  for (let h = from; h <= to; ++h) allHours.push([String(h), String(h).padStart(2, '0'), hours.get(h) || 0, hours.has(h)]);
  renderBars('chart-hour', allHours, 'by_hour', t('chartHour'), t('hour'));
  renderShares('chart-sector', r.by_sector.map((s) => ['by_sector.' + s.sector + '.net_idr', t(s.sector), s.net_idr, s.sector]), r.net_idr);
  renderShares('chart-payment', r.by_payment.map((p) => ['by_payment.' + p.method + '.amount_idr', t(p.method), p.amount_idr, '']), r.net_idr);
  renderVendors();
  renderByDevice();
  renderTop();
}

// Vertical bars (SVG, for the eye) over a table of the same figures (for screen readers and tests).
function renderBars(id, points, field, label, keyLabel) {
  const box = $(id);
  box.className = 'chart';
  const shown = points.filter((p) => p[3] !== false);
  if (!shown.length) { box.replaceChildren(el('p', { class: 'empty', text: t('noData') })); return; }
  const W = Math.max(280, Math.round(box.clientWidth || 560)), H = W < 480 ? 170 : 210, top = 22, bottom = 24, n = points.length;
  const slot = W / n, bw = Math.min(56, slot * 0.72), x0 = (slot - bw) / 2;
  const max = Math.max(1, ...points.map((p) => p[2]));
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, focusable: 'false' });
  for (const f of [0.5, 1]) svg.append(svgEl('line', { class: 'grid-line', x1: 0, x2: W, y1: top + (H - top - bottom) * (1 - f), y2: top + (H - top - bottom) * (1 - f) }));
  const peak = Math.max(...points.map((p) => p[2]));
  points.forEach((p, i) => {
    const h = Math.max(p[2] > 0 ? 2 : 0, ((H - top - bottom) * Math.max(0, p[2])) / max);
    const x = x0 + i * slot;
    const bar = svgEl('rect', { class: 'bar' + (p[2] === peak && p[2] > 0 ? ' peak' : ''), x: x.toFixed(1), y: (H - bottom - h).toFixed(1), width: bw.toFixed(1), height: h.toFixed(1), rx: 2 });
    const tip = svgEl('title', {});
    tip.textContent = p[1] + ': ' + rp(p[2]);
    bar.append(tip);
    svg.append(bar);
    const short = slot < 90, every = Math.ceil((short ? 40 : 90) / slot);
    if (i % every === 0) {
      const tx = svgEl('text', { class: 'axis', x: (x + bw / 2).toFixed(1), y: H - 6, 'text-anchor': 'middle' });
      tx.textContent = short ? p[1].replace(/^\D+\s/, '') : p[1];
      svg.append(tx);
    }
  });
  const valueTop = svgEl('text', { class: 'val', x: 0, y: 14 });
  valueTop.textContent = rp(max);
  svg.append(valueTop);
  const rows = shown.map((p) => el('tr', null, el('td', { text: p[1] }), cell(fig('span', field + '.' + p[0] + '.net_idr', p[2]), true)));
  box.replaceChildren(svg, el('details', { class: 'figures' }, el('summary', { text: t('showNumbers') }),
    table([[keyLabel], [t('amount'), true]], rows, label)));
}

// Horizontal bars with the share of the net, each amount a figure.
function renderShares(id, items, total) {
  const list = items.filter((x) => x[2] !== 0);
  if (!list.length) { $(id).replaceChildren(el('p', { class: 'empty', text: t('noData') })); return; }
  const max = Math.max(1, ...list.map((x) => x[2]));
  $(id).replaceChildren(el('ul', { class: 'hbars' }, ...list.map(([name, label, value, cls]) => {
    const fill = el('div', { class: 'fill' });
    fill.style.width = Math.max(0, (100 * value) / max).toFixed(1) + '%';
    return el('li', { class: cls }, el('div', { class: 'lbl' }, el('span', null, label, el('span', { class: 'share', text: pct(value, total) })), fig('span', name, value)),
      el('div', { class: 'track', 'aria-hidden': 'true' }, fill));
  })));
}

function renderVendors() {
  const { key, dir } = state.sort;
  const q = state.filter.toLowerCase();
  const rows = state.data.totals.by_vendor
    .filter((v) => !q || v.name.toLowerCase().includes(q) || v.vendor_code.toLowerCase().includes(q))
    .sort((a, b) => {
      const x = key === 'sector' ? t(a.sector) : a[key], y = key === 'sector' ? t(b.sector) : b[key];
      return (typeof x === 'string' ? x.localeCompare(y, lang) : x - y) * dir || a.name.localeCompare(b.name, lang);
    });
  document.querySelectorAll('#vendor-table th').forEach((th) => {
    if (th.dataset.sort === key) th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending'); else th.removeAttribute('aria-sort');
  });
  const p = (v, f) => 'by_vendor.' + v.vendor_code + '.' + f;
  $('vendor-rows').replaceChildren(...rows.map((v) => el('tr', null,
    el('th', { scope: 'row' }, el('span', { text: v.name }), el('span', { class: 'code', text: v.vendor_code })),
    el('td', { class: 'hide-narrow' }, el('span', { class: 'sector ' + v.sector, 'aria-hidden': 'true' }), t(v.sector)),
    cell(fig('span', p(v, 'sales_count'), v.sales_count), true), cell(fig('span', p(v, 'items_sold'), v.items_sold), true, 'hide-narrow'),
    cell(fig('strong', p(v, 'net_idr'), v.net_idr), true))));
  const none = state.data.totals.by_vendor.length === 0;
  $('vendor-none').textContent = t(none ? 'noData' : 'noMatch');
  show('vendor-none', rows.length === 0);
  show('vendor-table', !none);
}

function renderByDevice() {
  const list = state.data.totals.by_device;
  if (!list) { $('by-device').replaceChildren(el('p', { class: 'empty', text: t('noDevice') })); return; }
  if (!list.length) { $('by-device').replaceChildren(el('p', { class: 'empty', text: t('noData') })); return; }
  $('by-device').replaceChildren(table([[t('colKiosk')], [t('colSales'), true], [t('colNet'), true]], list.map((d) => el('tr', null,
    el('th', { scope: 'row' }, el('span', { text: d.name || d.device_code }), el('span', { class: 'code', text: [d.device_code, d.booth].filter(Boolean).join(' · ') })),
    cell(fig('span', 'by_device.' + d.device_code + '.sales_count', d.sales_count), true),
    cell(fig('span', 'by_device.' + d.device_code + '.net_idr', d.net_idr), true)))));
}

function renderTop() {
  const list = state.data.totals.top_products;
  if (!list) { $('top-products').replaceChildren(el('p', { class: 'empty', text: t('noTop') })); return; }
  if (!list.length) { $('top-products').replaceChildren(el('p', { class: 'empty', text: t('noData') })); return; }
  $('top-products').replaceChildren(table([[t('colProduct')], [t('colItems'), true], [t('colNet'), true]], list.slice(0, 10).map((x) => el('tr', null,
    el('th', { scope: 'row' }, el('span', { text: x.name }), el('span', { class: 'code', text: x.sku + ' · ' + x.vendor_code })),
    cell(fig('span', 'top_products.' + x.sku + '.items_sold', x.items_sold), true),
    cell(fig('span', 'top_products.' + x.sku + '.net_idr', x.net_idr), true)))));
}

function renderDevices() {
  const d = state.data.devices;
  if (!d) return;
  if (!d.devices.length) { $('devices').replaceChildren(el('p', { class: 'empty', text: t('noDevices') })); return; }
  const now = d.server_time_ms + (Date.now() - state.data.devicesAt);
  $('devices').replaceChildren(table([[t('colKiosk')], [t('colLast')], [t('colSeq'), true, 'hide-narrow'], [t('colMissing')], [t('colAudit')]], d.devices.map((x) => {
    const p = 'devices.' + x.device_code + '.';
    const silent = x.last_upload_ms && now - x.last_upload_ms > 15 * 60000 && state.event && state.event.open;
    const status = x.revoked ? el('span', { class: 'chip bad', text: t('revoked') }) : !x.enrolled ? el('span', { class: 'chip', text: t('waiting') })
      : silent ? el('span', { class: 'chip warn', text: t('stale') }) : null;
    const missing = x.missing_count > 0
      ? el('span', null, fig('strong', p + 'missing_count', x.missing_count, 'neg'), el('span', { class: 'code', text: ranges(x.missing) }))
      : el('span', null, fig('span', p + 'missing_count', 0, 'sr-only'), el('span', { class: 'chip good', text: t('none') }));
    const audit = !('audit' in x) ? el('span', { class: 'muted', text: t('notReported') })
      : el('span', { class: 'chip ' + (x.audit === 'ok' ? 'good' : x.audit === 'broken' ? 'bad' : ''), 'data-audit': x.device_code,
        text: t(x.audit === 'ok' ? 'auditOk' : x.audit === 'broken' ? 'auditBroken' : 'auditUnknown') });
    const firstBad = x.audit === 'broken' && x.audit_first_bad ? el('span', { class: 'code', text: t('auditBrokenAt', { n: num(x.audit_first_bad) }) }) : null;
    // The device's privileged actions open below the table (a server that lists them offers the route).
    const actions = 'audit' in x && offersAudit() ? el('button', { type: 'button', class: 'link', 'data-audit-open': x.device_code,
      'aria-expanded': state.auditDevice === x.device_code ? 'true' : 'false', 'aria-controls': 'device-audit', text: t('auditShow') }) : null;
    if (actions) actions.addEventListener('click', () => openAudit(state.auditDevice === x.device_code ? null : x.device_code));
    return el('tr', { class: x.audit === 'broken' ? 'flag-bad' : null },
      el('th', { scope: 'row' }, el('span', { text: x.name || x.device_code }), el('span', { class: 'code', text: [x.device_code, x.booth, x.kiosk_name].filter(Boolean).join(' · ') })),
      el('td', null, el('span', { text: ago(x.last_upload_ms, now) }), status ? ' ' : null, status,
        x.late_count > 0 ? el('span', { class: 'code', text: t('late', { n: num(x.late_count) }) }) : null),
      cell(fig('span', p + 'highest_seq', x.highest_seq), true, 'hide-narrow'), el('td', null, missing), el('td', { class: 'audit-cell' }, audit, firstBad, actions));
  })));
}

const offersAudit = () => state.session.routes.includes('/api/v1/events/{code}/devices/{device}/audit');

// One device's privileged actions (GET .../devices/{device}/audit), newest first; a bad entry and
// those after it are marked.
async function loadAudit() {
  const device = state.auditDevice, code = state.code;
  if (!device || !code) return;
  const list = await getJson('/api/v1/events/' + encodeURIComponent(code) + '/devices/' + encodeURIComponent(device) + '/audit?limit=100',
    'audit:' + code + ':' + device);
  if (device !== state.auditDevice || code !== state.code) return;
  if (list) state.data.audit = list;
  renderAudit();
}

function openAudit(device) {
  state.auditDevice = device;
  delete state.data.audit;
  if (device) delete state.tags['audit:' + state.code + ':' + device];
  renderDevices();
  renderAudit();
  if (device) loadAudit().catch(() => {});
}

function renderAudit() {
  const a = state.data.audit;
  show('device-audit', Boolean(state.auditDevice && a));
  if (!state.auditDevice || !a) { $('device-audit').replaceChildren(); return; }
  const title = el('h3', { id: 'h-audit', text: t('auditTitle', { k: a.name || a.device_code }) });
  if (!a.entries.length) { $('device-audit').replaceChildren(title, el('p', { class: 'empty', text: t('auditNone') })); return; }
  const tz = state.event ? state.event.tz_offset_minutes : 420;
  const when = (ms) => { const d = new Date(ms + tz * 60000); return d.toISOString().slice(0, 16).replace('T', ' '); };
  $('device-audit').replaceChildren(title, table([[t('colNo'), true], [t('colAt'), false, 'hide-narrow'], [t('colStaff'), false, 'hide-narrow'], [t('colAction')], [t('colSubject'), false, 'hide-narrow'], [t('colReason')]],
    a.entries.map((e) => el('tr', { class: e.intact ? null : 'flag-bad', 'data-audit-entry': String(e.id) },
      el('td', { class: 'r' }, String(e.id), e.intact ? null : ' ', e.intact ? null : el('span', { class: 'chip bad', text: t('auditAltered') })),
      el('td', { class: 'hide-narrow', text: when(e.at_ms) }), el('td', { class: 'hide-narrow', text: e.staff }), el('td', { class: 'wrap', text: e.action }),
      el('td', { class: 'hide-narrow', text: e.subject }), el('td', { class: 'wrap', text: e.reason }))), t('auditTitle', { k: a.device_code })));
}

function renderSettlement() {
  const s = state.data.settlement;
  if (!s) return;
  const base = '/api/v1/events/' + encodeURIComponent(state.code);
  const offered = (route) => state.session.routes.includes('/api/v1/events/{code}/' + route);
  const links = [['report.csv', 'dlReportCsv'], ['report.pdf', 'dlReportPdf'], ['settlement?format=csv', 'dlSettleCsv', 'settlement'],
    ['statements.pdf', 'dlStatements'], ['report.xlsx', 'dlWorkbook']].filter(([path, , route]) => offered(route || path));
  $('downloads').replaceChildren(...links.map(([path, key]) => el('li', null, el('a', { href: base + '/' + path, download: '', text: t(key) }))));
  if (!s.vendors.length) { $('settlement').replaceChildren(el('p', { class: 'empty', text: t('noData') })); return; }
  const p = (v, f) => 'settlement.' + v.vendor_code + '.' + f;
  $('settlement').replaceChildren(table([[t('colVendor')], [t('colNet'), true, 'hide-narrow'], [t('colCommission'), true, 'hide-narrow'], [t('colDirect'), true, 'hide-narrow'], [t('colOwed'), true], [t('colStatement')]],
    s.vendors.map((v) => el('tr', null,
      el('th', { scope: 'row' }, el('span', { text: v.name }), el('span', { class: 'code', text: v.vendor_code })),
      cell(fig('span', p(v, 'net_idr'), v.net_idr), true, 'hide-narrow'), cell(fig('span', p(v, 'commission_idr'), v.commission_idr), true, 'hide-narrow'),
      cell(fig('span', p(v, 'paid_direct_idr'), v.paid_direct_idr), true, 'hide-narrow'),
      cell(fig('strong', p(v, 'owed_to_vendor_idr'), v.owed_to_vendor_idr, v.owed_to_vendor_idr < 0 ? 'neg' : null), true),
      el('td', null, el('a', { href: base + '/settlement/' + encodeURIComponent(v.vendor_code) + '.pdf', download: '', text: 'PDF', 'aria-label': 'PDF ' + v.name }))))));
}

// The consignment ledger per vendor (issue 11): units over all booths, `stock.V01.on_hand`...
function renderStock() {
  const s = state.data.stock;
  show('stock-card', !!s);
  if (!s) return;
  const names = new Map(((state.data.settlement || {}).vendors || []).map((v) => [v.vendor_code, v.name]));
  const moved = s.vendors.filter((v) => v.received || v.sold || v.returned || v.on_hand);
  if (!moved.length) { $('stock').replaceChildren(el('p', { class: 'empty', text: t('noStock') })); return; }
  const p = (v, f) => 'stock.' + v.vendor_code + '.' + f;
  // Every column of the ledger where there is room, so a row adds up; a phone keeps brought, sold and still out.
  $('stock').replaceChildren(table([[t('colVendor')], [t('colReceived'), true], [t('colSold'), true], [t('colRefunded'), true, 'hide-narrow'],
    [t('colAdjusted'), true, 'hide-narrow'], [t('colReturned'), true, 'hide-narrow'], [t('colOnHand'), true]],
    moved.map((v) => el('tr', null,
      el('th', { scope: 'row' }, el('span', { text: names.get(v.vendor_code) || v.vendor_code }), el('span', { class: 'code', text: v.vendor_code })),
      cell(fig('span', p(v, 'received'), v.received), true), cell(fig('span', p(v, 'sold'), v.sold), true),
      cell(fig('span', p(v, 'refunded'), v.refunded), true, 'hide-narrow'), cell(fig('span', p(v, 'adjusted'), v.adjusted), true, 'hide-narrow'),
      cell(fig('span', p(v, 'returned'), v.returned), true, 'hide-narrow'), cell(fig('strong', p(v, 'on_hand'), v.on_hand), true)))));
}

// ---- live updates ----------------------------------------------------------------------------

const POLL_MS = 2000;

async function refresh() {
  const events = await getJson('/api/v1/events', 'events');
  if (events) state.events = events;
  const code = state.code;
  if (!code) {
    if (events || !state.shown) renderEvents();
    state.shown = true;
    return;
  }
  const e = state.events.events.find((x) => x.code === code);
  if (!e) { location.hash = '#/'; return; }
  state.event = e;
  const base = '/api/v1/events/' + encodeURIComponent(code);
  const [totals, devices, settlement] = await Promise.all([getJson(base + '/totals', 'totals:' + code),
    getJson(base + '/devices', 'devices:' + code), getJson(base + '/settlement', 'settlement:' + code)]);
  // The ledger only from a server that offers it.
  const stock = state.session.routes.includes('/api/v1/events/{code}/stock') ? await getJson(base + '/stock', 'stock:' + code) : null;
  if (code !== state.code) return;
  if (stock) state.data.stock = stock;
  if (totals) state.data.totals = totals;
  if (devices) { state.data.devices = devices; state.data.devicesAt = Date.now(); }
  if (settlement) state.data.settlement = settlement;
  if (totals || events || !state.shown) renderFigures();
  state.shown = true;
  renderDevices();
  if (settlement) renderSettlement();
  if (stock || settlement) renderStock();
  if (state.auditDevice && devices) await loadAudit();
}

function setLive(ok) {
  const now = Date.now();
  if (ok) { state.lastOk = now; state.lostSince = 0; } else if (!state.lostSince) state.lostSince = state.lastOk || now;
  $('live').classList.toggle('lost', !ok);
  $('live-text').textContent = ok ? t('updated', { t: clock(now) }) : t('offline');
  $('lost').hidden = ok;
  if (!ok) $('lost').textContent = t('lost', { t: clock(state.lostSince) });
  document.querySelectorAll('.kpi, .card').forEach((c) => c.classList.toggle('stale', !ok));
}

// One poll at a time: a tick asked for while one runs makes that one go again when it is done.
let polling = false, pollAgain = false;
async function tick() {
  clearTimeout(state.timer);
  if (!state.session) return;
  if (polling) { pollAgain = true; return; }
  polling = true;
  try {
    await refresh();
    setLive(true);
  } catch (e) {
    if (e instanceof Unauthorized) { polling = false; signedOut(t('sessionEnded')); return; }
    setLive(false);
  }
  polling = false;
  if (pollAgain) { pollAgain = false; tick(); return; }
  if (state.session) state.timer = setTimeout(tick, document.hidden ? POLL_MS * 5 : POLL_MS);
}

// ---- start -----------------------------------------------------------------------------------

function route() {
  if (!state.session) return;
  const m = /^#\/e\/([^/]+)$/.exec(location.hash);
  const code = m ? decodeURIComponent(m[1]) : null;
  if (code !== state.code) { state.data = {}; state.auditDevice = null; ['totals', 'devices', 'settlement', 'stock'].forEach((k) => delete state.tags[k + ':' + code]); }
  state.code = code;
  state.event = null;
  state.shown = false;  // the first poll of a view draws it, whatever the server says changed
  showView(code ? 'event' : 'events');
  applyText();
  $('main').focus({ preventScroll: true });
  tick();
}

async function startSession(listed) {
  if (!listed) { state.tags = {}; state.events = await getJson('/api/v1/events', 'events'); }
  const events = state.events;
  // One event that is on now: straight to it.
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    const now = events.events.filter((e) => stateChip(e, events.server_time_ms).classList.contains('live-now'));
    if (events.events.length === 1 || now.length === 1) { location.hash = '#/e/' + encodeURIComponent((now[0] || events.events[0]).code); return; }
  }
  state.code = undefined;
  route();
}

async function start() {
  applyText();
  $('signin-form').addEventListener('submit', signIn);
  $('signout').addEventListener('click', signOut);
  $('lang').addEventListener('click', () => {
    lang = lang === 'id' ? 'en' : 'id';
    localStorage.setItem('pameran.lang', lang);
    applyText();
    if (state.session && state.events) {
      if (state.code && state.data.totals) { renderFigures(); renderDevices(); renderSettlement(); renderAudit(); } else if (!state.code) renderEvents();
      setLive(!state.lostSince);
    }
  });
  $('vendor-search').addEventListener('input', (e) => { state.filter = e.target.value.trim(); renderVendors(); });
  document.querySelectorAll('#vendor-table th button').forEach((b) => b.addEventListener('click', () => {
    const key = b.parentElement.dataset.sort;
    state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : key === 'name' || key === 'sector' ? 1 : -1 };
    renderVendors();
  }));
  $('target-edit').addEventListener('click', () => {
    $('target-form').hidden = false; $('target-edit').hidden = true; $('target-error').textContent = '';
    $('target-input').value = state.event && state.event.target_idr ? thousands(state.event.target_idr) : '';
    $('target-input').focus();
  });
  const closeTarget = () => { $('target-form').hidden = true; $('target-edit').hidden = false; $('target-edit').focus(); };
  $('target-cancel').addEventListener('click', closeTarget);
  $('target-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = $('target-input').value.replace(/^\s*Rp\s*/i, '').replace(/\./g, '').trim();
    if (!/^\d{1,16}$/.test(text)) { $('target-error').textContent = t('targetBad'); return; }
    try {
      const res = await send('PUT', '/api/v1/events/' + encodeURIComponent(state.code) + '/target', { target_idr: Number(text) });
      if (!res.ok) { $('target-error').textContent = t('targetFail', { e: (await res.json().catch(() => ({}))).error || res.status }); return; }
      closeTarget();
      tick();
    } catch (e) {
      if (e instanceof Unauthorized) signedOut(t('sessionEnded')); else $('target-error').textContent = t('targetFail', { e: t('offline') });
    }
  });
  window.addEventListener('hashchange', route);
  let resized = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resized);
    resized = setTimeout(() => { if (state.code && state.data.totals) renderFigures(); }, 150);
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden && state.session) tick(); });
  // Who is signed in, and the events, in one round trip (the second is refused when nobody is).
  try {
    const [session, events] = await Promise.all([getJson('/api/v1/session'), getJson('/api/v1/events', 'events')]);
    state.session = session;
    state.events = events;
    await startSession(true);
  } catch (e) {
    signedOut('');
  }
}

start();
