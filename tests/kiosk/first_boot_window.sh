#!/usr/bin/env bash
# First boot of a real kiosk window under Xvfb: the database does not exist yet, the server's
# address comes from a kiosk.toml, so the volunteer only types (or scans) the enrollment code,
# adds the first staff member, and sells; the sale reaches the real pameran-server. The kiosk's
# log file is checked for what it must say and for what it must never hold (the code, the PIN,
# the device token). Screenshots go to SCREENSHOT_DIR.
#
# Usage: first_boot_window.sh KIOSK_BINARY SERVER_BINARY DEMO_DIR SCREENSHOT_DIR
set -euo pipefail

KIOSK=${1:?kiosk binary}
SERVER=${2:?server binary}
DEMO=${3:?assets/demo folder}
SHOTS=${4:?screenshot dir}
SIZE=1280x800
source "$(cd "$(dirname "$0")" && pwd)/window_driver.sh"
under_xvfb first_boot_window "$SIZE" curl "$SHOTS" "$0" "$@"

WORK=$(mktemp -d)
DB="$WORK/fresh/kiosk.db"   # neither the file nor its folder exists
SDB="$WORK/server.db"
PROBE="$WORK/probe.txt"
OUT="$WORK/kiosk.out"
PID='' SPID=''
cleanup() {
  for p in $PID $SPID; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "first_boot_window: FAIL: $*" >&2
  echo "--- kiosk output" >&2; cat "$OUT" >&2 || true
  echo "--- kiosk log" >&2; cat "$WORK/fresh/logs/kiosk.log" >&2 || true
  import -window root "$SHOTS/failure.png" 2>/dev/null || true
  exit 1
}

# The organizer's side: an event, its catalog, a code for this kiosk, the server running.
"$SERVER" event create --db "$SDB" --code DEPOK-2026 --name "Pameran Kriya Depok" >/dev/null
"$SERVER" catalog import --db "$SDB" --event DEPOK-2026 --vendors "$DEMO/vendors.csv" --products "$DEMO/products.csv" >/dev/null
CODE=$("$SERVER" device enroll --db "$SDB" --event DEPOK-2026 --name "Kios Pintu Utara" | tail -1)
start_server "$SDB" "$WORK/server.out" 0 --log-file "$WORK/server.log"

# What the volunteer wrote once for every kiosk.
cat >"$WORK/kiosk.toml" <<EOF
[server]
url = "http://127.0.0.1:$PORT"
[kiosk]
database = "$DB"
language = "id"
EOF

PAMERAN_KIOSK_PROBE="$PROBE" "$KIOSK" --config "$WORK/kiosk.toml" --size "$SIZE" >"$OUT" 2>&1 &
PID=$!

# The set-up screen says how to enroll; the code field has the cursor, so a scan lands there.
expect setup-code
shot 01-first-boot
[[ -f $DB ]] || fail "the kiosk did not make its database at $DB"
type_ "$CODE"
keys Return
expect setup-name
shot 02-enrolled
type_ "Ibu Sari"
tap setup-pin
type_ 975313
tap setup-pin-again
type_ 975313
keys Return
shot 03-first-staff
tap setup-start

# From here it is the kiosk as every day: PIN, a scan, pay the exact amount in cash.
expect login
shot 04-login
type_ 975313
keys Return
expect nav-sell
type_ 8991234010014
keys Return
expect line-0
keys F9
expect cash-confirm
keys Return
expect next-sale
shot 05-sold
keys ctrl+q
for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PID" 2>/dev/null && fail "Ctrl+Q did not quit"
wait "$PID" || fail "the kiosk exited with an error"
PID=

# The sale reached the server (the window syncs in the background; --once sends what is left).
"$KIOSK" sync --db "$DB" --once >/dev/null || fail "sync --once failed"
SOLD=$("$SERVER" report --db "$SDB" --event DEPOK-2026 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["sales_count"])')
[[ $SOLD == 1 ]] || fail "the server counts $SOLD sales, not 1"

# The log says what happened and holds no secret.
LOGFILE="$WORK/fresh/logs/kiosk.log"
[[ -f $LOGFILE ]] || fail "no log file at $LOGFILE"
for said in "starting: database $DB" "no event" "enrolled with http://127.0.0.1:$PORT as device" "staff added: Ibu Sari" "closed"; do
  grep -qF "$said" "$LOGFILE" || fail "the log does not say '$said'"
done
TOKEN=$(sqlite3 "$DB" "SELECT value FROM setting WHERE key = 'sync.token'")
[[ -n $TOKEN ]] || fail "no device token in the kiosk's settings"
for secret in "$CODE" "${CODE//-/}" "975313" "$TOKEN"; do
  if grep -rqF -- "$secret" "$WORK/fresh/logs"; then fail "the log holds a secret: $secret"; fi
  # The server's log (its file and the journal's stderr) saw the code and the token go by too.
  if grep -qF -- "$secret" "$WORK/server.log" "$WORK/server.out" "$OUT"; then fail "the server's log holds a secret: $secret"; fi
done
# ...and says, one structured line each, who did what.
grep -qE '^[0-9T:.-]+Z info event=access method=POST path=/api/v1/enroll status=200 .* who=- ip=127\.0\.0\.1$' "$WORK/server.log" ||
  fail "no access line for the enrollment: $(head -5 "$WORK/server.log")"
grep -qE 'event=access method=POST path=/api/v1/sales status=200 .* who=device:K[0-9]+ ip=127\.0\.0\.1$' "$WORK/server.log" ||
  fail "no access line for the upload: $(grep sales "$WORK/server.log" | head -3)"
[[ -e $WORK/fresh/logs/kiosk.running ]] && fail "a clean exit left the running marker"
echo "first_boot_window: ok (code only, first staff, one sale synced, log clean)"
