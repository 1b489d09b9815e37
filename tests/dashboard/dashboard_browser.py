#!/usr/bin/python3
"""The organizer dashboard in a real browser (headless Chromium through Selenium) against a real
pameran-server on loopback, with real kiosks enrolling, selling and syncing (pameran-kiosk).

It signs in by typing the token, checks every data-figure on the page against the server's JSON,
makes a sale on a kiosk and syncs it, waits for the page to change without a reload, switches to
English, checks that the page asked for nothing outside the server and that the token is nowhere
it should not be, signs out, and keeps screenshots at 390x844 and 1920x1080.

Usage: dashboard_browser.py PAMERAN_SERVER PAMERAN_KIOSK SOURCE_DIR OUT_DIR [--bench]
With --bench it prints the measured figures (upload to figure change, page weight, first render).
"""
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

SERVER, KIOSK, SOURCE, OUT = sys.argv[1:5]
BENCH = '--bench' in sys.argv[5:]
EVENT = 'DEPOK-2026'
KIOSKS = 3
failures = []


def check(ok, what):
    print(('ok   ' if ok else 'FAIL ') + what, flush=True)
    if not ok:
        failures.append(what)


def run(*args, **kw):
    r = subprocess.run(list(args), capture_output=True, text=True, timeout=kw.pop('timeout', 120), **kw)
    if r.returncode != 0:
        raise SystemExit(f'command failed ({r.returncode}): {" ".join(args)}\n{r.stderr}')
    return r.stdout


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---- formatting as DESIGN.md (and the page) writes it ------------------------------------------

def thousands(n):
    return f'{abs(n):,}'.replace(',', '.')


def figure(field, n):
    text = thousands(n)
    if field.endswith('_idr'):
        return ('-Rp ' if n < 0 else 'Rp ') + text
    return ('-' if n < 0 else '') + text


def expected(name, totals, devices, settlement, events, stock=None):
    """The value a data-figure names: `net_idr`, `by_vendor.V01.net_idr`, `settlement.V01.owed_to_vendor_idr`,
    `devices.K01.missing_count`, `events.CODE.net_idr`, `target_idr`, `stock.V01.on_hand`."""
    parts = name.split('.')
    if len(parts) == 1:
        if name == 'target_idr':
            return next(e for e in events['events'] if e['code'] == EVENT)['target_idr']
        return totals[name]
    section, key, field = parts[0], '.'.join(parts[1:-1]), parts[-1]
    keys = {'by_vendor': 'vendor_code', 'by_sector': 'sector', 'by_payment': 'method', 'by_day': 'date',
            'by_hour': 'hour', 'by_device': 'device_code', 'top_products': 'sku'}
    if section in keys:
        rows = totals[section]
        return next(r for r in rows if str(r[keys[section]]) == key)[field]
    if section == 'settlement':
        return next(r for r in settlement['vendors'] if r['vendor_code'] == key)[field]
    if section == 'devices':
        return next(r for r in devices['devices'] if r['device_code'] == key)[field]
    if section == 'events':
        return next(r for r in events['events'] if r['code'] == key)[field]
    if section == 'stock' and stock is not None:
        return next(r for r in stock['vendors'] if r['vendor_code'] == key)[field]
    raise KeyError(name)



def click_fresh(driver, css, tries=10):
    """Clicks the element `css` names, finding it again when a poll redrew it between the find and
    the click (the page redraws a table whose figures moved)."""
    from selenium.common.exceptions import StaleElementReferenceException
    for _ in range(tries - 1):
        try:
            driver.find_element(By.CSS_SELECTOR, css).click()
            return
        except StaleElementReferenceException:
            time.sleep(0.1)
    driver.find_element(By.CSS_SELECTOR, css).click()

