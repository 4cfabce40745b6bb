import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/**
 * Every client API route, taken from the generated OpenAPI document, gets malformed input: bad path
 * parameters, wrong JSON types, broken JSON, huge strings, odd query strings. Whatever the route, the
 * answer is a 4xx in the documented envelope (or a 2xx for tolerant reads), never a 5xx.
 */
const PATH_VALUES = [
  '0', '-1', '999999999999999999999', 'abc', '%00', '..%2F..%2Fetc', 'x'.repeat(250), '%E2%98%83', 'a.b.c.d', '1e3',
  "'%20OR%201=1--",
];
const BODIES: unknown[] = [
  null, [], 'text', 42, true, {}, { domain: 123, years: 'one', nameServers: 'ns1' },
  { domain: 'a'.repeat(10_000), renew: 'yes', contact_id: -1, nameservers: [1, 2] },
  { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } },
  { host: ['@'], type: {}, content: null, ttl: 'x', limit: -5 },
];
const RAW_BODIES = ['{', '{"a":', '[1,2', 'null', '\u0000', '{"a": 1}{"b": 2}'];

describe('client API: malformed input never causes a 5xx', () => {
  let t: TestServer;
  let token: string;
  let routes: Array<{ method: string; path: string }>;

  before(async () => {
    t = await startTestServer();
    token = (await t.user()).token;
    const docs = await t.request('GET', '/docs');
    routes = [];
    for (const [path, ops] of Object.entries<Record<string, unknown>>(docs.body.paths)) {
      if (!path.startsWith('/api/v1')) continue;
      for (const method of Object.keys(ops)) routes.push({ method: method.toUpperCase(), path });
    }
  });
  after(() => t.close());

  const checkAnswer = (label: string, res: { status: number; body: any }) => {
    assert.ok(res.status < 500, `${label} -> ${res.status} ${JSON.stringify(res.body)}`);
    if (res.status >= 400) {
      assert.equal(res.body?.error?.status, res.status, `${label}: envelope ${JSON.stringify(res.body)}`);
      assert.equal(typeof res.body.error.message, 'string');
    }
  };

  it('covers the documented routes', () => {
    assert.ok(routes.length >= 2, `routes found: ${routes.length}`);
  });

  it('bad path parameters', async () => {
    for (const { method, path } of routes) {
      if (!path.includes('{')) continue;
      for (const value of PATH_VALUES) {
        const url = path.replace(/\{[^}]+\}/g, value);
        const res = await t.request(method, url, { token, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
        checkAnswer(`${method} ${url}`, res);
      }
    }
  });

  it('wrong JSON types and shapes', async () => {
    for (const { method, path } of routes) {
      if (method === 'GET' || method === 'DELETE') continue;
      const url = path.replace(/\{[^}]+\}/g, 'example.fi');
      for (const body of BODIES) checkAnswer(`${method} ${url} ${JSON.stringify(body)?.slice(0, 60)}`, await t.request(method, url, { token, body }));
      for (const rawBody of RAW_BODIES) checkAnswer(`${method} ${url} raw ${JSON.stringify(rawBody)}`, await t.request(method, url, { token, rawBody }));
      checkAnswer(`${method} ${url} text/plain`, await t.request(method, url, { token, rawBody: 'x=1', headers: { 'content-type': 'text/plain' } }));
    }
  });

  it('odd query strings', async () => {
    for (const { method, path } of routes) {
      if (method !== 'GET') continue;
      const url = path.replace(/\{[^}]+\}/g, 'example.fi');
      for (const qs of ['limit=0', 'limit=101', 'limit=abc', 'offset=-1', 'limit=1&limit=2', 'offset=1e400', 'limit=%00']) {
        checkAnswer(`${method} ${url}?${qs}`, await t.request(method, `${url}?${qs}`, { token }));
      }
    }
  });
});
