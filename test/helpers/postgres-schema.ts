import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh, empty schema in the PostgreSQL database `serverUrl`, for a test server or a benchmark run:
 * its DATABASE_URL reaches it through the search_path in the connection string's `options`, so the
 * server, the CLI and the migrations see only it. Named hp_<unix seconds>_<random>, so that
 * scripts/drop-stale-test-schemas.mjs drops those a killed run left behind a day later.
 */
export async function freshSchema(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `hp_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `create schema ${schema}`);
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => admin(serverUrl, `drop schema if exists ${schema} cascade`) };
}

async function admin(databaseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
