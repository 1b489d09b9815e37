#!/usr/bin/env bash
# The nginx recipe (deploy/nginx/pameran.conf), run for real: nginx as an ordinary process on
# loopback with a throw-away certificate authority, the real pameran-server behind it, and a
# kiosk that enrolls and syncs through it with --ca-file. Checks: exactly once (the server's
# totals equal the kiosk's report), no request without the CA, plain HTTP sent to HTTPS, bodies
# over 4 MiB refused by nginx, and the kiosk's address forwarded to the server.
#
# Only the ports, the certificate paths and the upstream port of the recipe are changed for the
# test (each change must apply, so a recipe that drifts fails here).
#
# Usage: nginx_tls_test.sh SERVER_BINARY KIOSK_BINARY RECIPE DEMO_DIR
set -euo pipefail

SERVER=${1:?server binary}
KIOSK=${2:?kiosk binary}
RECIPE=${3:?deploy/nginx/pameran.conf}
DEMO=${4:?assets/demo folder}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in "$NGINX" openssl curl python3; do
  command -v "$tool" >/dev/null || { echo "nginx_tls_test: $tool is missing" >&2; exit 1; }
done

WORK=$(mktemp -d)
chmod 755 "$WORK"
SPID='' NPID=''
cleanup() {
  for p in $SPID $NPID; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "nginx_tls_test: FAIL: $*" >&2
  for f in server.out nginx/error.log nginx/access.log; do echo "--- $f" >&2; tail -n 20 "$WORK/$f" >&2 || true; done
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---- a throw-away certificate authority and a certificate for localhost ----------------------
TLS="$WORK/tls"
mkdir -p "$TLS"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Pameran Test CA" \
  -keyout "$TLS/ca.key" -out "$TLS/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$TLS/server.key" -out "$TLS/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$TLS/ext.cnf"
openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.crt" -CAkey "$TLS/ca.key" -CAcreateserial -days 2 \
  -extfile "$TLS/ext.cnf" -out "$TLS/server.crt" 2>/dev/null

# ---- the server, as the organizer sets it up ---------------------------------------------------
SDB="$WORK/server.db"
"$SERVER" event create --db "$SDB" --code DEPOK-2026 --name "Pameran Kriya Depok" >/dev/null
"$SERVER" catalog import --db "$SDB" --event DEPOK-2026 --vendors "$DEMO/vendors.csv" --products "$DEMO/products.csv" >/dev/null
CODE=$("$SERVER" device enroll --db "$SDB" --event DEPOK-2026 --name "Kios 1" | tail -1)
SERVER_PORT=$(free_port)
TRUST=()
# The trusted-proxy setting, once the server has it: nginx's X-Forwarded-For is then believed.
if "$SERVER" serve --help 2>&1 | grep -q -- --trusted-proxy; then TRUST=(--trusted-proxy 127.0.0.1); fi
"$SERVER" serve --db "$SDB" --listen "127.0.0.1:$SERVER_PORT" --access-log "$WORK/access.log" "${TRUST[@]}" >"$WORK/server.out" 2>&1 &
SPID=$!

# ---- nginx with the recipe ----------------------------------------------------------------------
HTTPS_PORT=$(free_port)
HTTP_PORT=$(free_port)
mkdir -p "$WORK/nginx/tmp"
chmod 777 "$WORK/nginx/tmp"
python3 - "$RECIPE" "$WORK/nginx/pameran.conf" <<EOF
import sys
text = open(sys.argv[1]).read()
changes = [
    ("server 127.0.0.1:8080;", "server 127.0.0.1:$SERVER_PORT;"),
    ("    listen 443 ssl http2;\n", "    listen 127.0.0.1:$HTTPS_PORT ssl http2;\n"),
    ("    listen [::]:443 ssl http2;\n", ""),
    ("    listen 80;\n", "    listen 127.0.0.1:$HTTP_PORT;\n"),
    ("    listen [::]:80;\n", ""),
    ("/etc/pameran/tls/", "$TLS/"),
]
for old, new in changes:
    if old not in text:
        sys.exit("the recipe no longer has: " + old.strip())
    text = text.replace(old, new)
open(sys.argv[2], "w").write(text)
EOF
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 256; }
http {
    access_log $WORK/nginx/access.log;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    include $WORK/nginx/pameran.conf;
}
EOF
"$NGINX" -t -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$WORK/nginx-t.out" 2>&1 || fail "nginx -t: $(cat "$WORK/nginx-t.out")"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' 2>"$WORK/nginx/stderr" &
NPID=$!
URL="https://localhost:$HTTPS_PORT"
for _ in $(seq 1 100); do
  curl -sf --cacert "$TLS/ca.crt" "$URL/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf --cacert "$TLS/ca.crt" "$URL/api/v1/health" >/dev/null || fail "health does not answer through nginx"

