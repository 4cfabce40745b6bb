import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/**
 * Every partner API route, taken from the generated OpenAPI document, gets malformed input: bad path
 * parameters, wrong JSON types, broken JSON, odd query strings. The answer is a 4xx in the partner
 * envelope (or a 2xx for tolerant reads), never a 5xx.
 */
const PATH_VALUES = ['0', '-1', '99999999999999999999', 'abc', '%00', 'x'.repeat(250), '%E2%98%83', 'a.b.c.d', "'%20OR%201=1--"];
const BODIES: unknown[] = [
  null, [], 'text', 42, true, {},
  { name: 123, period: 'one', action: 'steal', client_id: -1, ns1: ['x'] },
  { firstname: 'a'.repeat(10_000), password: 1, country: 'ZZ', postcode: { a: 1 }, phone: [], email: 'x' },
  { record_type_name: 'A', record_name: '@', record_data: '1.2.3.4', priority: 1e308, fallback_ip: 'nope', id: {} },
  { quantity: -1, term_duration: 'P9Y', billing_cycle: null, catalog_id: 'x', tenant_name: '../..' },
  { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } },
];
const RAW_BODIES = ['{', '{"a":', '[1,2', '\u0000', '{"a": 1}{"b": 2}'];

describe('partner API: malformed input never causes a 5xx', () => {
  let t: TestServer;
  let key: string;
  let routes: Array<{ method: string; path: string }>;

  before(async () => {
    t = await startTestServer();
    key = (await t.partner()).apiKey;
    const docs = await t.request('GET', '/docs');
    routes = [];
    for (const [path, ops] of Object.entries<Record<string, unknown>>(docs.body.paths)) {
      if (path.startsWith('/api/v1')) continue;
      for (const method of Object.keys(ops)) routes.push({ method: method.toUpperCase(), path });
    }
  });
  after(() => t.close());

  const check = (label: string, res: { status: number; body: any }) => {
    assert.ok(res.status < 500, `${label} -> ${res.status} ${JSON.stringify(res.body)}`);
    if (res.status >= 400) {
      assert.equal(res.body?.success, false, `${label}: envelope ${JSON.stringify(res.body)}`);
      assert.equal(typeof res.body.message, 'string');
    }
  };

  it('covers the partner routes', () => {
    assert.ok(routes.length >= 15, `routes found: ${routes.length}`);
  });

  it('bad path parameters', async () => {
    for (const { method, path } of routes) {
      if (!path.includes('{')) continue;
      for (const value of PATH_VALUES) {
        const url = path.replace(/\{[^}]+\}/g, value);
        check(`${method} ${url}`, await t.request(method, url, { token: key, body: method === 'GET' || method === 'DELETE' ? undefined : {} }));
      }
    }
  });

  it('wrong JSON types and shapes, broken JSON, other content types', async () => {
    for (const { method, path } of routes) {
      if (method === 'GET' || method === 'DELETE') continue;
      const url = path.replace(/\{[^}]+\}/g, '1');
      for (const body of BODIES) check(`${method} ${url} ${JSON.stringify(body)?.slice(0, 60)}`, await t.request(method, url, { token: key, body }));
      for (const rawBody of RAW_BODIES) check(`${method} ${url} raw ${JSON.stringify(rawBody)}`, await t.request(method, url, { token: key, rawBody }));
      check(`${method} ${url} text/plain`, await t.request(method, url, { token: key, rawBody: 'x=1', headers: { 'content-type': 'text/plain' } }));
    }
  });

  it('odd query strings', async () => {
    for (const { method, path } of routes) {
      if (method !== 'GET') continue;
      const url = path.replace(/\{[^}]+\}/g, '1');
      for (const qs of ['keyword=%00', 'client_id=abc', 'client_id=-1', 'client_id=1&client_id=2', 'keyword=' + 'x'.repeat(5000), 'tenant_name[]=x']) {
        check(`${method} ${url}?${qs.slice(0, 40)}`, await t.request(method, `${url}?${qs}`, { token: key }));
      }
    }
  });

  it('every private route answers 401 in the envelope without credentials', async () => {
    for (const { method, path } of routes) {
      if (path === '/auth/token') continue;
      const url = path.replace(/\{[^}]+\}/g, '1');
      const res = await t.request(method, url);
      assert.equal(res.status, 401, `${method} ${url}`);
      assert.deepEqual(res.body, { success: false, message: 'Unauthenticated.' });
    }
  });
});
