import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildApp } from '../../src/api/app.js';
import type { RequestOptions, Response, TestServer } from './server.js';

/**
 * The robustness fuzz of both APIs (test/api/{client,partner}/robustness.test.ts): every route the app
 * serves, called with ids of objects the caller owns, first as a valid request that must reach the
 * handler, then with each field of that request made wrong, with malformed bodies and with bad path
 * values. Invariants only (no 5xx, the dialect's envelope, a refused request changes nothing), not
 * today's messages, which change as validation does.
 */

export interface Route {
  method: string;
  /** Fastify's form: `/domains/:domain/record`. */
  path: string;
}

/**
 * The routes the app serves, from Fastify's route table (printRoutes of an app built over the test
 * server's runtime, as main.ts builds it), HEAD left out: Fastify adds one to every GET.
 */
export async function routeTable(t: TestServer): Promise<Route[]> {
  const app = await buildApp(t.server.runtime.ctx, t.server.runtime.db, { logger: false });
  try {
    await app.ready();
    return parseRouteTree(app.printRoutes({ commonPrefix: false }));
  } finally {
    await app.close();
  }
}

/** Reads printRoutes' tree: each line's path continues its parent's (four columns per level). */
export function parseRouteTree(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack.length = depth;
    stack.push(path);
    for (const method of m[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push({ method, path });
  }
  return routes;
}

export const routeKey = (r: Route) => `${r.method} ${r.path}`;

/** `path` with each `:param` replaced by its value (URL-encoded unless `raw`). */
export function fill(path: string, params: Record<string, string>, raw = false): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    assert.ok(name in params, `no value for :${name} in ${path}`);
    return raw ? params[name]! : encodeURIComponent(params[name]!);
  });
}

/** Path values that are not ids (or ids of nothing); sent raw, some already percent-encoded. */
export const BAD_PATH_VALUES = ['0', '-1', '99999999999999999999', '1.5', '%00', '..%2F..%2Fetc', 'x'.repeat(250), '%E2%98%83', "'%20OR%201=1--"];

/** Whole bodies of the wrong kind. */
export const BAD_BODIES: unknown[] = [null, [], 'text', 42, true, {}];
export const RAW_BODIES = ['{', '{"a":', '[1,2', '\u0000', '{"a": 1}{"b": 2}', '{"__proto__": {"admin": true}}'];

/** What a field may be sent as instead of what it should be. */
const WRONG_VALUES: unknown[] = [null, 1.5, '', 'x'.repeat(5000), [], { a: 1 }, '1'];

/** The valid body with each field in turn (or those of `fields`) made wrong, then left out; an unknown field added. */
export function fieldMutations(valid: Record<string, unknown>, fields = Object.keys(valid), wrong = WRONG_VALUES): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const key of fields) {
    for (const value of wrong) out.push({ ...valid, [key]: value });
    const rest = { ...valid };
    delete rest[key];
    out.push(rest);
  }
  out.push({ ...valid, unexpected_field: 'x' });
  return out;
}

const tableColumns = new WeakMap<TestServer, Array<{ name: string; columns: string[] }>>();

/**
 * Everything the store holds, as one string (a sorted line per row), to see that a refused request
 * changed nothing. Rows are compared whole; `ignore` names tables a refused request may change by
 * design (failed logins).
 */
