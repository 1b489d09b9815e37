#include <fmt/format.h>

#include <map>
#include <set>

#include "db.hpp"
#include "internal.hpp"
#include "pameran/core/ids.hpp"
#include "stock_ledger.hpp"

namespace pameran::core {

std::string_view toString(SyncState s) {
  switch (s) {
    case SyncState::Pending: return "pending";
    case SyncState::Synced: return "synced";
    case SyncState::Quarantined: return "quarantined";
  }
  return "pending";
}

namespace {

struct Checked {
  Event event;
  CartTotals totals;
  TenderSummary tenders;
  bool supervised = false;
};

// The checks a sale must pass, run for the screen (validate) and again inside the commit
// transaction, where stock cannot change under us.
Result<Checked> check(detail::Db& db, const Catalog& catalog, const SaleDraft& draft) {
  Checked c;
  auto event = catalog.currentEvent();
  if (!event) return event.failure();
  c.event = *event;
  if (auto ok = validateCart(draft.cart); !ok) return ok.failure();
  if (draft.cashier.id == 0 || draft.cashier.name.empty()) return fail(Errc::Unauthorized, "nobody is logged in");
  c.totals = computeTotals(draft.cart);
  auto tenders = checkTenders(c.totals.total, draft.tenders);
  if (!tenders) return tenders.failure();
  c.tenders = *tenders;

  const auto thresholdBp = static_cast<std::int32_t>(
      Settings(db).getInt(settings::kDiscountThresholdBp, settings::kDefaultDiscountThresholdBp));
  c.supervised = needsSupervisor(draft.cart, thresholdBp);
  if (c.supervised && !(draft.supervisor && detail::isSupervisor(db, *draft.supervisor)))
    return fail(Errc::NeedsSupervisor, "this discount or price change needs a supervisor's PIN");

  struct Wanted {
    std::int64_t quantity = 0;
    std::string name;
    std::int64_t onHand = 0;
  };
  std::map<std::int64_t, Wanted> wanted;  // by product
  for (const CartLine& line : draft.cart.lines) {
    auto p = db.stmt(
        "SELECT p.active, p.sku, p.price_idr, v.code, v.sector, COALESCE(l.on_hand, 0) FROM product p "
        "JOIN vendor v ON v.id = p.vendor_id JOIN event_vendor ev ON ev.vendor_id = p.vendor_id AND ev.event_id = ? "
        "LEFT JOIN stock_level l ON l.event_id = ev.event_id AND l.product_id = p.id WHERE p.id = ?");
    p.bind(1, c.event.id);
    p.bind(2, line.productId);
    if (!p.executeStep()) return fail(Errc::NotFound, line.name + " is not on sale at this event", {line.name});
    if (p.getColumn(0).getInt() == 0) return fail(Errc::Invalid, line.name + " is no longer on sale", {line.name});
    // The line is the sale's snapshot of the product: a cart filled from an older catalog (or a
    // held cart) must not sell at a price nobody approved or credit another vendor.
    if (line.sku != p.getColumn(1).getString() || line.listPrice.idr() != p.getColumn(2).getInt64() ||
        line.vendorCode != p.getColumn(3).getString() || toString(line.sector) != p.getColumn(4).getString())
      return fail(Errc::Conflict, line.name + " changed in the catalog; take it out of the cart and add it again", {line.name});
    auto& w = wanted[line.productId];
    w.quantity += line.quantity;
    w.name = line.name;
    w.onHand = p.getColumn(5).getInt64();
  }
  if (!detail::allowOversell(db)) {
    for (const auto& [productId, w] : wanted) {
      const std::int64_t have = w.onHand;
      if (w.quantity > have)
        return fail(Errc::OutOfStock, fmt::format("Out of stock: {} ({} left)", w.name, std::max<std::int64_t>(have, 0)),
                    {w.name, std::to_string(std::max<std::int64_t>(have, 0))});
    }
  }
  return c;
}

// The three device settings a sale needs, in one read (Settings::device() makes eight). A key range,
// not `key IN (...)`, which would build a temporary index on every run.
DeviceInfo saleDevice(detail::Db& db) {
  DeviceInfo d;
  d.deviceCode = "K01";
  auto s = db.stmt("SELECT key, value FROM setting WHERE key >= 'device.' AND key < 'device/'");
  while (s.executeStep()) {
    const std::string key = s.getColumn(0).getString();
    std::string value = s.getColumn(1).getString();
    if (key == "device.id") d.deviceId = std::move(value);
    else if (key == "device.code") d.deviceCode = std::move(value);
    else if (key == "device.booth_vendor") d.boothVendorCode = std::move(value);
  }
  return d;
}

SaleRecord buildRecord(const SaleDraft& draft, const Checked& c, const DeviceInfo& device, std::int64_t seq,
                       const std::string& shiftUuid, EpochMs now) {
  SaleRecord r;
  r.uuid = newUuid();
  r.seq = seq;
  r.eventCode = c.event.code;
  r.deviceId = device.deviceId;
  r.deviceCode = device.deviceCode;
  r.boothVendorCode = device.boothVendorCode;
  r.receiptNo = formatReceiptNo(c.event.code, device.deviceCode, seq);
  r.createdAt = now;
  r.cashier = draft.cashier.name;
  r.approvedBy = c.supervised && draft.supervisor ? draft.supervisor->name : std::string();
  r.shiftUuid = shiftUuid;
  r.gross = c.totals.gross;
  r.discount = c.totals.lineDiscount + c.totals.cartDiscount;
  r.total = c.totals.total;
  r.change = c.tenders.change;
  for (std::size_t i = 0; i < draft.cart.lines.size(); ++i) {
    const CartLine& cl = draft.cart.lines[i];
    const LineTotals& lt = c.totals.lines[i];
    r.lines.push_back(SaleLine{static_cast<int>(i + 1), cl.sku, cl.barcode, cl.name, cl.vendorCode, cl.vendorName, cl.sector,
                               cl.listPrice, cl.unitPrice, cl.quantity, lt.gross, lt.lineDiscount, lt.cartDiscountShare, lt.net});
  }
  for (const Tender& t : draft.tenders) {
    SalePayment p;
    p.method = t.method;
    p.amount = t.amount;
    if (t.method == PaymentMethod::Cash) {
      p.tendered = t.tendered.idr() == 0 ? t.amount : t.tendered;
      p.change = p.tendered - p.amount;
    }
    p.reference = t.reference;
    p.account = t.account;
    p.vendorCode = t.vendorCode;
    p.confirmedBy = t.confirmedBy;
    r.payments.push_back(std::move(p));
  }
  return r;
}

constexpr const char* kSaleColumns =
    "id, uuid, seq, receipt_no, (SELECT code FROM event WHERE id = sale.event_id), device_id, device_code, booth_vendor_code, "
    "created_at_ms, cashier, approved_by, (SELECT uuid FROM shift WHERE id = sale.shift_id), gross_idr, discount_idr, "
    "total_idr, change_idr";

// Row readers shared by the single and the batch loads. A header row is kSaleColumns; line and
// payment rows are the columns of kLineColumns and kPaymentColumns from column `first` on.
SaleRecord readSaleHeader(SQLite::Statement& s) {
  SaleRecord r;
  r.uuid = s.getColumn(1).getString();
  r.seq = s.getColumn(2).getInt64();
  r.receiptNo = s.getColumn(3).getString();
  r.eventCode = s.getColumn(4).getString();
  r.deviceId = s.getColumn(5).getString();
  r.deviceCode = s.getColumn(6).getString();
  r.boothVendorCode = s.getColumn(7).getString();
  r.createdAt = s.getColumn(8).getInt64();
  r.cashier = s.getColumn(9).getString();
  r.approvedBy = s.getColumn(10).getString();
  r.shiftUuid = detail::columnText(s, 11);
  r.gross = Rupiah(s.getColumn(12).getInt64());
  r.discount = Rupiah(s.getColumn(13).getInt64());
  r.total = Rupiah(s.getColumn(14).getInt64());
  r.change = Rupiah(s.getColumn(15).getInt64());
  return r;
}

constexpr const char* kLineColumns =
    "line_no, sku, barcode, name, vendor_code, vendor_name, sector, list_price_idr, unit_price_idr, quantity, "
    "gross_idr, line_discount_idr, cart_discount_idr, net_idr";

SaleLine readLine(SQLite::Statement& l, int first) {
  SaleLine line;
  line.lineNo = l.getColumn(first).getInt();
  line.sku = l.getColumn(first + 1).getString();
  line.barcode = l.getColumn(first + 2).getString();
  line.name = l.getColumn(first + 3).getString();
  line.vendorCode = l.getColumn(first + 4).getString();
  line.vendorName = l.getColumn(first + 5).getString();
  line.sector = parseSector(l.getColumn(first + 6).getString()).value_or(Sector::Kriya);
  line.listPrice = Rupiah(l.getColumn(first + 7).getInt64());
  line.unitPrice = Rupiah(l.getColumn(first + 8).getInt64());
  line.quantity = l.getColumn(first + 9).getInt64();
  line.gross = Rupiah(l.getColumn(first + 10).getInt64());
  line.lineDiscount = Rupiah(l.getColumn(first + 11).getInt64());
  line.cartDiscount = Rupiah(l.getColumn(first + 12).getInt64());
  line.net = Rupiah(l.getColumn(first + 13).getInt64());
  return line;
}

constexpr const char* kPaymentColumns = "method, amount_idr, tendered_idr, change_idr, reference, account, vendor_code, confirmed_by";

SalePayment readPayment(SQLite::Statement& p, int first) {
  SalePayment pay;
  pay.method = parsePaymentMethod(p.getColumn(first).getString()).value_or(PaymentMethod::Cash);
  pay.amount = Rupiah(p.getColumn(first + 1).getInt64());
  pay.tendered = Rupiah(p.getColumn(first + 2).getInt64());
  pay.change = Rupiah(p.getColumn(first + 3).getInt64());
  pay.reference = p.getColumn(first + 4).getString();
  const std::string account = p.getColumn(first + 5).getString();
  pay.account = account == "vendor" ? QrisAccount::Vendor : account == "organizer" ? QrisAccount::Organizer : QrisAccount::None;
  pay.vendorCode = p.getColumn(first + 6).getString();
  pay.confirmedBy = p.getColumn(first + 7).getString();
  return pay;
}

Result<SaleRecord> loadSale(detail::Db& db, const char* whereClause, const std::string& key) {
  auto s = db.stmt(fmt::format("SELECT {} FROM sale WHERE {}", kSaleColumns, whereClause).c_str());
  s.bind(1, key);
  if (!s.executeStep()) return fail(Errc::NotFound, "no sale " + key, {key});
  const std::int64_t id = s.getColumn(0).getInt64();
  SaleRecord r = readSaleHeader(s);

  auto l = db.stmt(fmt::format("SELECT {} FROM sale_line WHERE sale_id = ? ORDER BY line_no", kLineColumns).c_str());
  l.bind(1, id);
  while (l.executeStep()) r.lines.push_back(readLine(l, 0));
  auto p = db.stmt(fmt::format("SELECT {} FROM sale_payment WHERE sale_id = ? ORDER BY idx", kPaymentColumns).c_str());
  p.bind(1, id);
  while (p.executeStep()) r.payments.push_back(readPayment(p, 0));
  return r;
}

}  // namespace

Result<void> Sales::validate(const SaleDraft& draft) const {
  try {
    Catalog catalog(m_db);
    auto c = check(m_db, catalog, draft);
    if (!c) return c.failure();
    return {};
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "check sale"));
  }
}

