#!/usr/bin/env bash
# npm test: the type check, then the test suite once per store: SQLite always, and PostgreSQL as well
# when TEST_DATABASE_URL names a database (each test server then gets a fresh schema of its own in it;
# see test/helpers/server.ts). Fails when either run fails; both runs always finish, so one report
# shows every failure.
set -uo pipefail
cd "$(dirname "$0")/.."

npm run -s typecheck || exit 1

mapfile -t files < <(find test src -name '*.test.ts' | sort)
# The second run takes the files that reach a store through test/helpers/server.ts (startTestServer,
# freshDatabase): the API suites, the store and job tests, the DNS tests over a server. The others
# (pure unit tests, the CLI's and the DNS wire tests' own SQLite files) never see TEST_DATABASE_URL and
# would only run the same a second time.
mapfile -t store_files < <(grep -lE 'startTestServer|freshDatabase' "${files[@]}")
suite() { node --import tsx --test --test-concurrency=2 "$@"; }

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
fi
exit "$status"
