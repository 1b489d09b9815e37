#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds, and opens the kiosk on a demo
# database (a Depok craft exhibition; PIN 1234 cashier, 4321 supervisor).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build}
DATA=${DEMO_DIR:-$PWD/demo-data}

scripts/deps.sh
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPAMERAN_BUILD_TESTS=OFF -DPAMERAN_BUILD_BENCH=OFF >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
mkdir -p "$DATA"
exec "$BUILD/kiosk/pameran-kiosk" --db "$DATA/kiosk.db" --demo