Result<SaleRecord> Sales::commit(const SaleDraft& draft) {
  return m_db.write([&]() -> Result<SaleRecord> {
    Catalog catalog(m_db);
    auto c = check(m_db, catalog, draft);
    if (!c) return c.failure();
    const detail::OpenShift shift = detail::ensureOpenShift(m_db, c->event.id, draft.cashier.name);
    // UPDATE then SELECT rather than RETURNING, which makes SQLite build a temporary table.
    if (m_db.stmt("UPDATE device_counter SET last_seq = last_seq + 1 WHERE id = 1").exec() != 1)
      return fail(Errc::Storage, "device counter missing");
    auto seqStmt = m_db.stmt("SELECT last_seq FROM device_counter WHERE id = 1");
    if (!seqStmt.executeStep()) return fail(Errc::Storage, "device counter missing");
    const std::int64_t seq = seqStmt.getColumn(0).getInt64();
    const SaleRecord r = buildRecord(draft, *c, saleDevice(m_db), seq, shift.uuid, m_db.now());
    if (auto ok = validateSaleRecord(r); !ok) return ok.failure();

    auto ins = m_db.stmt(
        "INSERT INTO sale (uuid, seq, receipt_no, event_id, shift_id, device_id, device_code, booth_vendor_code, created_at_ms, "
        "cashier, approved_by, items, gross_idr, discount_idr, total_idr, change_idr) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, r.uuid);
    ins.bind(2, r.seq);
    ins.bind(3, r.receiptNo);
    ins.bind(4, c->event.id);
    ins.bind(5, shift.id);
    ins.bind(6, r.deviceId);
    ins.bind(7, r.deviceCode);
    ins.bind(8, r.boothVendorCode);
    ins.bind(9, r.createdAt);
    ins.bind(10, r.cashier);
    ins.bind(11, r.approvedBy);
    ins.bind(12, c->totals.items);
    ins.bind(13, r.gross.idr());
    ins.bind(14, r.discount.idr());
    ins.bind(15, r.total.idr());
    ins.bind(16, r.change.idr());
    ins.exec();
    const std::int64_t saleId = m_db.conn.getLastInsertRowid();

    for (std::size_t i = 0; i < r.lines.size(); ++i) {
      const SaleLine& l = r.lines[i];
      const CartLine& cl = draft.cart.lines[i];
      auto li = m_db.stmt(
          "INSERT INTO sale_line (sale_id, line_no, product_id, sku, barcode, name, vendor_code, vendor_name, sector, "
          "list_price_idr, unit_price_idr, quantity, gross_idr, line_discount_idr, cart_discount_idr, net_idr) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      li.bind(1, saleId);
      li.bind(2, l.lineNo);
      li.bind(3, cl.productId);
      li.bind(4, l.sku);
      li.bind(5, l.barcode);
      li.bind(6, l.name);
      li.bind(7, l.vendorCode);
      li.bind(8, l.vendorName);
      li.bind(9, std::string(toString(l.sector)));
      li.bind(10, l.listPrice.idr());
      li.bind(11, l.unitPrice.idr());
      li.bind(12, l.quantity);
      li.bind(13, l.gross.idr());
      li.bind(14, l.lineDiscount.idr());
      li.bind(15, l.cartDiscount.idr());
      li.bind(16, l.net.idr());
      li.exec();
      detail::moveStock(m_db, c->event.id, cl.productId, MovementKind::Sale, -l.quantity, {}, r.cashier, r.uuid);
      if (l.unitPrice != l.listPrice)
        m_db.audit(r.approvedBy, "price_override", r.receiptNo, l.name,
                   fmt::format("{} -> {}", formatRupiah(l.listPrice), formatRupiah(l.unitPrice)));
    }
    for (std::size_t i = 0; i < r.payments.size(); ++i) {
      const SalePayment& p = r.payments[i];
      auto pi = m_db.stmt(
          "INSERT INTO sale_payment (sale_id, idx, method, amount_idr, tendered_idr, change_idr, reference, account, "
          "vendor_code, confirmed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      pi.bind(1, saleId);
      pi.bind(2, static_cast<std::int64_t>(i + 1));
      pi.bind(3, std::string(toString(p.method)));
      pi.bind(4, p.amount.idr());
      pi.bind(5, p.tendered.idr());
      pi.bind(6, p.change.idr());
      pi.bind(7, p.reference);
      pi.bind(8, std::string(toString(p.account)));
      pi.bind(9, p.vendorCode);
      pi.bind(10, p.confirmedBy);
      pi.exec();
    }
    if (c->supervised && r.discount.idr() > 0)
      m_db.audit(r.approvedBy, "discount_override", r.receiptNo, "",
                 fmt::format("discount {} of {}", formatRupiah(r.discount), formatRupiah(r.gross)));
    m_db.applyDelta(c->event.id, deltaForSale(r, EventClock{c->event.tzOffsetMinutes, c->event.cutoffHour}));
    m_db.enqueue(OutboxKind::Sale, r.uuid);
    return r;
  });
}

Result<SaleRecord> Sales::byUuid(std::string_view uuid) const {
  try {
    return loadSale(m_db, "uuid = ?", std::string(uuid));
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "read sale"));
  }
}

Result<std::map<std::string, SaleRecord>> Sales::byUuids(const std::vector<std::string>& uuids) const {
  try {
    // Three reads for the whole set (ids go in as one JSON array), not three per sale: the sync
    // uploader loads a hundred sales per batch.
    std::string ids = "[";
    for (const std::string& u : uuids) {
      if (u.find_first_of("\"\\") != std::string::npos) continue;  // not an id; it cannot match
      if (ids.size() > 1) ids += ',';
      ids += '"' + u + '"';
    }
    ids += ']';
    std::map<std::string, SaleRecord> out;
    std::map<std::int64_t, SaleRecord*> byId;
    auto s = m_db.stmt(
        fmt::format("SELECT {} FROM sale WHERE uuid IN (SELECT value FROM json_each(?))", kSaleColumns).c_str());
    s.bind(1, ids);
    while (s.executeStep()) {
      SaleRecord r = readSaleHeader(s);
      const std::string uuid = r.uuid;
      byId[s.getColumn(0).getInt64()] = &(out[uuid] = std::move(r));
    }
    auto l = m_db.stmt(
        fmt::format("SELECT sale_id, {} FROM sale_line WHERE sale_id IN (SELECT id FROM sale WHERE uuid IN "
                    "(SELECT value FROM json_each(?))) ORDER BY sale_id, line_no",
                    kLineColumns)
            .c_str());
    l.bind(1, ids);
    while (l.executeStep())
      if (auto it = byId.find(l.getColumn(0).getInt64()); it != byId.end()) it->second->lines.push_back(readLine(l, 1));
    auto p = m_db.stmt(
        fmt::format("SELECT sale_id, {} FROM sale_payment WHERE sale_id IN (SELECT id FROM sale WHERE uuid IN "
                    "(SELECT value FROM json_each(?))) ORDER BY sale_id, idx",
                    kPaymentColumns)
            .c_str());
    p.bind(1, ids);
    while (p.executeStep())
      if (auto it = byId.find(p.getColumn(0).getInt64()); it != byId.end()) it->second->payments.push_back(readPayment(p, 1));
    return out;
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "read sales"));
  }
}