def main():
    work = tempfile.mkdtemp(prefix='pameran-dashboard-')
    os.makedirs(OUT, exist_ok=True)
    server = None
    driver = None
    try:
        db = os.path.join(work, 'server.db')
        wib = time.time() + 7 * 3600
        today = time.strftime('%Y-%m-%d', time.gmtime(wib))
        first = time.strftime('%Y-%m-%d', time.gmtime(wib - 2 * 86400))
        run(SERVER, 'event', 'create', '--db', db, '--code', EVENT, '--name', 'Pameran Kriya Dekranasda Depok',
            '--venue', 'Balai Kota Depok', '--start', first, '--end', today)
        run(SERVER, 'catalog', 'import', '--db', db, '--event', EVENT,
            '--vendors', os.path.join(SOURCE, 'assets/demo/vendors.csv'),
            '--products', os.path.join(SOURCE, 'assets/demo/products.csv'))
        token = run(SERVER, 'token', 'create', '--db', db, '--role', 'organizer', '--name', 'Ketua Dekranasda').split()[-1]
        codes = [run(SERVER, 'device', 'enroll', '--db', db, '--event', EVENT, '--name', f'Kios {i + 1}',
                     '--booth', f'B0{i + 1}').split()[-1] for i in range(KIOSKS)]
        port = free_port()
        base = f'http://127.0.0.1:{port}'
        access_log = os.path.join(work, 'access.log')

        def start_server():
            p = subprocess.Popen([SERVER, 'serve', '--db', db, '--listen', f'127.0.0.1:{port}', '--access-log', access_log],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(200):
                try:
                    urllib.request.urlopen(base + '/api/v1/health', timeout=1)
                    break
                except OSError:
                    time.sleep(0.05)
            return p
        server = start_server()

        kiosks = [os.path.join(work, f'kiosk{i + 1}.db') for i in range(KIOSKS)]
        # The kiosks sold over the last three days at different hours: their clocks say so (faketime);
        # the sales still go to the event the kiosk enrolled in, whatever its clock.
        midnight_wib = int(wib // 86400 * 86400) - 7 * 3600
        for i, k in enumerate(kiosks):
            run(KIOSK, 'enroll', '--db', k, '--server', base, '--code', codes[i])
            for j, (day, hour) in enumerate([(2, 10), (2, 15), (1, 11), (1, 13), (1, 19), (0, 9)]):
                at = min(time.time() - 60, midnight_wib - day * 86400 + (hour + i) * 3600)
                run('faketime', '-f', '@' + time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(at)), KIOSK, 'simulate', '--db', k,
                    '--sales', str(4 + 2 * i + j), '--seed', str(10 * i + j + 1))
            if i == 1:  # issue 8: this kiosk's audit log was doctored before it synced
                with sqlite3.connect(k) as con:
                    con.execute('DROP TRIGGER audit_log_no_update')  # what someone editing the file by hand does first
                    altered = con.execute("UPDATE audit_log SET reason = 'diubah' WHERE id = 1").rowcount
                con.close()
                check(altered == 1, 'kiosk 2 has an audit entry to alter')
            run(KIOSK, 'sync', '--db', k, '--once')

        def api(path):
            req = urllib.request.Request(base + path, headers={'Authorization': 'Bearer ' + token})
            with urllib.request.urlopen(req, timeout=10) as r:
                return json.loads(r.read())

        options = webdriver.ChromeOptions()
        options.binary_location = '/usr/bin/chromium'
        profile = os.path.join(work, 'chromium-profile')
        for arg in ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
                    '--hide-scrollbars', '--window-size=1920,1080', '--user-data-dir=' + profile, '--lang=id-ID']:
            options.add_argument(arg)
        options.set_capability('goog:loggingPrefs', {'performance': 'ALL', 'browser': 'ALL'})
        driver = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=options)
        viewport(driver, 1920, 1080)
        driver.execute_cdp_cmd('Network.enable', {})
        driver.execute_cdp_cmd('Network.setCacheDisabled', {'cacheDisabled': True})

        started = time.monotonic()
        driver.get(base + '/')
        check(driver.current_url == base + '/dashboard/', 'GET / leads to /dashboard/')
        first_render_ms = driver.execute_script(
            "const p = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');"
            "return p ? p.startTime : null;")
        weight = page_weight(base)
        check(weight['raw'] < 300_000, f'the page weighs {weight["raw"]} bytes ({weight["gzip"]} gzipped), under 300 KB')
        token_input = wait_for(driver, lambda: visible(driver, 'input[name=token]'), 'the sign-in form')
        driver.find_element(By.CSS_SELECTOR, '#signin-form button[type=submit]')
        token_input.send_keys(token)
        driver.find_element(By.CSS_SELECTOR, '#signin-form button[type=submit]').click()
        wait_for(driver, lambda: figure_text(driver, 'net_idr') not in ('', None), 'the figures after sign-in')
        wait_for(driver, lambda: driver.find_elements(By.CSS_SELECTOR, '[data-figure^="settlement."]'), 'the settlement')
        driver.execute_script('window.__notReloaded = true;')

        totals, devices, settlement, events = (api(f'/api/v1/events/{EVENT}/totals'), api(f'/api/v1/events/{EVENT}/devices'),
                                               api(f'/api/v1/events/{EVENT}/settlement'), api('/api/v1/events'))
        check(totals['sales_count'] > 0, f'kiosks synced {totals["sales_count"]} sales')
        # Issue 11: the consignment ledger's card, per vendor that moved goods, unit for unit the JSON's.
        stock = api(f'/api/v1/events/{EVENT}/stock')
        moved = [v for v in stock['vendors'] if v['received'] or v['sold'] or v['returned'] or v['on_hand']]
        check(bool(moved) and sum(v['sold'] for v in stock['vendors']) > 0, f'the ledger has {len(moved)} vendors with goods, units sold')
        wait_for(driver, lambda: driver.find_elements(By.CSS_SELECTOR, '[data-figure^="stock."]'), 'the consignment card')
        check_figures(driver, totals, devices, settlement, events, stock)
        check(all(figure_text(driver, f'stock.{v["vendor_code"]}.{f}') == figure(f, v[f])
                  for v in moved for f in ('received', 'sold', 'refunded', 'adjusted', 'returned', 'on_hand')),
              f'the consignment card shows every column of all {len(moved)} vendors as the JSON')
        check(all(v['on_hand'] == v['received'] - v['sold'] + v['refunded'] + v['adjusted'] - v['returned'] for v in stock['vendors']),
              'each vendor line of the ledger adds up')
        check(all(p['on_hand'] == p['received'] - p['sold'] + p['refunded'] + p['adjusted'] - p['returned'] for p in stock['products']),
              'every product\'s on hand is received - sold + refunded + adjusted - returned')
        kinds = {f.split('.')[0] for f in all_figures(driver)}
        for k in ['net_idr', 'sales_count', 'items_sold', 'refund_idr', 'by_vendor', 'by_sector', 'by_payment', 'by_day',
                  'by_hour', 'devices', 'settlement', 'stock']:
            check(k in kinds, f'the page shows {k}')
        check(len([f for f in all_figures(driver) if f.startswith('by_vendor.') and f.endswith('.net_idr')]) == len(totals['by_vendor']),
              'every vendor has a row')
        # Issue 8: the doctored kiosk is flagged red, naming its first bad entry; a click lists its
        # privileged actions, the altered one marked.
        audits = {d['device_code']: d for d in devices['devices']}
        check(audits['K02']['audit'] == 'broken' and audits['K02']['audit_first_bad'] == 1,
              f'the server names K02\'s first bad audit entry ({audits["K02"].get("audit")}, {audits["K02"].get("audit_first_bad")})')
        check(all(d['audit'] == 'ok' for c, d in audits.items() if c != 'K02'), 'the other kiosks\' audit logs are intact')
        chip = driver.find_element(By.CSS_SELECTOR, '[data-audit="K02"]')
        cell = chip.find_element(By.XPATH, './ancestor::td')
        check('bad' in chip.get_attribute('class') and 'sejak no. 1' in cell.text, f'K02 is flagged red, naming entry 1 ({cell.text})')
        check(all('good' in driver.find_element(By.CSS_SELECTOR, f'[data-audit="{c}"]').get_attribute('class') for c in audits if c != 'K02'),
              'the others are green')
        click_fresh(driver, '[data-audit-open="K02"]')
        rows = wait_for(driver, lambda: driver.find_elements(By.CSS_SELECTOR, '#device-audit [data-audit-entry]'), 'K02\'s actions')
        entries = api(f'/api/v1/events/{EVENT}/devices/K02/audit?limit=100')['entries']
        check(bool(rows) and len(rows) == len(entries) and rows[0].get_attribute('data-audit-entry') == str(entries[0]['id']),
              f'K02\'s {len(entries)} actions are listed, newest first')
        bad = driver.find_element(By.CSS_SELECTOR, '#device-audit [data-audit-entry="1"]')
        check('flag-bad' in bad.get_attribute('class') and 'diubah' in bad.text, 'the altered entry is marked')
        driver.execute_script('window.scrollTo(0, 0);')
        check_accessible(driver)
        driver.save_screenshot(os.path.join(OUT, 'dashboard-1920x1080.png'))
        full_page(driver, os.path.join(OUT, 'dashboard-1920x1080-full.png'))

        # A target set from the page (a state-changing request: session cookie + CSRF header).
        driver.find_element(By.ID, 'target-edit').click()
        driver.find_element(By.ID, 'target-input').send_keys('25.000.000')
        driver.find_element(By.CSS_SELECTOR, '#target-form button[type=submit]').click()
        wait_for(driver, lambda: figure_text(driver, 'target_idr') == 'Rp 25.000.000', 'the target on the page')
        check(api('/api/v1/events')['events'][0]['target_idr'] == 25_000_000, 'the target was stored')

        # A sale on a kiosk, synced: the page follows by itself.
        before = figure_text(driver, 'net_idr')
        run(KIOSK, 'simulate', '--db', kiosks[0], '--sales', '1', '--seed', '4242')
        t0 = time.monotonic()
        run(KIOSK, 'sync', '--db', kiosks[0], '--once')
        synced = time.monotonic()
        after_totals = api(f'/api/v1/events/{EVENT}/totals')
        want = figure('net_idr', after_totals['net_idr'])
        check(want != before, 'the new sale changes the net')
        changed = wait_for(driver, lambda: figure_text(driver, 'net_idr') == want, 'the net after a new sale', timeout=10)
        follow_s = time.monotonic() - synced
        check(changed and follow_s < 5, f'the page showed the new net {follow_s:.2f} s after the upload (within 5 s)')
        check(driver.execute_script('return window.__notReloaded === true;'), 'without a reload')
        after_stock = api(f'/api/v1/events/{EVENT}/stock')
        check(sum(v['sold'] for v in after_stock['vendors']) > sum(v['sold'] for v in stock['vendors']), 'the new sale moves the ledger')
        check_figures(driver, after_totals, api(f'/api/v1/events/{EVENT}/devices'), api(f'/api/v1/events/{EVENT}/settlement'),
                      api('/api/v1/events'), after_stock)

        # English, and the phone.
        driver.find_element(By.ID, 'lang').click()
        check(driver.find_element(By.TAG_NAME, 'html').get_attribute('lang') == 'en', 'the English switch sets lang=en')
        check(driver.find_element(By.ID, 'k-net').text == 'Net sales', 'headings in English')
        full_page(driver, os.path.join(OUT, 'dashboard-1920x1080-en-full.png'))
        driver.find_element(By.ID, 'lang').click()
        viewport(driver, 390, 844, mobile=True)
        time.sleep(0.5)
        width = driver.execute_script('return document.documentElement.scrollWidth;')
        check(width <= 390, f'nothing wider than a 390 px phone (page is {width} px wide)')
        # No table hides a column past the phone's edge (a half-shown amount reads wrong).
        cut = driver.execute_script(
            "return [...document.querySelectorAll('.table-wrap')].filter((w) => w.offsetParent && w.scrollWidth > w.clientWidth + 1)"
            ".map((w) => w.parentElement.id + ' ' + w.scrollWidth + '>' + w.clientWidth);")
        check(not cut, f'every table fits a 390 px phone without sideways scrolling ({cut})')
        driver.save_screenshot(os.path.join(OUT, 'dashboard-390x844.png'))
        full_page(driver, os.path.join(OUT, 'dashboard-390x844-full.png'))
        viewport(driver, 360, 740, mobile=True)
        time.sleep(0.3)
        width = driver.execute_script('return document.documentElement.scrollWidth;')
        check(width <= 360, f'usable at 360 px (page is {width} px wide)')

        # Nothing but the server was asked for, and the token is nowhere it should not be.
        requests = requested_urls(driver)
        urls = [u for u, _ in requests]
        ours = [u for u, doc in requests if doc.startswith(base + '/')]
        outside = [u for u in ours if not u.startswith(base + '/')]
        network = [u for u in urls if u.split(':', 1)[0] in ('http', 'https', 'ws', 'wss', 'ftp')]
        check(len(ours) > 10 and not outside and all(u.startswith(base + '/') for u in network),
              f'{len(ours)} requests of the page, none outside the server {outside[:3]}')
        check(not any(token in u for u in urls), 'no token in any URL')
        check(token not in driver.page_source, 'no token in the page source')
        check(token not in driver.execute_script('return JSON.stringify(localStorage) + document.cookie;'),
              'no token in storage or readable cookies')
        cookie = next((c for c in driver.get_cookies() if c['name'] == 'pameran_session'), None)
        check(cookie is not None and cookie['httpOnly'] and cookie.get('sameSite') == 'Strict',
              'the session cookie is HttpOnly and SameSite=Strict')
        # The page asks at start whether it is signed in (the session, and the events beside it);
        # a 401 there is the answer, not an error.
        errors = [e for e in driver.get_log('browser') if e['level'] == 'SEVERE' and
                  not (('/api/v1/session - ' in e['message'] or '/api/v1/events - ' in e['message']) and '401' in e['message'])]
        check(not errors, f'no errors in the browser console {errors[:2]}')

        # The server goes away: the page says so, and carries on by itself when it is back.
        server.terminate()
        server.wait(timeout=10)
        lost = wait_for(driver, lambda: visible(driver, '#lost'), 'the page to say it lost the server', timeout=10)
        check(bool(lost) and 'Server tidak terjangkau' in lost.text, 'the page says it lost the server')
        server = start_server()
        wait_for(driver, lambda: not visible(driver, '#lost'), 'the page to find the server again', timeout=10)
        check(not visible(driver, '#lost') and figure_text(driver, 'net_idr') == want, 'back with the same figures, signed in')

        if BENCH:  # a signed-in organizer opens the page again (warm browser): first paint, figures shown
            warm = []
            for _ in range(5):
                driver.get(base + '/dashboard/')
                wait_for(driver, lambda: figure_text(driver, 'net_idr') == want, 'the figures on a reload')
                warm.append(driver.execute_script(
                    "const p = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');"
                    "return [p ? p.startTime : -1, performance.now()];"))
            warm.sort()
            fcp, figures_at = warm[len(warm) // 2]
            print(f'figure: reload, signed in: first contentful paint {fcp:.0f} ms, figures on screen by {figures_at:.0f} ms (median of 5)')

        # Sign out: the cookie no longer opens anything.
        viewport(driver, 1920, 1080)
        driver.find_element(By.ID, 'signout').click()
        wait_for(driver, lambda: visible(driver, 'input[name=token]'), 'the sign-in form after signing out')
        req = urllib.request.Request(base + '/api/v1/events', headers={'Cookie': 'pameran_session=' + cookie['value']})
        try:
            urllib.request.urlopen(req, timeout=5)
            check(False, 'the old session is refused after signing out')
        except urllib.error.HTTPError as e:
            check(e.code == 401, f'the old session is refused after signing out ({e.code})')
        server.terminate()
        server.wait(timeout=10)
        server = None
        with open(access_log) as f:
            log = f.read()
        check(token not in log and cookie['value'] not in log, 'no token or session id in the access log')

        if BENCH:
            print(f'figure: page weight {weight["raw"]} bytes ({weight["gzip"]} bytes gzipped) in {weight["files"]} files')
            print(f'figure: first contentful paint {first_render_ms:.0f} ms on loopback (cold browser profile)')
            print(f'figure: upload to figure change {follow_s * 1000:.0f} ms (poll every 2 s)')
        print(f'browser test took {time.monotonic() - started:.1f} s')
    finally:
        if driver:
            driver.quit()
        if server:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(f'{len(failures)} failed' if failures else 'dashboard browser test: all checks passed')
    return 1 if failures else 0


def viewport(driver, width, height, mobile=False):
    """The page's viewport exactly width x height CSS pixels (the window's own frame left out)."""
    driver.set_window_size(width, height)
    driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride',
                           {'width': width, 'height': height, 'deviceScaleFactor': 1, 'mobile': mobile})