export async function storeDigest(t: TestServer, ignore: string[] = []): Promise<string> {
  const db = t.server.runtime.db;
  if (!tableColumns.has(t)) {
    const tables = (await db.introspection.getTables()).filter((tb) => !tb.name.startsWith('kysely_'));
    tableColumns.set(t, tables.map((tb) => ({ name: tb.name, columns: tb.columns.map((c) => c.name) })).sort((a, b) => a.name.localeCompare(b.name)));
  }
  // One query, each row as text (the same SQL on SQLite and PostgreSQL): a query per table made the
  // PostgreSQL fuzz take minutes, a round trip each.
  const selects = tableColumns.get(t)!.filter((tb) => !ignore.includes(tb.name)).map((tb) => {
    const row = sql.join(tb.columns.map((c) => sql`coalesce(cast(${sql.ref(c)} as text), '<null>')`), sql` || '|' || `);
    return sql`select ${sql.lit(tb.name)} as tbl, ${row} as line from ${sql.table(tb.name)}`;
  });
  const rows = await sql<{ tbl: string; line: string }>`${sql.join(selects, sql` union all `)}`.execute(db);
  return rows.rows.map((r) => `${r.tbl}: ${r.line}`).sort().join('\n');
}

/** The lines of `after` not in `before`, and the other way round (for a failure message). */
function lineDiff(before: string, after: string): string {
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  return [...[...a].filter((l) => !b.has(l)).map((l) => `- ${l}`), ...[...b].filter((l) => !a.has(l)).map((l) => `+ ${l}`)].join('\n').slice(0, 3000);
}

/** The store once the jobs a successful request queued have run (a drain queues behind any running one). */
export async function settledDigest(t: TestServer, ignore: string[] = []): Promise<string> {
  await t.server.runtime.runner.drain();
  return storeDigest(t, ignore);
}

export interface FuzzCase {
  /** Values for the route's path parameters: the caller's own objects. */
  params?: Record<string, string>;
  /** A valid body (for routes that take one). */
  body?: Record<string, unknown>;
  /** Query string of the valid request, without '?'. */
  query?: string;
  /** The body fields to make wrong (default: all of them). */
  fields?: string[];
  /** What to make them (default: a value of every JSON type, and strings empty, long and numeric). */
  wrong?: unknown[];
  /** Statuses the valid request may get from the handler (default: any 2xx). */
  expect?: number[];
  /** Done before the valid request (e.g. make the object a DELETE removes); may give params. */
  prepare?: () => Promise<Record<string, string> | void>;
  /** The token for this route, when it is not the caller's (e.g. a refresh, which ends the token). */
  token?: () => Promise<string>;
  /** The tables a refused request to this route may change by design. */
  mayChange?: string[];
  /** Path values naming another account's objects: the valid request with them must be refused. */
  foreign?: Record<string, string>;
}

export interface FuzzOptions {
  t: TestServer;
  token: string;
  /** Asserts the dialect's error envelope for a 4xx answer. */
  envelope(label: string, res: Response, route: Route): void;
  /** Tables no refused request of the dialect may be judged by (e.g. failed logins). */
  ignore?: string[];
}

export interface FuzzReport {
  requests: number;
  /** Milliseconds spent on each route, to keep the run bounded. */
  ms: Map<string, number>;
  /** Routes whose valid request reached the handler (answered as `expect` says). */
  reached: Set<string>;
}

/**
 * Fuzzes one route: the valid request (must be answered as `expect` says), then each field made wrong,
 * wrong bodies, raw broken JSON, text/plain, and each path parameter replaced by a bad value. Every
 * answer is below 500 and, when a 4xx, in the dialect's envelope; a refused request changes nothing.
 */