Result<SaleRecord> Sales::byReceipt(std::string_view receiptNo) const {
  try {
    return loadSale(m_db, "receipt_no = ? COLLATE NOCASE", std::string(receiptNo));
  } catch (const std::exception& e) {
    return fail(detail::storageError(e, "read sale"));
  }
}

std::vector<SaleSummary> Sales::list(std::int64_t eventId, EpochMs from, EpochMs to, std::size_t limit) const {
  std::vector<SaleSummary> out;
  auto s = m_db.stmt(
      "SELECT s.uuid, s.receipt_no, s.created_at_ms, s.cashier, s.items, s.total_idr, s.refunded_idr, s.voided, "
      "  (SELECT group_concat(method, '+') FROM (SELECT DISTINCT method FROM sale_payment WHERE sale_id = s.id)), "
      "  COALESCE((SELECT state FROM outbox o WHERE o.kind = 'sale' AND o.uuid = s.uuid), 'pending') "
      "FROM sale s WHERE s.event_id = ? AND s.created_at_ms >= ? AND s.created_at_ms < ? "
      "ORDER BY s.created_at_ms DESC, s.seq DESC LIMIT ?");
  s.bind(1, eventId);
  s.bind(2, from);
  s.bind(3, to);
  s.bind(4, static_cast<std::int64_t>(limit));
  while (s.executeStep()) {
    SaleSummary x;
    x.uuid = s.getColumn(0).getString();
    x.receiptNo = s.getColumn(1).getString();
    x.createdAt = s.getColumn(2).getInt64();
    x.cashier = s.getColumn(3).getString();
    x.items = s.getColumn(4).getInt64();
    x.total = Rupiah(s.getColumn(5).getInt64());
    x.refunded = Rupiah(s.getColumn(6).getInt64());
    x.voided = s.getColumn(7).getInt() != 0;
    x.methods = detail::columnText(s, 8);
    const std::string state = s.getColumn(9).getString();
    x.sync = state == "synced" ? SyncState::Synced : state == "quarantined" ? SyncState::Quarantined : SyncState::Pending;
    out.push_back(std::move(x));
  }
  return out;
}

