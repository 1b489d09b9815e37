# Sourced by the real-window tests (window_smoke.sh, customer_display_smoke.sh, console_window.sh,
# first_boot_window.sh): their own Xvfb, and a person's hands on a window through xdotool. Controls
# are found by id in the rectangles the window writes to $PROBE (PAMERAN_KIOSK_PROBE). The sourcing
# script sets PROBE and SHOTS and defines `fail MESSAGE` (print what it knows, exit 1).

# under_xvfb NAME SCREEN "TOOLS" SHOTS SCRIPT ARGS...: unless already inside, checks that xvfb-run,
# xdotool, import and TOOLS are installed, makes SHOTS, and runs SCRIPT ARGS again inside its own
# Xvfb screen of SCREEN (WIDTHxHEIGHT), whatever DISPLAY says.
under_xvfb() {
  local name=$1 screen=$2 tools=$3 shots=$4 tool
  shift 4
  [[ ${PAMERAN_WINDOW_INNER:-} == 1 ]] && return 0
  for tool in xvfb-run xdotool import $tools; do
    command -v "$tool" >/dev/null || { echo "$name: $tool is missing" >&2; exit 1; }
  done
  mkdir -p "$shots"
  export PAMERAN_WINDOW_INNER=1
  exec xvfb-run -a -s "-screen 0 ${screen}x24 -nolisten tcp" "$@"
}

# rect_of ID [TRIES]: waits (TRIES x 0.1 s, 15 s by default) for a control with this id, or this id
# prefix with a trailing '*', and prints its probe line "id x y w h ...".
rect_of() {
  local id=$1 line
  for _ in $(seq 1 "${2:-150}"); do
    if [[ -f $PROBE ]]; then
      if [[ $id == *'*' ]]; then line=$(grep -m1 "^${id%\*}" "$PROBE" || true)
      else line=$(grep -m1 "^$id " "$PROBE" || true); fi
      if [[ -n $line ]]; then echo "$line"; return 0; fi
    fi
    sleep 0.1
  done
  return 1
}
TAP_PAUSE=${TAP_PAUSE:-0.25}
tap() {
  local line x y w h
  line=$(rect_of "$1") || fail "no control '$1' on screen"
  read -r _ x y w h _ <<<"$line"
  xdotool mousemove --sync $((x + w / 2)) $((y + h / 2)) click 1
  sleep "$TAP_PAUSE"
}
expect() { rect_of "$1" >/dev/null || fail "expected '$1' on screen"; }
gone() {
  for _ in $(seq 1 50); do grep -q "^$1 " "$PROBE" || return 0; sleep 0.1; done
  fail "'$1' is still on screen"
}
keys() { xdotool key --delay 50 "$@"; sleep 0.25; }
type_() { xdotool type --delay 30 "$1"; sleep 0.2; }
scan() { type_ "$1"; keys Return; }
SHOT_PAUSE=${SHOT_PAUSE:-0.3}
shot() { sleep "$SHOT_PAUSE"; import -window root "$SHOTS/$1.png"; }

# start_server DB OUT [PORT [SERVE_ARGS...]]: pameran-server ($SERVER) on loopback (a free port
# when PORT is 0 or not given), in the background, its output in OUT; without SERVE_ARGS it keeps
# no access log. Sets SPID and PORT once it listens.
start_server() {
  local db=$1 out=$2 port=${3:-0}
  shift $(($# < 3 ? $# : 3))
  (($# > 0)) || set -- --access-log ""
  "$SERVER" serve --db "$db" --listen "127.0.0.1:$port" "$@" >"$out" 2>&1 &
  SPID=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$out" && break; sleep 0.1; done
  PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out")
  [[ -n $PORT ]] || fail "the server did not start: $(cat "$out")"
}