export async function fuzzRoute(o: FuzzOptions, route: Route, c: FuzzCase, report: FuzzReport): Promise<void> {
  const { t } = o;
  const ignore = [...(o.ignore ?? []), ...(c.mayChange ?? [])];
  const token = c.token ? await c.token() : o.token;
  // A DELETE takes a body when its case gives one (removing name servers names them).
  const hasBody = c.body !== undefined || (route.method !== 'GET' && route.method !== 'DELETE');
  let before = await settledDigest(t, ignore);

  /** `unparsed`: a body no handler can see (broken JSON, another media type), so the store is not compared. */
  const send = async (label: string, path: string, options: RequestOptions, unparsed = false) => {
    const res = await t.request(route.method, path, { token, ...options });
    report.requests++;
    assert.ok(res.status < 500, `${label} -> ${res.status} ${JSON.stringify(res.body)?.slice(0, 500)}`);
    if (res.status >= 400) {
      o.envelope(label, res, route);
      // A read writes nothing (a refresh, which does, is a GET fuzzed with a token of its own).
      if (route.method === 'GET' || unparsed) return res;
      const after = await storeDigest(t, ignore);
      if (after !== before) assert.fail(`${label} was refused (${res.status}) but changed the store:\n${lineDiff(before, after)}`);
    } else {
      before = await settledDigest(t, ignore);
    }
    return res;
  };

  const prepared = (await c.prepare?.()) ?? {};
  const params = { ...c.params, ...prepared };
  const url = fill(route.path, params) + (c.query ? `?${c.query}` : '');
  const key = routeKey(route);

  // The fuzz below is worth something only if the same request, done right, reaches the handler.
  const valid = await send(`${key} (valid)`, url, hasBody ? { body: c.body ?? {} } : {});
  const expected = c.expect ?? [200, 201, 204];
  assert.ok(expected.includes(valid.status), `${key}: the valid request answered ${valid.status}, not ${expected}: ${JSON.stringify(valid.body)?.slice(0, 500)}`);
  report.reached.add(key);

  if (hasBody) {
    for (const body of [...(c.body ? fieldMutations(c.body, c.fields, c.wrong) : []), ...BAD_BODIES]) {
      await send(`${key} ${JSON.stringify(body)?.slice(0, 80)}`, url, { body });
    }
    for (const rawBody of RAW_BODIES) await send(`${key} raw ${JSON.stringify(rawBody)}`, url, { rawBody }, !rawBody.startsWith('{"__proto__"'));
    await send(`${key} text/plain`, url, { rawBody: 'x=1', headers: { 'content-type': 'text/plain' } }, true);
  } else {
    for (const qs of ['limit=abc', 'offset=-1', 'limit=1&limit=2', 'limit=%00', 'x[]=1', `q=${'x'.repeat(3000)}`]) {
      await send(`${key}?${qs.slice(0, 40)}`, `${fill(route.path, params)}?${qs}`, {});
    }
  }
  if (c.foreign) {
    const res = await send(`${key} (another account's)`, fill(route.path, { ...params, ...c.foreign }), hasBody ? { body: c.body ?? {} } : {});
    assert.ok(res.status >= 400, `${key}: another account's object answered ${res.status}`);
  }
  for (const name of Object.keys(params).filter((n) => route.path.includes(`:${n}`))) {
    for (const value of BAD_PATH_VALUES) {
      const path = fill(route.path, { ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, encodeURIComponent(v)])), [name]: value }, true);
      await send(`${route.method} ${path}`, path, hasBody ? { body: c.body ?? {} } : {});
    }
  }
}

/**
 * The fuzz of a whole dialect: every route of `routes` has a case (and every case a route, so that a
 * new route cannot go unfuzzed), each is fuzzed, and each valid request reached its handler.
 */
export async function fuzzDialect(o: FuzzOptions, routes: Route[], cases: Record<string, FuzzCase>): Promise<FuzzReport> {
  const keys = routes.map(routeKey);
  assert.deepEqual(keys.filter((k) => !(k in cases)), [], 'routes with no fuzz case');
  assert.deepEqual(Object.keys(cases).filter((k) => !keys.includes(k)), [], 'fuzz cases of routes the app does not serve');
  const report: FuzzReport = { requests: 0, reached: new Set(), ms: new Map() };
  for (const route of routes) {
    const start = performance.now();
    await fuzzRoute(o, route, cases[routeKey(route)]!, report);
    report.ms.set(routeKey(route), performance.now() - start);
  }
  assert.deepEqual(keys.filter((k) => !report.reached.has(k)), [], 'routes whose handler the fuzz never reached');
  return report;
}
