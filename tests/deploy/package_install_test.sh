#!/usr/bin/env bash
# The Debian packages, installed into a clean Debian 12 root as a volunteer would install them.
#
#  1. cpack builds pameran-server and pameran-kiosk; their control fields are checked
#     (dependencies from dpkg-shlibdeps, sections, maintainer scripts, conffiles).
#  2. A clean Debian 12 root (mmdebstrap minbase) is unpacked, and `apt-get install ./*.deb`
#     pulls in exactly what the packages declare, from the Debian mirror this machine uses.
#  3. In that root: every library resolves, the pameran user and the files are in place, and
#     `systemd-analyze verify` is clean for the service, the backup service and its timer.
#  4. The server starts from the installed files as its unit starts it (user pameran, the
#     installed /etc/pameran/server.toml) and answers health; the README's admin commands, a
#     kiosk enrolling and syncing (the installed kiosk), and the nightly backup command work there;
#     with a display, the installed kiosk window comes up on its first-boot screen with Debian's
#     fonts.
#  5. systemd-nspawn boots that root (when this machine can boot a container): the package has
#     enabled the sandboxed service and the backup timer; the service runs, answers, comes back
#     after SIGKILL, and the backup service runs in its own sandbox.
#
# Cost: the clean root is made once with mmdebstrap (about 4 minutes, from the mirror) and kept
# as a tarball in the cache folder, with the .debs apt downloads; a run after that unpacks it
# into memory (/dev/shm) and takes about a minute and a half. Needs root (chroot, mounts in a
# private mount namespace that vanishes with the test).
#
# Usage: package_install_test.sh BUILD_DIR [CACHE_DIR]   (CACHE_DIR: /var/cache/pameran-test)
set -euo pipefail

BUILD=$(realpath "${1:?build folder}")
CACHE=${2:-/var/cache/pameran-test}
T0=${T0:-$(date +%s%N)}
say() {
  local ms=$(( ($(date +%s%N) - T0) / 1000000 ))
  printf 'package_install_test [%3d.%ds]: %s\n' $((ms / 1000)) $((ms % 1000 / 100)) "$*"
}
fail() {
  echo "package_install_test: FAIL: $*" >&2
  [[ -n ${ROOT:-} && -f $ROOT/var/log/pameran-server.out ]] && { echo "--- server output" >&2; cat "$ROOT/var/log/pameran-server.out" >&2; }
  exit 1
}


