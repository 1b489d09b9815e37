#!/bin/sh
# P12: fails when any file under core/, sync/ or kiosk/ turns TLS peer or host verification off
# (libcurl's SSL_VERIFYPEER/SSL_VERIFYHOST set to 0, or httplib's verification disabled).
set -u
root=${1:?usage: no_tls_bypass.sh SOURCE_DIR}
pattern='SSL_VERIFY(PEER|HOST)[[:space:]]*,[[:space:]]*(0[lL]*|false)([^0-9A-Za-z_]|$)|enable_server_certificate_verification[[:space:]]*\([[:space:]]*false'

# The pattern must catch what it is for, or this check could never fail.
for line in 'curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);' 'curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0);' \
            'cli.enable_server_certificate_verification(false);'; do
  printf '%s\n' "$line" | grep -Eq "$pattern" || { echo "self-check failed: the pattern misses: $line"; exit 2; }
done
for line in 'curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);' 'curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);'; do
  printf '%s\n' "$line" | grep -Eq "$pattern" && { echo "self-check failed: the pattern flags: $line"; exit 2; }
done

found=$(grep -rEn --exclude=no_tls_bypass.sh "$pattern" "$root/core" "$root/sync" "$root/kiosk" 2>/dev/null)
if [ -n "$found" ]; then
  printf '%s\n' "$found"
  echo "TLS verification is turned off above: RELIABILITY.md P12 forbids it"
  exit 1
fi
echo "TLS verification is never turned off in core/ sync/ kiosk/"