std::int64_t Sales::count(std::int64_t eventId) const {
  auto s = m_db.stmt("SELECT COUNT(*) FROM sale WHERE event_id = ?");
  s.bind(1, eventId);
  s.executeStep();
  return s.getColumn(0).getInt64();
}

std::map<int, std::int64_t> Sales::refundedQuantities(std::string_view saleUuid) const {
  std::map<int, std::int64_t> out;
  auto s = m_db.stmt(
      "SELECT l.line_no, l.refunded_qty FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE s.uuid = ? AND l.refunded_qty > 0");
  s.bind(1, std::string(saleUuid));
  while (s.executeStep()) out[s.getColumn(0).getInt()] = s.getColumn(1).getInt64();
  return out;
}

namespace {

constexpr const char* kRefundColumns =
    "r.id, r.uuid, s.uuid, s.receipt_no, (SELECT code FROM event WHERE id = s.event_id), s.device_id, r.created_at_ms, "
    "r.is_void, r.reason, r.staff, r.approved_by, r.method, r.total_idr";

RefundRecord readRefund(detail::Db& db, SQLite::Statement& s) {
  RefundRecord r;
  const std::int64_t id = s.getColumn(0).getInt64();
  r.uuid = s.getColumn(1).getString();
  r.saleUuid = s.getColumn(2).getString();
  r.receiptNo = s.getColumn(3).getString();
  r.eventCode = s.getColumn(4).getString();
  r.deviceId = s.getColumn(5).getString();
  r.createdAt = s.getColumn(6).getInt64();
  r.isVoid = s.getColumn(7).getInt() != 0;
  r.reason = s.getColumn(8).getString();
  r.staff = s.getColumn(9).getString();
  r.approvedBy = s.getColumn(10).getString();
  r.method = parsePaymentMethod(s.getColumn(11).getString()).value_or(PaymentMethod::Cash);
  r.total = Rupiah(s.getColumn(12).getInt64());
  auto l = db.stmt("SELECT line_no, quantity, amount_idr, restock FROM refund_line WHERE refund_id = ? ORDER BY line_no");
  l.bind(1, id);
  while (l.executeStep())
    r.lines.push_back(RefundLine{l.getColumn(0).getInt(), l.getColumn(1).getInt64(), Rupiah(l.getColumn(2).getInt64()),
                                 l.getColumn(3).getInt() != 0});
  return r;
}

}  // namespace

