#!/usr/bin/env bash
# The organizer console's real window under Xvfb against a real pameran-server on loopback: a
# kiosk's sales reach the server (and a second kiosk's to last year's event), the console shows
# every view (screenshots kept) with the comparison, the year, the consignment ledger and a
# device's privileged actions,
# downloads a statement and the workbook, switches to English, quits with Ctrl+Q (exit 0); then
# opens with the server stopped (figures from its cache, labelled offline), catches up when the
# server returns, and refuses a device token with the reason on screen. The token is never in the
# cache file or the output.
#
# Usage: console_window.sh KIOSK_BINARY SERVER_BINARY DEMO_DIR SCREENSHOT_DIR WIDTHxHEIGHT
set -euo pipefail

KIOSK=${1:?kiosk binary}
SERVER=${2:?server binary}
DEMO=${3:?assets/demo folder}
SHOTS=${4:?screenshot dir}
SIZE=${5:-1280x800}
source "$(cd "$(dirname "$0")" && pwd)/window_driver.sh"
under_xvfb console_window "$SIZE" "curl sqlite3" "$SHOTS" "$0" "$@"

WORK=$(mktemp -d)
SDB="$WORK/server.db"
KDB="$WORK/kiosk.db"
KDB2="$WORK/kiosk-2025.db"
PROBE="$WORK/probe.txt"
OUT="$WORK/console.out"
CACHE="$WORK/cache/organizer.json"
DOWNLOADS="$WORK/Unduhan"
PID='' SPID=''
cleanup() {
  for p in $PID $SPID; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "console_window: FAIL: $*" >&2
  echo "--- console output" >&2; cat "$OUT" >&2 || true
  import -window root "$SHOTS/failure.png" 2>/dev/null || true
  exit 1
}
TAP_PAUSE=0.4 SHOT_PAUSE=0.4
said() {
  for _ in $(seq 1 ${2:-150}); do grep -qF "$1" "$OUT" && return 0; sleep 0.1; done
  fail "the console did not say '$1'"
}
serve() { start_server "$SDB" "$WORK/server.out" "${1:-0}"; }
console() {
  rm -f "$PROBE"
  PAMERAN_KIOSK_PROBE="$PROBE" "$KIOSK" organizer --server "http://127.0.0.1:$PORT" --token-file "$1" --size "$SIZE" \
    --cache "$CACHE" --downloads "$DOWNLOADS" >"$OUT" 2>&1 &
  PID=$!
}
quit() {
  xdotool key ctrl+q
  for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$PID" 2>/dev/null && fail "Ctrl+Q did not quit"
  wait "$PID" || fail "the console exited with an error"
  PID=
}

# The server, a kiosk's sales on it (and last year's event with a kiosk of its own), and an
# organizer token.
"$SERVER" event create --db "$SDB" --code DEPOK-2026 --name "Pameran Kriya Depok" --venue "Balai Kota Depok" \
  --start 2026-11-26 --end 2026-11-29 >/dev/null
"$SERVER" catalog import --db "$SDB" --event DEPOK-2026 --vendors "$DEMO/vendors.csv" --products "$DEMO/products.csv" >/dev/null
"$SERVER" event create --db "$SDB" --code DEPOK-2025 --name "Pameran Kriya Depok 2025" --venue "Balai Kota Depok" \
  --start 2025-11-20 --end 2025-11-23 >/dev/null
"$SERVER" catalog import --db "$SDB" --event DEPOK-2025 --vendors "$DEMO/vendors.csv" --products "$DEMO/products.csv" >/dev/null
CODE=$("$SERVER" device enroll --db "$SDB" --event DEPOK-2026 --name "Kios Pintu Utara" --booth A1 | tail -1)
CODE2=$("$SERVER" device enroll --db "$SDB" --event DEPOK-2025 --name "Kios 2025" --booth A1 | tail -1)
"$SERVER" token create --db "$SDB" --role organizer --name "Sekretariat" | tail -1 >"$WORK/organizer.token"
TOKEN=$(cat "$WORK/organizer.token")
serve
"$KIOSK" enroll --db "$KDB" --server "http://127.0.0.1:$PORT" --code "$CODE" >/dev/null
"$KIOSK" simulate --db "$KDB" --sales 120 --seed 9 >/dev/null
# Someone edits one of the kiosk's privileged actions by hand before it syncs: the console's list of
# the kiosk's actions marks it and every one after it.
sqlite3 "$KDB" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET reason = 'diubah di kios' WHERE id = (SELECT MAX(id) - 3 FROM audit_log)"
"$KIOSK" sync --db "$KDB" --once >/dev/null || fail "the kiosk's sales did not reach the server"
"$KIOSK" enroll --db "$KDB2" --server "http://127.0.0.1:$PORT" --code "$CODE2" >/dev/null
"$KIOSK" simulate --db "$KDB2" --sales 90 --seed 4 >/dev/null
"$KIOSK" sync --db "$KDB2" --once >/dev/null || fail "last year's sales did not reach the server"