# ---- 3 and 4, inside a private mount namespace ---------------------------------------------------
inner() {
  mount --rbind /dev "$ROOT/dev"
  mount -t proc proc "$ROOT/proc"
  mount --bind "$CACHE/archives" "$ROOT/var/cache/apt/archives"
  in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
  # As the unit runs it: the pameran user and group.
  as_pameran() { chroot --userspec=pameran:pameran "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/var/lib/pameran LANG=C.UTF-8 "$@"; }

  in_root apt-get update -qq >"$ROOT/tmp/apt-update.out" 2>&1 || fail "apt-get update: $(tail -5 "$ROOT/tmp/apt-update.out")"
  in_root apt-get install -y -q --no-install-recommends /tmp/debs/"$(basename "$SERVER_DEB")" /tmp/debs/"$(basename "$KIOSK_DEB")" \
    >"$ROOT/tmp/apt-install.out" 2>&1 || fail "apt-get install: $(tail -20 "$ROOT/tmp/apt-install.out")"
  say "installed both packages and $(grep -c '^Setting up' "$ROOT/tmp/apt-install.out") packages in all"

  # ---- 3. what the packages put in place ----
  [[ $(in_root dpkg-query -W -f='${Status}\n' pameran-server pameran-kiosk | grep -c 'install ok installed') == 2 ]] ||
    fail "the packages are not both installed"
  for exe in /usr/bin/pameran-server /usr/bin/pameran-kiosk; do
    missing=$(in_root ldd "$exe" | grep 'not found' || true)
    [[ -z $missing ]] || fail "$exe lacks libraries its package does not pull in: $missing"
  done
  in_root getent passwd pameran >/dev/null || fail "no pameran user"
  local gid
  gid=$(in_root getent group pameran | cut -d: -f3)
  [[ $(stat -c '%a %u:%g' "$ROOT/etc/pameran/server.toml") == "640 0:$gid" ]] ||
    fail "server.toml is $(stat -c '%a %u:%g' "$ROOT/etc/pameran/server.toml"), not 640 root:pameran ($gid)"
  for f in /usr/lib/systemd/system/pameran-server.service /usr/lib/systemd/system/pameran-server-backup.timer \
           /etc/pameran/kiosk.toml /usr/bin/pameran-kiosk-session /usr/share/applications/pameran-kiosk.desktop \
           /usr/share/xsessions/pameran-kiosk.desktop /usr/share/icons/hicolor/scalable/apps/pameran-kiosk.svg \
           /usr/share/pameran/demo/products.csv /usr/share/doc/pameran-server/examples/nginx-pameran.conf \
           /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf; do
    [[ -e $ROOT$f ]] || fail "$f is not installed"
  done
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$ROOT/usr/share/applications/pameran-kiosk.desktop" "$ROOT/usr/share/xsessions/pameran-kiosk.desktop" ||
      fail "the .desktop files do not validate"
  fi
  grep -q '^ExecStart=/usr/bin/pameran-server serve --config /etc/pameran/server.toml$' "$ROOT/usr/lib/systemd/system/pameran-server.service" ||
    fail "the installed unit does not start /usr/bin/pameran-server"
  # A server has systemd (a minbase root has not): the units are checked against its targets.
  in_root apt-get install -y -q --no-install-recommends systemd >"$ROOT/tmp/apt-systemd.out" 2>&1 ||
    fail "apt-get install systemd: $(tail -5 "$ROOT/tmp/apt-systemd.out")"
  for unit in pameran-server.service pameran-server-backup.service pameran-server-backup.timer; do
    out=$(systemd-analyze verify --root="$ROOT" "/usr/lib/systemd/system/$unit" 2>&1) || fail "systemd-analyze verify $unit: $out"
    [[ -z $out ]] || fail "systemd-analyze verify $unit is not clean: $out"
  done
  say "dependencies resolve; user, files and units in place; systemd-analyze verify clean"

  # ---- 4. the server from the installed files, as the unit runs it ----
  # (StateDirectory= makes these for the service, owned by its user.)
  in_root install -d -o pameran -g pameran -m 0750 /var/lib/pameran /var/lib/pameran/backups
  local db=/var/lib/pameran/server.db
  as_pameran pameran-server event create --db $db --code DEPOK-2026 --name "Pameran Kriya Depok" >/dev/null || fail "event create"
  as_pameran pameran-server catalog import --db $db --event DEPOK-2026 \
    --vendors /usr/share/pameran/demo/vendors.csv --products /usr/share/pameran/demo/products.csv >/dev/null || fail "catalog import"
  local code port
  code=$(as_pameran pameran-server device enroll --db $db --event DEPOK-2026 --name "Kios 1" | tail -1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # (chroot itself in the background, not a shell function: $! is then the server.)
  chroot --userspec=pameran:pameran "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/var/lib/pameran LANG=C.UTF-8 \
    pameran-server serve --config /etc/pameran/server.toml --listen "127.0.0.1:$port" >"$ROOT/var/log/pameran-server.out" 2>&1 &
  SPID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null || fail "the installed server does not answer health"
  grep -q "database /var/lib/pameran/server.db" "$ROOT/var/log/pameran-server.out" || fail "the server did not take its database from server.toml"
  say "the installed server serves /var/lib/pameran/server.db as user pameran and answers health"

  in_root pameran-kiosk enroll --db /root/kiosk.db --server "http://127.0.0.1:$port" --code "$code" >/dev/null || fail "installed kiosk: enroll"
  in_root pameran-kiosk simulate --db /root/kiosk.db --sales 40 --seed 5 >/dev/null || fail "installed kiosk: simulate"
  in_root pameran-kiosk sync --db /root/kiosk.db --once >/dev/null || fail "installed kiosk: sync"
  local kiosk server
  kiosk=$(in_root pameran-kiosk report --db /root/kiosk.db --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["sales_count"], r["net_idr"])')
  server=$(as_pameran pameran-server report --db $db --event DEPOK-2026 --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["sales_count"], r["net_idr"])')
  [[ $kiosk == "$server" ]] || fail "after sync the server has $server, the kiosk $kiosk (sales, net)"
  as_pameran pameran-server backup --config /etc/pameran/server.toml --out-dir /var/lib/pameran/backups --keep 14 >/dev/null ||
    fail "the nightly backup command failed"
  [[ $(find "$ROOT/var/lib/pameran/backups" -name 'server-*Z.db' | wc -l) == 1 ]] || fail "no nightly backup file"
  say "installed kiosk enrolled and synced ($kiosk); the nightly backup ran"
  # The journal's view (the server's stderr): one structured line per request, no secret.
  grep -qE '^[0-9T:.-]+Z info event=access method=POST path=/api/v1/sales status=200 .* who=device:K01 ' "$ROOT/var/log/pameran-server.out" ||
    fail "no structured access line for the upload in the server's log"
  token=$(sqlite3 "$ROOT/root/kiosk.db" "SELECT value FROM setting WHERE key = 'sync.token'")
  [[ -n $token ]] || fail "no device token in the installed kiosk's settings"
  for secret in "$code" "$token"; do
    if grep -qF -- "$secret" "$ROOT/var/log/pameran-server.out"; then fail "the server's log holds a secret"; fi
  done
  say "the server's log: structured lines, no code or token"

  # ---- the installed kiosk window, when there is a display ----
  if [[ -n ${DISPLAY:-} && -d /tmp/.X11-unix ]]; then
    mkdir -p "$ROOT/tmp/.X11-unix"
    mount --bind /tmp/.X11-unix "$ROOT/tmp/.X11-unix"
    [[ -n ${XAUTHORITY:-} && -f $XAUTHORITY ]] && cp "$XAUTHORITY" "$ROOT/tmp/xauthority"
    chroot "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 DISPLAY="$DISPLAY" XAUTHORITY=/tmp/xauthority \
      PAMERAN_KIOSK_PROBE=/tmp/probe.txt pameran-kiosk --db /root/fresh/kiosk.db --size 1280x800 >"$ROOT/tmp/window.out" 2>&1 &
    WPID=$!
    for _ in $(seq 1 100); do grep -q '^setup-code ' "$ROOT/tmp/probe.txt" 2>/dev/null && break; sleep 0.1; done
    grep -q '^setup-code ' "$ROOT/tmp/probe.txt" 2>/dev/null || fail "the installed kiosk window did not show its first-boot screen: $(cat "$ROOT/tmp/window.out")"
    if command -v import >/dev/null; then
      mkdir -p "$BUILD/tests/deploy"
      import -window root "$BUILD/tests/deploy/installed-kiosk-first-boot.png" 2>/dev/null || true
    fi
    kill -TERM "$WPID"
    wait "$WPID" || fail "the installed kiosk did not stop cleanly on SIGTERM"
    WPID=''

    grep -qi "fonts not found" "$ROOT/tmp/window.out" && fail "the installed kiosk found no DejaVu fonts"
    say "the installed kiosk window opened on its first-boot screen with Debian's fonts"
  fi

  kill -TERM "$SPID"
  wait "$SPID" || fail "the installed server did not stop cleanly on SIGTERM"
  SPID=''
  # For step 5: an init, as on any installed server.
  in_root apt-get install -y -q --no-install-recommends systemd-sysv curl >"$ROOT/tmp/apt-init.out" 2>&1 ||
    fail "apt-get install systemd-sysv: $(tail -5 "$ROOT/tmp/apt-init.out")"
}

# ---- 5. the units under systemd itself, when this machine can boot a container ------------------
# systemd-nspawn boots the root: the package's postinst has enabled the service and the timer, so
# the sandboxed service must be running, answer health, come back after SIGKILL, and the backup
# service must run under its own sandbox. A machine that cannot boot a container at all (no
# systemd-nspawn, no cgroups) skips this step and says so; one that boots it must pass.
# Waits up to 20 s for the container to end (a poweroff, or SIGTERM: a clean shutdown), then
# kills it.
stop_container() {
  [[ -n $NSPID ]] || return 0
  local _
  for _ in $(seq 1 100); do kill -0 "$NSPID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$NSPID" 2>/dev/null || true
  wait "$NSPID" 2>/dev/null || true
  NSPID=''
}
booted_units() {
  command -v systemd-nspawn >/dev/null || { say "step 5 skipped: no systemd-nspawn (package systemd-container)"; return 0; }
  # Its own network (loopback only): port 8080 of the host stays out of it.
  systemd-nspawn -D "$ROOT" -b -M pameran-test --register=no --keep-unit --private-network --console=pipe \
    </dev/null >"$WORK/nspawn.out" 2>&1 &
  NSPID=$!
  local init='' _
  for _ in $(seq 1 100); do
    init=$(ps -o pid= --ppid "$NSPID" 2>/dev/null | head -1 | tr -d ' ' || true)
    [[ -n $init ]] && nsenter -t "$init" -a -- true 2>/dev/null && break
    init=''
    kill -0 "$NSPID" 2>/dev/null || break
    sleep 0.2
  done
  if [[ -z $init ]]; then
    say "step 5 skipped: this machine cannot boot a container: $(tail -2 "$WORK/nspawn.out" | tr '\n' ' ')"
    return 0
  fi
  ns() { nsenter -t "$init" -a -- /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
  local state=''
  for _ in $(seq 1 150); do
    state=$(ns systemctl is-active pameran-server 2>/dev/null || true)
    [[ $state == active ]] && break
    sleep 0.2
  done
  [[ $state == active ]] || fail "booted, pameran-server is $state: $(ns journalctl -u pameran-server --no-pager | tail -5)"
  for _ in $(seq 1 50); do ns curl -sf http://127.0.0.1:8080/api/v1/health >/dev/null && break; sleep 0.1; done
  ns curl -sf http://127.0.0.1:8080/api/v1/health >/dev/null || fail "the service does not answer health in its sandbox"
  [[ $(ns systemctl is-enabled pameran-server-backup.timer) == enabled ]] || fail "the backup timer is not enabled"
  ns systemctl start pameran-server-backup.service || fail "the backup service failed: $(ns journalctl -u pameran-server-backup --no-pager | tail -5)"
  ns journalctl -u pameran-server-backup --no-pager | grep -q "integrity ok" || fail "the backup service wrote no checked copy"
  ns systemctl kill -s KILL pameran-server
  for _ in $(seq 1 50); do
    [[ $(ns systemctl show -p NRestarts --value pameran-server) == 1 && $(ns systemctl is-active pameran-server) == active ]] && break
    sleep 0.2
  done
  [[ $(ns systemctl show -p NRestarts --value pameran-server) == 1 ]] || fail "systemd did not start the server again after SIGKILL"
  for _ in $(seq 1 50); do ns curl -sf http://127.0.0.1:8080/api/v1/health >/dev/null && break; sleep 0.1; done
  ns curl -sf http://127.0.0.1:8080/api/v1/health >/dev/null || fail "the restarted service does not answer"
  local exposure
  exposure=$(ns systemd-analyze security pameran-server --no-pager 2>/dev/null | grep -o 'Overall exposure level.*' || true)
  ns systemctl poweroff >/dev/null 2>&1 || true
  stop_container
  say "booted with systemd: the sandboxed service runs, restarts after SIGKILL, the backup service works ($exposure)"
}

if [[ ${PACKAGE_TEST_INNER:-} == 1 ]]; then
  # Whatever fails, the programs started in the root end with the test.
  stop_started() {
    local pid
    for pid in $SPID $WPID; do kill "$pid" 2>/dev/null; done
    wait
    true
  }
  trap stop_started EXIT
  SPID='' WPID=''
  inner
  exit 0
fi

[[ $(id -u) == 0 ]] || fail "needs root (chroot into the clean root)"
for tool in cpack dpkg-deb mmdebstrap unshare chroot systemd-analyze curl python3; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/deps.sh installs it)"
done

WORK=$(mktemp -d)
SCRATCH=/dev/shm
[[ -d $SCRATCH && -w $SCRATCH ]] || SCRATCH=${TMPDIR:-/tmp}
ROOT=$(mktemp -d "$SCRATCH/pameran-root.XXXXXX")
SPID='' NSPID=''
cleanup() {
  [[ -n $SPID ]] && kill "$SPID" 2>/dev/null
  [[ -n $NSPID ]] && kill "$NSPID" 2>/dev/null && stop_container
  wait 2>/dev/null || true
  rm -rf "$WORK"
  # The root's mounts lived in the test's own namespace; never remove through one.
  if ! grep -q " $ROOT/" /proc/self/mounts; then rm -rf "$ROOT"; fi
}
trap cleanup EXIT

# ---- 1. the packages ----------------------------------------------------------------------------
(cd "$WORK" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK/debs" >"$WORK/cpack.out" 2>&1) ||
  fail "cpack: $(tail -20 "$WORK/cpack.out")"
SERVER_DEB=$(ls "$WORK"/debs/pameran-server_*.deb)
KIOSK_DEB=$(ls "$WORK"/debs/pameran-kiosk_*.deb)
say "built $(basename "$SERVER_DEB") ($(du -k "$SERVER_DEB" | cut -f1) KiB) and $(basename "$KIOSK_DEB") ($(du -k "$KIOSK_DEB" | cut -f1) KiB)"
field() { dpkg-deb -f "$1" "$2"; }
[[ $(field "$SERVER_DEB" Section) == net ]] || fail "pameran-server's section is $(field "$SERVER_DEB" Section)"
[[ $(field "$KIOSK_DEB" Section) == misc ]] || fail "pameran-kiosk's section is $(field "$KIOSK_DEB" Section)"
SERVER_DEPENDS=$(field "$SERVER_DEB" Depends)
KIOSK_DEPENDS=$(field "$KIOSK_DEB" Depends)
for dep in libc6 libsqlite3-0 libcpp-httplib0.11 libpqxx-6.4 libhpdf-2.3.0 libtomlplusplus3 libspdlog1.10 adduser; do
  [[ $SERVER_DEPENDS == *"$dep"* ]] || fail "pameran-server does not depend on $dep: $SERVER_DEPENDS"
done
for dep in libc6 libsqlite3-0 libcurl4 libglfw3 libopengl0 libgl1 libsodium23 libqrencode4 libspdlog1.10 fonts-dejavu-core; do
  [[ $KIOSK_DEPENDS == *"$dep"* ]] || fail "pameran-kiosk does not depend on $dep: $KIOSK_DEPENDS"
done
for deb in "$SERVER_DEB" "$KIOSK_DEB"; do
  [[ $(field "$deb" Depends) != *-dev* ]] || fail "$(basename "$deb") depends on a -dev package"
done
dpkg-deb --ctrl-tarfile "$SERVER_DEB" | tar -t | grep -q './postinst' || fail "pameran-server has no postinst"
dpkg-deb --ctrl-tarfile "$KIOSK_DEB" | tar -t | grep -Eq './(postinst|prerm|postrm)' && fail "pameran-kiosk needs no maintainer scripts"
dpkg-deb --info "$SERVER_DEB" conffiles | grep -qx /etc/pameran/server.toml || fail "server.toml is not a conffile"
dpkg-deb --info "$KIOSK_DEB" conffiles | grep -qx /etc/pameran/kiosk.toml || fail "kiosk.toml is not a conffile"

# ---- 2. a clean Debian 12 root ------------------------------------------------------------------
mkdir -p "$CACHE/archives/partial"
BASE="$CACHE/bookworm-minbase.tar"
if [[ ! -s $BASE ]]; then
  say "making the clean Debian 12 root once (mmdebstrap minbase; cached in $BASE)"
  TMPDIR=$SCRATCH mmdebstrap --variant=minbase --format=tar --skip=cleanup/apt/lists --quiet bookworm "$BASE.part" ||
    fail "mmdebstrap could not make a Debian 12 root"
  mv "$BASE.part" "$BASE"
fi
tar -xf "$BASE" -C "$ROOT"
say "unpacked the clean root into $ROOT"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
echo force-unsafe-io >"$ROOT/etc/dpkg/dpkg.cfg.d/unsafe-io"  # the root is thrown away
mkdir -p "$ROOT/tmp/debs"
cp "$SERVER_DEB" "$KIOSK_DEB" "$ROOT/tmp/debs/"

# Everything that needs mounts runs in a private mount namespace: nothing outlives the test.
export PACKAGE_TEST_INNER=1 ROOT CACHE T0 SERVER_DEB KIOSK_DEB
unshare --mount --propagation private "$0" "$BUILD" "$CACHE" || exit 1
booted_units
say "ok"
