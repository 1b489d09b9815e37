#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds, starts the central server with the
# demo exhibition (a Depok craft fair), enrolls a kiosk to it and opens the kiosk window. Sales
# made in the window reach the server in the background; see the totals with the command printed.
# PINs: 1234 (Kasir Demo, cashier), 4321 (Supervisor Demo, supervisor).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=$(realpath -m "${BUILD_DIR:-build-demo}")  # absolute: the commands printed below work from anywhere
DATA=${DEMO_DIR:-$PWD/demo-data}
PORT=${DEMO_PORT:-8080}
EVENT=DEPOK-2026

scripts/deps.sh
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPAMERAN_BUILD_TESTS=OFF -DPAMERAN_BUILD_BENCH=OFF >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target pameran-kiosk pameran-server
K="$BUILD/kiosk/pameran-kiosk"
S="$BUILD/sync/server/pameran-server"
mkdir -p "$DATA"

if [[ ! -f $DATA/server.db ]]; then
  "$S" event create --db "$DATA/server.db" --code "$EVENT" --name "Pameran Kriya & Kuliner Dekranasda Kota Depok 2026" \
    --venue "Balai Kota Depok, Jl. Margonda Raya No. 54" --start 2026-11-26 --end 2026-11-29 --cutoff-hour 3
  "$S" catalog import --db "$DATA/server.db" --event "$EVENT" --vendors assets/demo/vendors.csv --products assets/demo/products.csv
  "$S" vendor commission --db "$DATA/server.db" --event "$EVENT" --all --percent 10
  "$S" token create --db "$DATA/server.db" --role organizer --name "Panitia Demo" | tail -1 >"$DATA/organizer.token"
fi

"$S" serve --db "$DATA/server.db" --listen "127.0.0.1:$PORT" 2>>"$DATA/server.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/v1/health" 2>/dev/null && break
  sleep 0.1
done

if [[ ! -f $DATA/kiosk.db ]]; then
  code=$("$S" device enroll --db "$DATA/server.db" --event "$EVENT" --name "Kios Demo" --booth B01 | tail -1)
  "$K" enroll --db "$DATA/kiosk.db" --server "http://127.0.0.1:$PORT" --code "$code" --name "Kios Demo"
  # The demo's own staff: a real supervisor's PIN needs six digits, the demo's is DESIGN.md's 4321.
  "$K" seed-demo --db "$DATA/kiosk.db" --staff-only
fi

cat <<MSG
Central server: http://127.0.0.1:$PORT (log: $DATA/server.log)
Kiosk window opening; log in with PIN 1234 (cashier) or 4321 (supervisor).
Server totals across all booths, in another terminal:
  $S report --db $DATA/server.db --event $EVENT --format table
  curl -H "Authorization: Bearer \$(cat $DATA/organizer.token)" http://127.0.0.1:$PORT/api/v1/events/$EVENT/totals
MSG
"$K" --db "$DATA/kiosk.db"
