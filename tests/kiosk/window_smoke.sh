#!/usr/bin/env bash
# Real-window smoke test of pameran-kiosk under Xvfb, driven with xdotool as DESIGN.md's keys say:
# PIN + Enter, scans + Enter, F9, F2 (QRIS), Enter, Esc, Ctrl+Q; touch controls are tapped by id
# (the window writes their rectangles to $PAMERAN_KIOSK_PROBE). It takes a screenshot of every
# screen, decodes the QRIS from a screenshot (zbarimg) and checks amount and CRC, quits with
# Ctrl+Q, and checks the sales with `pameran-kiosk report`.
#
# Usage: window_smoke.sh KIOSK_BINARY SCREENSHOT_DIR [WIDTHxHEIGHT]
# Runs its own Xvfb of the requested size (xvfb-run -a), whatever DISPLAY says.
set -euo pipefail

KIOSK=${1:?kiosk binary}
SHOTS=${2:?screenshot dir}
SIZE=${3:-1280x800}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/window_driver.sh"
under_xvfb window_smoke "$SIZE" "zbarimg python3" "$SHOTS" "$0" "$KIOSK" "$SHOTS" "$SIZE"

WORK=$(mktemp -d)
DB="$WORK/kiosk.db"
PROBE="$WORK/probe.txt"
LOG="$WORK/kiosk.log"
PID=
cleanup() {
  if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "window_smoke ($SIZE): FAIL: $*" >&2
  echo "--- kiosk log" >&2
  cat "$LOG" >&2 || true
  import -window root "$SHOTS/failure.png" 2>/dev/null || true
  exit 1
}

PAMERAN_KIOSK_PROBE="$PROBE" PAMERAN_KIOSK_TIMING=1 "$KIOSK" --demo --db "$DB" --size "$SIZE" >"$LOG" 2>&1 &
PID=$!

# Login: PIN digits, then Enter.
expect login
shot 01-login
type_ 1234
shot 02-login-pin
keys Return
expect nav-sell
shot 03-sell-empty

# Sell: scans are typed anywhere and Enter adds; an unknown code adds nothing and says so.
scan 8991234010014   # Kain Batik Tulis (fesyen)
scan 8991234010021   # Kain Batik Cap
scan 8991234010021
scan 8991234050027   # Bakul Nasi Bambu (kriya): the cart spans two vendors
scan 1234567890123
expect line-2
shot 04-sell-cart
grep -q '^line-3 ' "$PROBE" && fail "the unknown code was added"

# Search (F2) and Enter adds the first match.
keys F2
type_ "tampah"
shot 05-sell-search
keys Return
expect line-3
keys Escape

# A line discount above the threshold asks a supervisor.
tap line-0
expect editor-save
tap disc-box
type_ 25
shot 06-line-editor
keys Return
expect sup-approve
shot 07-supervisor
type_ 4321
keys Return
gone sup-approve
shot 08-sell-discounted

# Pay (F9), then F2 for QRIS: one QR per vendor subtotal.
keys F9
expect cash-confirm
type_ 2000000
shot 09-payment-cash
keys BackSpace BackSpace BackSpace BackSpace BackSpace BackSpace BackSpace
keys F2
expect qris-confirm
shot 10-payment-qris-1
python3 "$HERE/qris_check.py" "$SHOTS/10-payment-qris-1.png" --amount 1037500 --merchant "Batik Sinar Belimbing" || fail "QRIS 1 did not decode with the right amount and CRC"
keys Return
expect qris-confirm
shot 11-payment-qris-2
python3 "$HERE/qris_check.py" "$SHOTS/11-payment-qris-2.png" --amount 100000 --merchant "Anyaman Bambu Limo" || fail "QRIS 2 did not decode with the right amount and CRC"
keys Return
expect next-sale
shot 12-receipt-qris

# The next sale: cash with change.
keys Return
expect nav-sell
scan 8991234050010   # Tas Anyaman Bambu, Rp 135.000
# Goods not in the catalog: a custom-price item of a chosen vendor, Rp 50.000 (under the limit).
tap custom
expect custom-add
tap 'custom-vendor-*'
tap custom-name
type_ "Selendang Contoh"
tap custom-price
type_ 50000
shot 13-custom-item
tap custom-add
expect line-1
keys F9
expect cash-confirm
type_ 200000
shot 13-payment-change
keys Return
expect next-sale
shot 14-receipt-cash
tap pdf
keys Return

# Refund one unit of the first sale, restocked, with a supervisor's PIN.
tap nav-refund
expect find
shot 15-refund-find
tap 'sale-1'
expect refund-submit
tap rinc-1
tap reason-0
shot 16-refund-choose
tap refund-submit
expect sup-approve
type_ 4321
keys Return
expect refund-finish
shot 17-refund-done
tap refund-finish

# Stock: levels, intake, return slip.
tap nav-stock
tap 'stock-row-*'
shot 18-stock-levels
tap stock-intake
type_ 12
shot 19-stock-intake
keys Return
tap stock-slip
tap 'slip-vendor-*'
shot 20-stock-return-slip
tap slip-pdf

# Shift: summary, blind count, close.
tap nav-shift
expect shift-close
shot 21-shift
tap shift-close
expect count-close
type_ 4
keys Down
type_ 9
shot 22-shift-count
tap count-close
tap count-close
expect shift-new
shot 23-shift-closed
tap shift-pdf

# Today and settings.
tap nav-today
expect today-refresh
shot 24-today
tap nav-settings
expect settings-save
shot 25-settings
tap lang-en
tap nav-sell
shot 26-sell-english
tap switch-user
expect login
shot 27-login-english

# Ctrl+Q quits cleanly.
keys ctrl+q
for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PID" 2>/dev/null && fail "Ctrl+Q did not quit"
wait "$PID" || fail "the kiosk exited with an error"
PID=
grep -q "first frame after" "$LOG" || fail "no first frame"

# The PDFs asked for on the way (receipt, return slip, shift report) are kept with the screenshots.
for kind in receipts slips shifts; do
  pdf=$(ls "$WORK/$kind"/*.pdf 2>/dev/null | head -1) || true
  [[ -n $pdf ]] || fail "no PDF in $kind/"
  cp "$pdf" "$SHOTS/pdf-$kind.pdf"
  if command -v gs >/dev/null; then
    gs -q -dNOPAUSE -dBATCH -sDEVICE=png16m -r110 -dFirstPage=1 -dLastPage=1 -sOutputFile="$SHOTS/pdf-$kind.png" "$pdf" ||
      fail "gs cannot read $pdf"
  fi
done

# The sales are in the database: two sales, one refund, QRIS and cash.
"$KIOSK" report --db "$DB" --format json >"$WORK/report.json"
python3 - "$WORK/report.json" <<'PY' || fail "report does not show the sales"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["sales_count"] == 2, r["sales_count"]
pay = {p["method"]: p["amount_idr"] for p in r["by_payment"]}
# The refund went back in cash (the first method offered): cash kept = 135.000 + the custom
# item's 50.000 - the refund.
assert pay["qris"] == 1137500 and pay["cash"] == 185000 - r["refund_idr"], (pay, r["refund_idr"])
assert r["refund_idr"] > 0 and r["discount_idr"] > 0, r
assert r["net_idr"] == sum(p["amount_idr"] for p in r["by_payment"]), r
print("window_smoke: report ok:", r["sales_count"], "sales, net", r["net_idr"])
PY
echo "window_smoke ($SIZE): ok; screenshots in $SHOTS"