def visible(driver, css):
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0] if found and found[0].is_displayed() else None


def wait_for(driver, cond, what, timeout=15):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            got = cond()
            if got:
                return got
        except Exception:  # the page is still being rebuilt
            pass
        time.sleep(0.05)
    check(False, 'waited for ' + what)
    return None


def figure_text(driver, name):
    found = driver.find_elements(By.CSS_SELECTOR, f'[data-figure="{name}"]')
    return found[0].get_attribute('textContent') if found else None


def all_figures(driver):
    return driver.execute_script("return [...document.querySelectorAll('[data-figure]')].map(e => e.dataset.figure);")


def check_figures(driver, totals, devices, settlement, events, stock=None):
    shown = driver.execute_script(
        "return [...document.querySelectorAll('[data-figure]')].filter(e => !e.closest('[hidden]'))"
        ".map(e => [e.dataset.figure, e.textContent]);")
    wrong = []
    for name, text in shown:
        try:
            want = figure(name.split('.')[-1], expected(name, totals, devices, settlement, events, stock))
        except (KeyError, StopIteration):
            want = '(not in the JSON)'
        if text != want:
            wrong.append(f'{name}: page {text!r}, JSON {want!r}')
    check(len(shown) > 50 and not wrong, f'{len(shown)} data-figure elements equal the JSON {wrong[:3]}')