# The organizer API comes with the dashboard's server side: without it there is nothing to show.
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/events")
if [[ $STATUS == 404 ]]; then
  echo "console_window: SKIP: this pameran-server has no organizer API (GET /api/v1/events is 404)"
  exit 77
fi

# Every view, online.
console "$WORK/organizer.token"
expect fig-net_idr
said online
shot 01-headline
tap view-vendors
expect vendor-row-0
shot 02-vendors
tap vendor-row-0
expect vendor-close
shot 03-vendor-detail
tap vendor-close
tap view-charts
expect chart-sector-0
# Hover a bar: its exact figure shows.
read -r _ x y w h _ <<<"$(rect_of chart-day-0)"
xdotool mousemove --sync $((x + w / 2)) $((y + h / 2))
shot 04-charts
tap view-health
expect device-row-0
shot 05-health
# A device's privileged actions (the simulated refunds, with their supervisor and reason).
tap device-row-0
expect audit-entry-0
xdotool mousemove --sync 1 1  # no tooltip over the rows
shot 15-device-audit
tap audit-close
tap view-settlement
expect statement-pdf-0
tap download-statements
for _ in $(seq 1 50); do [[ -f $DOWNLOADS/DEPOK-2026-statements.pdf ]] && break; sleep 0.1; done
[[ $(head -c 5 "$DOWNLOADS/DEPOK-2026-statements.pdf" 2>/dev/null) == "%PDF-" ]] || fail "no statements PDF in $DOWNLOADS"
shot 06-settlement
# The workbook, the same file the server makes, saved where the screen says.
tap download-workbook
for _ in $(seq 1 50); do [[ -f $DOWNLOADS/DEPOK-2026-report.xlsx ]] && break; sleep 0.1; done
[[ $(head -c 2 "$DOWNLOADS/DEPOK-2026-report.xlsx" 2>/dev/null) == "PK" ]] || fail "no workbook in $DOWNLOADS"
# This event against last year's, and the year 2026 (the console asks once the view is shown).
tap view-compare
expect compare-figure-0
expect compare-vendor-0
shot 11-compare
tap view-year
expect year-ikm-0
shot 12-year
# The consignment ledger (issue 11 §2): the vendors' goods, then one vendor's products.
tap view-stock
expect stock-row-0
shot 13-stock
tap stock-row-0
expect stock-product-0
shot 14-stock-vendor
tap stock-close
tap view-headline
tap lang-en
shot 07-english
tap view-health
tap device-row-0
expect audit-entry-0
shot 16-device-audit-english
tap audit-close
quit

# The server stops: the console opens from its cache and says how old the figures are.
kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=
console "$WORK/organizer.token"
expect fig-net_idr
said offline
shot 08-offline
# It comes back on the same address with new sales: the console catches up by itself.
serve "$PORT"
"$KIOSK" simulate --db "$KDB" --sales 30 --seed 10 >/dev/null
"$KIOSK" sync --db "$KDB" --once >/dev/null || fail "the new sales did not reach the server"
said ": online" 300
sleep 1
shot 09-caught-up
quit

# A kiosk's device token is refused (403) and the console says so.
sqlite3 "$KDB" "SELECT value FROM setting WHERE key = 'sync.token'" >"$WORK/device.token"
DEVICE_TOKEN=$(cat "$WORK/device.token")
[[ -n $DEVICE_TOKEN ]] || fail "no device token in the kiosk"
console "$WORK/device.token"
said "refused (403"
shot 10-device-token
quit

for secret in "$TOKEN" "$DEVICE_TOKEN"; do
  grep -qF -- "$secret" "$CACHE" && fail "the cache file holds a token"
  grep -qF -- "$secret" "$OUT" && fail "the console's output holds a token"
done
echo "console_window: ok ($SIZE: every view, download, offline from cache, caught up, device token refused)"
