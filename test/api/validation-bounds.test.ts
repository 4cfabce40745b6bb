import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A validation answer stays small, and cheap to make, whatever the body: the fuzzer's 1 MB body of
 * 520,000 array items answered 33.6 MB and held the event loop 4.5 s.
 */
describe('validation answers are bounded', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  /** A 1 MB body: 520,000 wrong items in one array field. */
  const huge = (field: string) => `{"${field}":[${Array(520_000).fill('1').join(',')}]}`;

  it('client: 520,000 wrong name servers answer one small 422 naming the field', async () => {
    const u = await t.user();
    const body = huge('nameservers');
    assert.ok(body.length > 1_000_000 && body.length < 1024 * 1024);
    const res = await t.request('PUT', '/api/v1/domain/domains/example.fi/nameservers', { token: u.token, rawBody: body });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.error.context, { nameservers: ['The nameservers may not have more than 13 items'] });
    assert.ok(JSON.stringify(res.body).length < 1000, `${JSON.stringify(res.body).length} bytes`);
    // Within the limit, every item is still checked and named.
    const few = await t.request('PUT', '/api/v1/domain/domains/example.fi/nameservers', { token: u.token, body: { nameservers: [1, 'ns1.example.net', 2] } });
    assert.deepEqual(Object.keys(few.body.error.context), ['nameservers.0', 'nameservers.2']);
  });

  it('partner: a huge array where a string belongs answers one small 422', async () => {
    const p = await t.partner();
    const res = await t.request('POST', '/clients/add', { token: p.apiKey, rawBody: huge('firstname') });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.firstname, ['The firstname must be a string']);
    assert.ok(JSON.stringify(res.body).length < 2000, `${JSON.stringify(res.body).length} bytes`);
  });

  it('sixteen such bodies at once leave the server answering others', async () => {
    const u = await t.user();
    const body = huge('nameservers');
    const small = () => t.request('GET', '/health');
    // The time of a handful of small requests alone, then beside sixteen huge ones.
    let started = Date.now();
    for (let i = 0; i < 3; i++) await small();
    const alone = Date.now() - started;
    const floods = Array.from({ length: 16 }, () => t.request('PUT', '/api/v1/domain/domains/example.fi/nameservers', { token: u.token, rawBody: body }));
    started = Date.now();
    const answered = await small();
    const beside = Date.now() - started;
    const results = await Promise.all(floods);
    assert.equal(answered.status, 200);
    for (const r of results) {
      assert.equal(r.status, 422);
      assert.ok(JSON.stringify(r.body).length < 1000);
    }
    // Before the bound, one such body alone held the event loop for 4.5 s; parsing 16 MB of JSON remains.
    assert.ok(beside < Math.max(alone, 50) * 100, `a small request took ${beside} ms beside the bodies (${alone} ms for three alone)`);
  });
});