def check_accessible(driver):
    """What a screen reader and a keyboard need: a language, one h1, labelled controls, named
    images, row and column headers, sort state on the sortable columns."""
    problems = driver.execute_script("""
      const out = [];
      const shown = (e) => !e.closest('[hidden]');
      if (!document.documentElement.lang) out.push('no lang');
      const h1 = [...document.querySelectorAll('h1')].filter(shown);
      if (h1.length !== 1) out.push(h1.length + ' h1 shown');
      for (const i of document.querySelectorAll('input')) {
        if (!shown(i)) continue;
        if (!(i.labels && i.labels.length) && !i.getAttribute('aria-label')) out.push('unlabelled input ' + i.id);
      }
      for (const b of document.querySelectorAll('button, a')) {
        if (shown(b) && !(b.textContent.trim() || b.getAttribute('aria-label'))) out.push('unnamed control');
      }
      for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) out.push('img without alt');
      for (const svg of document.querySelectorAll('svg[role=img]')) if (!svg.getAttribute('aria-label')) out.push('unnamed chart');
      for (const th of document.querySelectorAll('th')) if (!th.getAttribute('scope')) out.push('th without scope');
      if (!document.querySelector('#vendor-table th[aria-sort]')) out.push('no sort state');
      return out;""")
    check(not problems, f'labels, headings and headers for screen readers {problems[:4]}')
    # The keyboard reaches the sign-out, the language switch and the vendor search, in order.
    order = driver.execute_script("""
      const f = [...document.querySelectorAll('a[href], button, input')].filter(e => !e.closest('[hidden]') && e.tabIndex >= 0);
      return f.map(e => e.id).filter(Boolean);""")
    check(order.index('lang') < order.index('signout') < order.index('vendor-search'), 'keyboard order: header, then the page')


def full_page(driver, path):
    import base64
    shot = driver.execute_cdp_cmd('Page.captureScreenshot', {'format': 'png', 'captureBeyondViewport': True})
    with open(path, 'wb') as f:
        f.write(base64.b64decode(shot['data']))


def requested_urls(driver):
    """Every request the browser made: (url, the URL of the document that made it)."""
    out = []
    for entry in driver.get_log('performance'):
        message = json.loads(entry['message'])['message']
        if message.get('method') == 'Network.requestWillBeSent':
            params = message['params']
            out.append((params['request']['url'], params.get('documentURL', '')))
    return out


def page_weight(base):
    import gzip
    raw = packed = 0
    files = ['/dashboard/', '/dashboard/app.js', '/dashboard/app.css', '/dashboard/icon.svg']
    for path in files:
        body = urllib.request.urlopen(base + path, timeout=5).read()
        raw += len(body)
        packed += len(gzip.compress(body))
    return {'raw': raw, 'gzip': packed, 'files': len(files)}


if __name__ == '__main__':
    sys.exit(main())
