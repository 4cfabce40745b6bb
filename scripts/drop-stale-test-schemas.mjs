// Drops the test schemas (hp_<unix seconds>_<random>, made by test/helpers/server.ts) older than a day
// from the database TEST_DATABASE_URL names: a test file killed midway never drops its own. A day is
// far longer than any run, so a run going on beside this one (another checkout) keeps its schemas.
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL;
if (!url) process.exit(0);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const cutoff = Math.floor(Date.now() / 1000) - 86_400;
  const { rows } = await client.query(`select nspname from pg_namespace where nspname ~ '^hp_[0-9]+_[0-9a-f]+$'`);
  const stale = rows.map((r) => r.nspname).filter((name) => Number(name.split('_')[1]) < cutoff);
  for (const name of stale) await client.query(`drop schema if exists ${name} cascade`);
  if (stale.length > 0) console.log(`# dropped ${stale.length} test schemas left by earlier runs`);
} finally {
  await client.end();
}