std::vector<RefundRecord> Sales::refundsOf(std::string_view saleUuid) const {
  std::vector<std::string> uuids;
  auto s = m_db.stmt("SELECT r.uuid FROM refund r JOIN sale s ON s.id = r.sale_id WHERE s.uuid = ? ORDER BY r.id");
  s.bind(1, std::string(saleUuid));
  while (s.executeStep()) uuids.push_back(s.getColumn(0).getString());
  std::vector<RefundRecord> out;
  for (const std::string& u : uuids)
    if (auto r = refundByUuid(u)) out.push_back(std::move(*r));
  return out;
}

Result<RefundRecord> Sales::refundByUuid(std::string_view uuid) const {
  auto s = m_db.stmt(
      fmt::format("SELECT {} FROM refund r JOIN sale s ON s.id = r.sale_id WHERE r.uuid = ?", kRefundColumns).c_str());
  s.bind(1, std::string(uuid));
  if (!s.executeStep()) return fail(Errc::NotFound, "no refund " + std::string(uuid));
  return readRefund(m_db, s);
}

Result<RefundRecord> Sales::refund(const RefundDraft& draft) {
  if (draft.reason.empty() || draft.reason.size() > kMaxTextLength || !isCleanUtf8(draft.reason))
    return fail(Errc::Invalid, "a refund needs a reason");
  if (!draft.isVoid && draft.lines.empty()) return fail(Errc::Invalid, "choose what to refund");
  return m_db.write([&]() -> Result<RefundRecord> {
    if (!draft.supervisor || !detail::isSupervisor(m_db, *draft.supervisor))
      return fail(Errc::NeedsSupervisor, "a refund needs a supervisor's PIN");
    auto sale = loadSale(m_db, "uuid = ?", draft.saleUuid);
    if (!sale) return sale.failure();
    auto st = m_db.stmt("SELECT id, event_id, shift_id, voided, refunded_idr FROM sale WHERE uuid = ?");
    st.bind(1, draft.saleUuid);
    st.executeStep();
    const std::int64_t saleId = st.getColumn(0).getInt64();
    const std::int64_t eventId = st.getColumn(1).getInt64();
    const std::int64_t saleShift = st.getColumn(2).isNull() ? 0 : st.getColumn(2).getInt64();
    const bool voided = st.getColumn(3).getInt() != 0;
    const std::int64_t refundedSoFar = st.getColumn(4).getInt64();
    st.reset();
    if (voided) return fail(Errc::Conflict, "sale " + sale->receiptNo + " was voided", {sale->receiptNo});

    std::map<int, std::int64_t> already;
    auto rq = m_db.stmt("SELECT line_no, refunded_qty FROM sale_line WHERE sale_id = ?");
    rq.bind(1, saleId);
    while (rq.executeStep()) already[rq.getColumn(0).getInt()] = rq.getColumn(1).getInt64();

    RefundRecord r;
    r.uuid = newUuid();
    r.saleUuid = sale->uuid;
    r.receiptNo = sale->receiptNo;
    r.eventCode = sale->eventCode;
    r.deviceId = Settings(m_db).device().deviceId;
    r.createdAt = m_db.now();
    r.isVoid = draft.isVoid;
    r.reason = draft.reason;
    r.staff = draft.staff.name;
    r.approvedBy = draft.supervisor->name;
    r.method = draft.method;

    const auto open = detail::findOpenShift(m_db, eventId);
    if (draft.isVoid) {
      if (refundedSoFar > 0) return fail(Errc::Conflict, "sale " + sale->receiptNo + " already has refunds; refund the rest instead");
      if (!open || open->id != saleShift)
        return fail(Errc::Conflict, "only a sale of the open shift can be voided; refund it instead");
      r.method = sale->payments.empty() ? PaymentMethod::Cash : sale->payments.front().method;
      for (const SaleLine& l : sale->lines) r.lines.push_back(RefundLine{l.lineNo, l.quantity, l.net, true});
      r.total = sale->total;
    } else {
      std::set<int> seen;
      for (const RefundRequestLine& req : draft.lines) {
        if (req.lineNo < 1 || static_cast<std::size_t>(req.lineNo) > sale->lines.size())
          return fail(Errc::Invalid, fmt::format("sale {} has no line {}", sale->receiptNo, req.lineNo));
        if (!seen.insert(req.lineNo).second) return fail(Errc::Invalid, fmt::format("line {} is listed twice", req.lineNo));
        const SaleLine& l = sale->lines[static_cast<std::size_t>(req.lineNo - 1)];
        const std::int64_t left = l.quantity - already[req.lineNo];
        if (req.quantity < 1 || req.quantity > left)
          return fail(Errc::Invalid, fmt::format("{}: {} can still be refunded, not {}", l.name, left, req.quantity),
                      {l.name, std::to_string(left)});
        const Rupiah amount = refundShare(l, already[req.lineNo], req.quantity);
        r.lines.push_back(RefundLine{req.lineNo, req.quantity, amount, req.restock});
        r.total += amount;
      }
    }
    if (auto ok = validateRefundRecord(r); !ok) return ok.failure();

    const detail::OpenShift shift = open ? *open : detail::ensureOpenShift(m_db, eventId, draft.staff.name);
    auto ins = m_db.stmt(
        "INSERT INTO refund (uuid, sale_id, shift_id, is_void, reason, staff, approved_by, method, total_idr, created_at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, r.uuid);
    ins.bind(2, saleId);
    ins.bind(3, shift.id);
    ins.bind(4, r.isVoid ? 1 : 0);
    ins.bind(5, r.reason);
    ins.bind(6, r.staff);
    ins.bind(7, r.approvedBy);
    ins.bind(8, std::string(toString(r.method)));
    ins.bind(9, r.total.idr());
    ins.bind(10, r.createdAt);
    ins.exec();
    const std::int64_t refundId = m_db.conn.getLastInsertRowid();
    for (const RefundLine& rl : r.lines) {
      auto li = m_db.stmt("INSERT INTO refund_line (refund_id, line_no, quantity, amount_idr, restock) VALUES (?, ?, ?, ?, ?)");
      li.bind(1, refundId);
      li.bind(2, rl.lineNo);
      li.bind(3, rl.quantity);
      li.bind(4, rl.amount.idr());
      li.bind(5, rl.restock ? 1 : 0);
      li.exec();
      auto up = m_db.stmt("UPDATE sale_line SET refunded_qty = refunded_qty + ? WHERE sale_id = ? AND line_no = ?");
      up.bind(1, rl.quantity);
      up.bind(2, saleId);
      up.bind(3, rl.lineNo);
      up.exec();
      if (rl.restock) {
        auto pid = m_db.stmt("SELECT product_id FROM sale_line WHERE sale_id = ? AND line_no = ?");
        pid.bind(1, saleId);
        pid.bind(2, rl.lineNo);
        if (pid.executeStep() && !pid.getColumn(0).isNull()) {
          const std::int64_t productId = pid.getColumn(0).getInt64();
          pid.reset();
          detail::moveStock(m_db, eventId, productId, r.isVoid ? MovementKind::Void : MovementKind::Refund, rl.quantity,
                            r.reason, r.staff, r.uuid);
        }
      }
    }
    auto us = m_db.stmt(r.isVoid ? "UPDATE sale SET voided = 1 WHERE id = ?"
                                               : "UPDATE sale SET refunded_idr = refunded_idr + ? WHERE id = ?");
    if (r.isVoid) {
      us.bind(1, saleId);
    } else {
      us.bind(1, r.total.idr());
      us.bind(2, saleId);
    }
    us.exec();
    m_db.audit(r.approvedBy, r.isVoid ? "void" : "refund", r.receiptNo, r.reason,
               fmt::format("{} by {}, {} line(s){}", formatRupiah(r.total), r.staff, r.lines.size(),
                           r.isVoid ? "" : std::string(", paid back by ") + std::string(toString(r.method))));
    m_db.applyDelta(eventId, deltaForRefund(r, *sale, m_db.clockOf(eventId)));
    m_db.enqueue(OutboxKind::Refund, r.uuid);
    return r;
  });
}

}  // namespace pameran::core
