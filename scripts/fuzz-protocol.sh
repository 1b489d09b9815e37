#!/bin/bash
# Fuzzes the sync protocol decoder (decodeBatch + record validation + canonical re-encoding)
# with libFuzzer under ASan/UBSan, in its own clang build directory.
#   scripts/fuzz-protocol.sh            60 s (the CI-short run)
#   scripts/fuzz-protocol.sh 3600       an hour (the long run, on demand)
# Extra libFuzzer flags may follow the seconds, e.g. `scripts/fuzz-protocol.sh 600 -jobs=2`.
# New inputs go to build-fuzz/corpus (the committed seeds in tests/fuzz/corpus stay untouched);
# a crash leaves build-fuzz/crash-* and a non-zero exit.
set -euo pipefail
SECONDS_TO_RUN=${1:-60}
shift || true
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${PAMERAN_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
CXX=${CXX_FUZZ:-clang++-14}
command -v "$CXX" >/dev/null || { echo "fuzz-protocol: $CXX not found (apt-get install clang-14)" >&2; exit 2; }
cmake -S "$ROOT/tests/fuzz" -B "$BUILD" -DCMAKE_CXX_COMPILER="$CXX" -DPAMERAN_BUILD_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target protocol_fuzz
mkdir -p "$BUILD/corpus"
cd "$BUILD"
./protocol_fuzz -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  "$@" corpus "$ROOT/tests/fuzz/corpus"
