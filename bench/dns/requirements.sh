#!/usr/bin/env bash
# What `npm run bench:dns` needs from Debian, installed only when missing: dnsperf (the load), dig
# (dnsutils: the answers compared before measuring), and PowerDNS with its sqlite3 backend (the
# baseline). policy-rc.d keeps the package from starting a system-wide pdns on port 53 as it installs.
set -euo pipefail
command -v dnsperf >/dev/null && command -v dig >/dev/null || {
  apt-get update && apt-get install -y --no-install-recommends dnsperf dnsutils
}
{ command -v pdns_server >/dev/null || [ -x /usr/sbin/pdns_server ]; } && [ -d /usr/share/pdns-backend-sqlite3 ] || {
  policy=/usr/sbin/policy-rc.d
  [ -e "$policy" ] || { printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; trap 'rm -f "$policy"' EXIT; }
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends pdns-server pdns-backend-sqlite3
}
