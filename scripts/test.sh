#!/usr/bin/env bash
# npm test: the test peers, the type check, then the test suite once per store: SQLite always, and PostgreSQL as well
# when TEST_DATABASE_URL names a database (each test server then gets a fresh schema of its own in it;
# see test/helpers/server.ts). Fails when either run fails; both runs always finish, so one report
# shows every failure.
set -uo pipefail
cd "$(dirname "$0")/.."

# The Debian programs the tests drive (dig, PowerDNS, chromium, ...), installed when missing.
bash scripts/test-peers.sh || exit 1

# The type check, which also compiles src and the tests into .test-build: the suite runs the compiled
# files with plain Node. Loading src through tsx's hooks cost each test process some 3 s of CPU more
# than the same modules compiled, 240 processes a run on two cores. A single file still runs from its
# TypeScript with `node --import tsx --test test/...`; the tests reach files that are not TypeScript
# from the checkout's root (test/helpers/paths.ts), never from their own compiled location.
rm -rf .test-build
npx tsc -p tsconfig.json --outDir .test-build || exit 1

# The files that take longest (half a minute to a minute, mostly waiting for the processes, browsers and
# collisions they stage) go first: taken in name order, test/store/* started last and ran alone at the
# end of a pass. The rest in name order.
slow='^test/(store/(crash|migrate)|api/(client|partner)/robustness|api/record-limits|servers/dns/(load-zones|robustness)|jobs/dnssec-flows|cli/payments|panel/(browser|contacts-browser))[.]test[.]ts$'
mapfile -t sources < <(find test src -name '*.test.ts' | sort | awk -v slow="$slow" '$0 ~ slow { print; next } { rest[n++] = $0 } END { for (i = 0; i < n; i++) print rest[i] }')
compiled() { sed -E 's#^(.*)\.ts$#.test-build/\1.js#'; }
mapfile -t files < <(printf '%s\n' "${sources[@]}" | compiled)
# The second run takes the files that reach a store through test/helpers/server.ts (startTestServer,
# startTestRuntime, freshDatabase): the API suites, the store and job tests, the licensing sandbox, the DNS
# tests over a server. The others (pure unit tests, the DNS wire tests, SQLite's own group commit) never
# open the store they would share, and would only run the same a second time.
# Left out of it too: the panel's browser walks (they test pages in chromium; the panel's HTTP tests
# drive the same pages over PostgreSQL), and files that say "The PostgreSQL pass of npm test leaves this
# file out": their subject is a protocol or a peer (delv, dig, Zonemaster, a PowerDNS secondary) or the
# panel's pages over core commands, and they read the store only as the API suites, which run on both,
# read it. The panel's own queries (sessions, paged and searched records, a partner's pages) stay in.
mapfile -t store_files < <(grep -lE 'startTestServer|startTestRuntime|freshDatabase' "${sources[@]}" \
  | grep -vE '(^|/|-)browser\.test\.ts$' \
  | xargs grep -L 'The PostgreSQL pass of npm test leaves this file out' | compiled)
suite() { node --enable-source-maps --test --test-concurrency=3 "$@"; }

# The race and locking tests bite only on PostgreSQL: a run without it says so, first and last, so that a
# green SQLite run is not taken for the whole suite.
skipped="# store: postgres SKIPPED: TEST_DATABASE_URL is not set (the race tests bite only there; CI sets it, see .ci/run)"
[ -n "${TEST_DATABASE_URL:-}" ] || echo "$skipped"

status=0
started=$SECONDS
echo "# store: sqlite (${#files[@]} files)"
(unset TEST_DATABASE_URL; suite "${files[@]}") || status=1
echo "# store: sqlite, $((SECONDS - started)) s"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  started=$SECONDS
  echo "# store: postgres (${#store_files[@]} files)"
  node scripts/drop-stale-test-schemas.mjs || status=1
  suite "${store_files[@]}" || status=1
  echo "# store: postgres, $((SECONDS - started)) s"
else
  echo "$skipped"
fi
exit "$status"
