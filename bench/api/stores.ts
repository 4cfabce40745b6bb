import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshSchema } from '../../test/helpers/postgres-schema.js';
import { onCleanUp } from './processes.js';

export type StoreKind = 'sqlite' | 'postgres';

export interface BenchStore {
  kind: StoreKind;
  databaseUrl: string;
  /** The server's DATA_DIR (its JWT secret file; the SQLite file too). */
  dataDir: string;
}

/** The PostgreSQL database a run makes its schema in (trust auth on loopback, as on CI). */
export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * An empty store of the run's own, removed again by cleanUp(): a SQLite file in a temp folder (on the
 * temp folder's disk, so synchronous=FULL pays for real fsyncs), or a fresh schema in POSTGRES_URL,
 * reached through the search_path in the connection string's `options` as the test suite does. The
 * schema is named like the test suite's (hp_<unix seconds>_<random>), so a run killed before its
 * clean-up is dropped by scripts/drop-stale-test-schemas.mjs a day later.
 */
export async function freshStore(kind: StoreKind): Promise<BenchStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostplane-bench-'));
  onCleanUp(async () => rmSync(dataDir, { recursive: true, force: true }));
  if (kind === 'sqlite') return { kind, databaseUrl: `sqlite:${join(dataDir, 'hostplane.db')}`, dataDir };

  const schema = await freshSchema(POSTGRES_URL);
  onCleanUp(() => schema.drop());
  return { kind, databaseUrl: schema.url, dataDir };
}

/** A server's environment over `store`: a port, no DNS or web forwarder, warnings only. */
export function serverEnv(store: BenchStore, jwtSecret: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: store.databaseUrl,
    DATA_DIR: store.dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_SECRET: jwtSecret,
    DNS_PORT: 'off',
    WEB_PORT: 'off',
    // Request logging at info costs a log line per request; the benchmark measures the server, not pino.
    LOG_LEVEL: 'warn',
  };
}
