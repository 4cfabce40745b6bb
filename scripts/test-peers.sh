#!/usr/bin/env bash
# The real peers the test suite drives, from Debian's packages, installed when missing so that
# `npm ci && npm test` works on a fresh machine (npm test runs this first):
#   dig (dnsutils) and kdig (knot-dnsutils) query the builtin DNS server; zonemaster-cli checks a zone it
#   serves; pdns-server with its sqlite3 backend is the PowerDNS the powerdns provider publishes to (and a
#   real secondary); chromium renders the forwarder's pages and the API reference; python3-oauthlib is a
#   real OAuth 2.0 client for the partner token endpoint; Net::EPP (libnet-epp-perl) is an independent EPP
#   client that drives the test EPP registry, whose frames libxml2 checks against the RFC schemas
#   through XML::LibXML (libxml-libxml-perl, a dependency of Net::EPP). Signed zones are checked by three
#   independent DNSSEC validators: delv (in dnsutils), ldns-verify-zone (ldnsutils) and dnsviz. Invoice
#   PDFs are read back with pdftotext and pdftoppm (poppler-utils); Finvoice e-invoices are checked
#   against Finance Finland's schema with xmllint (libxml2-utils).
# As root it installs what is missing with apt-get; otherwise it names the packages and stops, since the
# tests would only fail later, one by one, for the same reason.
set -euo pipefail

missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
have dig || missing+=(dnsutils)
have kdig || missing+=(knot-dnsutils)
have zonemaster-cli || missing+=(zonemaster-cli)
have delv || missing+=(bind9-dnsutils)
have ldns-verify-zone || missing+=(ldnsutils)
have dnsviz || missing+=(dnsviz)
have pdftotext || missing+=(poppler-utils)
have xmllint || missing+=(libxml2-utils)
have pdns_server || missing+=(pdns-server pdns-backend-sqlite3)
have chromium || missing+=(chromium)
/usr/bin/python3 -c 'import oauthlib' >/dev/null 2>&1 || missing+=(python3-oauthlib)
perl -MNet::EPP::Simple -e 1 >/dev/null 2>&1 || missing+=(libnet-epp-perl)
perl -MXML::LibXML -e 1 >/dev/null 2>&1 || missing+=(libxml-libxml-perl)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "# test peers missing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "# install them first: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
# policy-rc.d keeps pdns-server from starting a system-wide PowerDNS on port 53 while it installs: the
# tests start their own on loopback.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
