#!/usr/bin/env bash
# The organizer dashboard in Chromium (not a test): page weight, first contentful paint on
# loopback, and the time from a kiosk's upload to the figure changing on the page, measured by the
# browser test's own run (tests/dashboard/dashboard_browser.py --bench), RUNS times (default 3).
# Usage: bench/dashboard_page_bench.sh BUILD_DIR [RUNS]
set -euo pipefail
BUILD=$(cd "${1:?usage: dashboard_page_bench.sh BUILD_DIR [RUNS]}" && pwd)
RUNS=${2:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for i in $(seq 1 "$RUNS"); do
  /usr/bin/python3 "$SRC/tests/dashboard/dashboard_browser.py" "$BUILD/sync/server/pameran-server" \
    "$BUILD/kiosk/pameran-kiosk" "$SRC" "$OUT" --bench | grep '^figure:' | sed "s/^/run $i /"
done
