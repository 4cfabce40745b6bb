import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshSchema } from './postgres-schema.js';
import { loadConfig } from '../../src/config/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { createUser, type CreateUserInput } from '../../src/core/accounts/create-user.js';
import { createRuntime, startServer, type Runtime, type Server } from '../../src/main.js';
import type { Ctx } from '../../src/core/context.js';
import { createPartner } from '../../src/core/partners/create-partner.js';
import type { Registry } from '../../src/ports/registry.js';

export interface Response<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is (for malformed JSON tests) instead of JSON.stringify(body). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  server: Server;
  clock: ManualClock;
  dir: string;
  /** The server's DATABASE_URL, for a second process (the CLI, `hostplane dns`) on the same store. */
  databaseUrl: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<Response<T>>;
  /** A customer account (through the core, as `hostplane users create` makes one) and its login token. */
  user(input?: Partial<CreateUserInput>): Promise<{ id: number; username: string; password: string; token: string }>;
  /** A reseller partner (through the core, as `hostplane partners create` makes one) and its credentials. */
  partner(name?: string): Promise<{ id: number; userId: number; apiKey: string; clientId: string; clientSecret: string }>;
  close(): Promise<void>;
}

let counter = 0;

export interface TestDatabase {
  /** DATABASE_URL of an empty store of its own. */
  url: string;
  /** Removes the store (the SQLite file goes with its folder; a PostgreSQL schema is dropped). */
  drop(): Promise<void>;
}

/**
 * The store the test suite runs on: a fresh SQLite file in `dir`, or, when TEST_DATABASE_URL names a
 * PostgreSQL database (`npm test` runs the suite once per store), a fresh schema of its own in that
 * database. The schema is reached through the search_path in the connection string's `options`, so
 * the server, the CLI and the migrations see only it, and parallel test files never meet.
 */
export async function freshDatabase(dir: string): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) return { url: `sqlite:${join(dir, 'hostplane.db')}`, drop: async () => {} };
  return freshSchema(server);
}

/**
 * argon2id at 1 MiB and one pass for the passwords tests make (the same code, at a cost a fraction of
 * production's 64 MiB and 3 passes, which take a quarter to half a second of a core here; the suite
 * makes thousands). A test that needs verifications to take real time sets the production cost back.
 */
export const TEST_PASSWORD_HASHING = { PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_PASSES: '1' };

export interface TestRuntime {
  runtime: Runtime;
  ctx: Ctx;
  close(): Promise<void>;
}

/**
 * The core over a fresh store (see freshDatabase), without HTTP: for tests that call commands and
 * repositories directly, many at once (the store's locks), at 2026-03-01 10:00 on a manual clock.
 */
export async function startTestRuntime(env: Record<string, string> = {}): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'hostplane-runtime-'));
  const database = await freshDatabase(dir);
  const config = loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, LOG_LEVEL: 'silent', ...env });
  const runtime = await createRuntime(config, { clock: new ManualClock('2026-03-01T10:00:00Z') });
  return {
    runtime,
    ctx: runtime.ctx,
    async close() {
      await runtime.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the real server on a free loopback port over a fresh store (see freshDatabase), with a clock
 * the test can move. Everything is driven over HTTP.
 */
export async function startTestServer(
  options: {
    env?: Record<string, string>;
    start?: string;
    /** Wraps the server's registry (a registry that refuses or is down for some names: refusing-registry.ts). */
    registry?: (configured: Registry) => Registry;
    /**
     * Another server's store (its `databaseUrl`): a second instance behind the same load balancer, as
     * PostgreSQL allows. The store stays when this server closes; its owner drops it.
     */
    databaseUrl?: string;
  } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hostplane-test-'));
  const database: TestDatabase = options.databaseUrl ? { url: options.databaseUrl, drop: async () => {} } : await freshDatabase(dir);
  const config = loadConfig({
    DATABASE_URL: database.url,
    // Beside the SQLite file, as in production; a PostgreSQL store would otherwise use ./data.
    DATA_DIR: dir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    PROVIDER_NAME: 'Hostplane',
    PROVIDER_DOMAIN: 'hostplane.test',
    // No DNS server unless a test asks for one (DNS_PORT: '0' picks a free port).
    DNS_PORT: 'off',
    // Nor a web forwarder (WEB_PORT: '0' picks a free port).
    WEB_PORT: 'off',
    ...TEST_PASSWORD_HASHING,
    ...options.env,
  });
  const clock = new ManualClock(options.start ?? '2026-03-01T10:00:00Z');
  let server: Server;
  try {
    server = await startServer(config, { clock, logger: false, registry: options.registry });
  } catch (err) {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const request = async (method: string, path: string, opts: RequestOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(server.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      /* non-JSON answers stay text */
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };

  return {
    url: server.url,
    server,
    clock,
    dir,
    databaseUrl: database.url,
    request,
    async user(input = {}) {
      const username = input.username ?? `user${++counter}`;
      const password = input.password ?? 'correct horse battery';
      const user = await createUser(server.runtime.ctx, { username, password, ...input });
      const login = await request('POST', '/api/v1/auth', { body: { username, password } });
      if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
      return { id: user.id, username, password, token: login.body.data.token as string };
    },
    async partner(name = `Partner ${++counter}`) {
      const p = await createPartner(server.runtime.ctx, { name });
      return { id: p.partner.id, userId: p.partner.user_id, apiKey: p.apiKey, clientId: p.clientId, clientSecret: p.clientSecret };
    },
    async close() {
      await server.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
