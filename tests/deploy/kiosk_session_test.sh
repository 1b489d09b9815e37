#!/usr/bin/env bash
# The kiosk session (deploy/kiosk/pameran-kiosk-session) under Xvfb: the screen saver and
# blanking are off, the window is full screen, a kiosk killed with SIGKILL comes back by itself
# (and its log says the previous run did not end cleanly), and Ctrl+Q ends the session.
#
# Usage: kiosk_session_test.sh KIOSK_BINARY SESSION_SCRIPT
set -euo pipefail

KIOSK=${1:?kiosk binary}
SESSION=${2:?session script}

if [[ ${SESSION_INNER:-} != 1 ]]; then
  for tool in xvfb-run xdotool xset xwininfo; do
    command -v "$tool" >/dev/null || { echo "kiosk_session_test: $tool is missing" >&2; exit 1; }
  done
  export SESSION_INNER=1
  exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$0" "$@"
fi

WORK=$(mktemp -d)
SPID=''
cleanup() {
  [[ -n $SPID ]] && kill "$SPID" 2>/dev/null
  pkill -P "${SPID:-0}" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "kiosk_session_test: FAIL: $*" >&2
  echo "--- session output" >&2; cat "$WORK/session.out" >&2 || true
  exit 1
}
kiosk_pid() { pgrep -P "$SPID" -x pameran-kiosk || true; }
wait_for_window() {
  for _ in $(seq 1 100); do
    [[ -s $WORK/probe.txt ]] && grep -q '^login ' "$WORK/probe.txt" && return 0
    sleep 0.1
  done
  fail "no kiosk window"
}

# The session finds pameran-kiosk on PATH, as it would in /usr/bin.
mkdir "$WORK/bin"
ln -s "$(realpath "$KIOSK")" "$WORK/bin/pameran-kiosk"
xset s 600 s blank >/dev/null 2>&1 || true
PATH="$WORK/bin:$PATH" PAMERAN_KIOSK_PROBE="$WORK/probe.txt" \
  "$SESSION" --demo --db "$WORK/kiosk.db" >"$WORK/session.out" 2>&1 &
SPID=$!
wait_for_window
FIRST=$(kiosk_pid)
[[ -n $FIRST ]] || fail "no pameran-kiosk under the session"

# No screen saver, no blanking; the window covers the whole screen.
sleep 3
xset q | grep -Eq 'timeout: +0 ' || fail "the screen saver is still on: $(xset q | grep -A2 'Screen Saver')"
xset q | grep -Eq 'prefer blanking: +no' || fail "blanking is still preferred"
if xset q | grep -q 'DPMS is'; then xset q | grep -q 'DPMS is Disabled' || fail "DPMS is still enabled"; fi
GEOMETRY=$(xwininfo -root -tree | grep -m1 '"Pameran POS"' || true)
[[ $GEOMETRY == *1280x800+0+0* ]] || fail "the window is not full screen: $GEOMETRY"

# A crash: the session starts the kiosk again within a few seconds.
rm -f "$WORK/probe.txt"
kill -9 "$FIRST"
wait_for_window
SECOND=$(kiosk_pid)
[[ -n $SECOND && $SECOND != "$FIRST" ]] || fail "the kiosk did not come back after SIGKILL"
grep -q "starting it again" "$WORK/session.out" || fail "the session did not say it restarts the kiosk"
grep -q "did not end cleanly" "$WORK/logs/kiosk.log" || fail "the kiosk's log does not note the crash"

# Ctrl+Q is a clean exit: the session ends with it.
xdotool key --delay 50 ctrl+q
for _ in $(seq 1 50); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$SPID" 2>/dev/null && fail "the session goes on after Ctrl+Q"
wait "$SPID" || fail "the session ended with an error after Ctrl+Q"
SPID=''
echo "kiosk_session_test: ok (no blanking, full screen, restarted after SIGKILL, Ctrl+Q ends it)"
