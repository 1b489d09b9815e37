#!/usr/bin/env bash
# Real-window test of `pameran-kiosk --customer-display` under Xvfb: one process, two windows. The
# virtual screen is twice as wide as the cashier's window, so the buyer's window, placed beside it,
# is on screen too. A sale is driven with xdotool in the cashier's window (keys must never go to
# the buyer's); the buyer's window is photographed at each stage (welcome, cart, QRIS, change and
# thanks), and its QR must decode with zbarimg to exactly the payload the cashier's screen shows.
#
# Usage: customer_display_smoke.sh KIOSK_BINARY SCREENSHOT_DIR [WIDTHxHEIGHT]
set -euo pipefail

KIOSK=${1:?kiosk binary}
SHOTS=${2:?screenshot dir}
SIZE=${3:-1280x800}
W=${SIZE%x*}
H=${SIZE#*x}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/window_driver.sh"
under_xvfb customer_display_smoke "$((2 * W))x${H}" "zbarimg python3 convert" "$SHOTS" "$0" "$KIOSK" "$SHOTS" "$SIZE"

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
  echo "customer_display_smoke ($SIZE): FAIL: $*" >&2
  echo "--- kiosk log" >&2
  cat "$LOG" >&2 || true
  import -window root "$SHOTS/customer-failure.png" 2>/dev/null || true
  exit 1
}

# The buyer's window is the right half of the screen, the cashier's the left.
customer_shot() { sleep 0.4; import -window root -crop "${W}x${H}+${W}+0" +repage "$SHOTS/$1.png"; }
cashier_shot() { sleep 0.4; import -window root -crop "${W}x${H}+0+0" +repage "$WORK/$1.png"; }
# A drawn window is not one flat colour: its pixels vary.
not_blank() {
  local sd
  sd=$(convert "$SHOTS/$1.png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
  python3 -c "import sys; sys.exit(0 if float('$sd') > 0.05 else 1)" || fail "$1 looks blank (sd $sd)"
}
decode() { zbarimg --nodbus --raw -q "$1" 2>/dev/null | head -1; }

PAMERAN_KIOSK_PROBE="$PROBE" "$KIOSK" --demo --db "$DB" --size "$SIZE" --customer-display >"$LOG" 2>&1 &
PID=$!

expect login
customer_shot customer-01-welcome
not_blank customer-01-welcome

# Keys typed anywhere reach the cashier's window, never the buyer's.
type_ 1234
keys Return
expect nav-sell
scan 8991234010014   # Kain Batik Tulis, Batik Sinar Belimbing
scan 8991234050027   # Bakul Nasi Bambu, Anyaman Bambu Limo
expect line-1
customer_shot customer-02-cart
not_blank customer-02-cart

# QRIS: the buyer's window shows the same QR as the cashier's, one vendor after the other.
keys F9
expect cash-confirm
keys F2
expect qris-confirm
cashier_shot cashier-qris-1
customer_shot customer-03-qris
python3 "$HERE/qris_check.py" "$SHOTS/customer-03-qris.png" --amount 650000 --merchant "Batik Sinar Belimbing" ||
  fail "the buyer's QRIS did not decode with the right amount and CRC"
[[ $(decode "$SHOTS/customer-03-qris.png") == "$(decode "$WORK/cashier-qris-1.png")" ]] ||
  fail "the buyer's QR is not the cashier's"
keys Return
expect qris-confirm
cashier_shot cashier-qris-2
customer_shot customer-04-qris-2
python3 "$HERE/qris_check.py" "$SHOTS/customer-04-qris-2.png" --amount 45000 --merchant "Anyaman Bambu Limo" ||
  fail "the buyer's second QRIS did not decode"
[[ $(decode "$SHOTS/customer-04-qris-2.png") == "$(decode "$WORK/cashier-qris-2.png")" ]] || fail "the second QR differs"
keys Return
expect next-sale
customer_shot customer-05-thanks
not_blank customer-05-thanks

# Cash with change: the buyer sees the change due, then thanks and the receipt number.
keys Return
expect nav-sell
scan 8991234050010   # Tas Anyaman Bambu, Rp 135.000
keys F9
expect cash-confirm
type_ 200000
keys Return
expect next-sale
customer_shot customer-06-change
not_blank customer-06-change

keys ctrl+q
for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PID" 2>/dev/null && fail "Ctrl+Q did not quit"
wait "$PID" || fail "the kiosk exited with an error"
PID=
"$KIOSK" report --db "$DB" --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["sales_count"] == 2, r' ||
  fail "the two sales are not in the database"
echo "customer_display_smoke ($SIZE): ok; screenshots in $SHOTS"