# ---- plain HTTP points to HTTPS; an oversized body stops at nginx --------------------------------
REDIRECT=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$HTTP_PORT/api/v1/health")
[[ $REDIRECT == "301 https://localhost/api/v1/health" || $REDIRECT == 301\ https://localhost* ]] || fail "plain HTTP answered: $REDIRECT"
head -c $((5 * 1024 * 1024)) /dev/zero >"$WORK/big.bin"
BEFORE=$(wc -l <"$WORK/access.log" 2>/dev/null || echo 0)
BIG=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" -H 'Authorization: Bearer x' \
  -H 'Content-Type: application/json' --data-binary @"$WORK/big.bin" "$URL/api/v1/sales")
[[ $BIG == 413 ]] || fail "a 5 MiB upload was answered $BIG, not 413"
AFTER=$(wc -l <"$WORK/access.log" 2>/dev/null || echo 0)
[[ $BEFORE == "$AFTER" ]] || fail "the 5 MiB upload reached the server"

# ---- a kiosk without the CA cannot enroll, and sends nothing ------------------------------------
KDB="$WORK/kiosk.db"
if "$KIOSK" enroll --db "$KDB" --server "$URL" --code "$CODE" --name "Kios 1" >"$WORK/enroll-noca.out" 2>&1; then
  fail "enrolled without the CA"
fi
grep -qi "certificate\|SSL\|TLS" "$WORK/enroll-noca.out" || fail "the refusal does not name the certificate: $(cat "$WORK/enroll-noca.out")"
grep -q "/api/v1/enroll" "$WORK/access.log" 2>/dev/null && fail "a request reached the server without a verified TLS connection"

# ---- enroll and sync through nginx, exactly once ------------------------------------------------
"$KIOSK" enroll --db "$KDB" --server "$URL" --code "$CODE" --name "Kios 1" --ca-file "$TLS/ca.crt" >/dev/null ||
  fail "enroll through nginx: $(cat "$WORK/enroll-noca.out")"
"$KIOSK" simulate --db "$KDB" --sales 300 --seed 11 >/dev/null
"$KIOSK" sync --db "$KDB" --once >"$WORK/sync1.out" 2>&1 || fail "sync through nginx: $(cat "$WORK/sync1.out")"
"$KIOSK" simulate --db "$KDB" --sales 20 --seed 12 >/dev/null
"$KIOSK" sync --db "$KDB" --once >"$WORK/sync2.out" 2>&1 || fail "second sync: $(cat "$WORK/sync2.out")"
"$KIOSK" sync --db "$KDB" --once >/dev/null || fail "an idle sync failed"
"$KIOSK" report --db "$KDB" --format json >"$WORK/kiosk.json"
"$SERVER" report --db "$SDB" --event DEPOK-2026 --format json >"$WORK/server.json"
python3 - "$WORK/kiosk.json" "$WORK/server.json" <<'EOF' || fail "the server's totals differ from the kiosk's"
import json, sys
kiosk, server = (json.load(open(p)) for p in sys.argv[1:])
for key in ("sales_count", "items_sold", "gross_idr", "discount_idr", "refund_idr", "net_idr"):
    if kiosk[key] != server[key]:
        sys.exit(f"{key}: kiosk {kiosk[key]}, server {server[key]}")
def by(report, field, key, value):
    return {e[key]: e[value] for e in report[field] if e[value]}
for field, key, value in (("by_vendor", "vendor_code", "net_idr"), ("by_payment", "method", "amount_idr"), ("by_day", "date", "net_idr")):
    if by(kiosk, field, key, value) != by(server, field, key, value):
        sys.exit(f"{field} differs")
if kiosk["sales_count"] < 300:
    sys.exit("too few sales simulated")
EOF
"$SERVER" device list --db "$SDB" --event DEPOK-2026 | grep -q "missing=-" || fail "the server lists missing sequence numbers"

# ---- the kiosk's address, forwarded -------------------------------------------------------------
grep -q 'X-Forwarded-For $remote_addr' "$RECIPE" || fail "the recipe does not set X-Forwarded-For"
if ((${#TRUST[@]})); then
  curl -sf --interface 127.0.0.2 --cacert "$TLS/ca.crt" "https://localhost:$HTTPS_PORT/api/v1/health" >/dev/null ||
    fail "health from 127.0.0.2"
  sleep 0.2
  grep '/api/v1/health' "$WORK/access.log" | tail -1 | grep -q 'ip=127.0.0.2' ||
    fail "the server did not see the kiosk's own address: $(grep /api/v1/health "$WORK/access.log" | tail -1)"
fi
SALES=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sales_count"])' "$WORK/server.json")
echo "nginx_tls_test: ok ($SALES sales through TLS, exactly once; no-CA refused; 5 MiB refused by nginx; http -> https)"
