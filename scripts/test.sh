#!/usr/bin/env bash
# The README's test command: installs what is missing, builds with warnings as errors, and runs
# the whole suite under a virtual display (Xvfb), then the sanitizer pass over core and protocol.
# Usage: scripts/test.sh [--no-sanitize]     (BUILD_DIR=build-test by default)
# With sanitizers on (the default) it also runs the protocol fuzzer for 30 s (libFuzzer, clang 14;
# FUZZ_SECONDS=N to change that).
set -euo pipefail
cd "$(dirname "$0")/.."
SANITIZE=1
[[ ${1:-} == --no-sanitize ]] && SANITIZE=0
BUILD=${BUILD_DIR:-build-test}
JOBS=${JOBS:-$(nproc)}

scripts/deps.sh
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAMERAN_WERROR=ON -DPAMERAN_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" -j"$JOBS"

# Tests that open windows need a display; CI has none, so give them one.
# (xvfb-run is a /bin/sh script, which drops exported bash functions: pass a plain command.)
run_ctest() { (cd "$1" && ctest --output-on-failure -j"$JOBS" "${@:2}"); }
if [[ -z ${DISPLAY:-} ]]; then
  xvfb-run -a -s '-screen 0 1280x800x24' \
    bash -c 'cd "$1" && ctest --output-on-failure -j"$2"' ctest "$BUILD" "$JOBS"
else
  run_ctest "$BUILD"
fi

if ((SANITIZE)); then
  # AddressSanitizer + UndefinedBehaviorSanitizer over the pure and store code, where it is cheap.
  SAN=${BUILD}-asan
  cmake -S . -B "$SAN" -DCMAKE_BUILD_TYPE=Debug -DPAMERAN_WERROR=ON -DPAMERAN_SANITIZE=ON \
    -DPAMERAN_BUILD_KIOSK=OFF -DPAMERAN_BUILD_BENCH=OFF >/dev/null
  cmake --build "$SAN" -j"$JOBS" --target core_domain_test core_store_test
  run_ctest "$SAN" -L sanitize
  # A short libFuzzer run over the protocol decoder (the long run: scripts/fuzz-protocol.sh 3600).
  # Its full output (coverage lines) goes to a log; the summary, or on failure the end, is shown.
  mkdir -p "${BUILD}-fuzz"
  if PAMERAN_FUZZ_BUILD_DIR="${BUILD}-fuzz" scripts/fuzz-protocol.sh ${FUZZ_SECONDS:-30} >"${BUILD}-fuzz/fuzz.log" 2>&1; then
    grep -E '^(Done|stat::)' "${BUILD}-fuzz/fuzz.log"
  else
    tail -n 60 "${BUILD}-fuzz/fuzz.log"
    echo "protocol fuzzer failed; full output in ${BUILD}-fuzz/fuzz.log" >&2
    exit 1
  fi
fi
