import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';

describe('partner API: POST /auth/token', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('gives a Bearer access token and a refresh token for the client credentials', async () => {
    const p = await t.partner();
    const res = await t.request('POST', '/auth/token', {
      body: { client_id: p.clientId, client_secret: p.clientSecret, grant_type: 'client_credentials' },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['token_type', 'expires_in', 'access_token', 'refresh_token']);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 3600);
    assert.match(res.body.access_token, /^hpat_[0-9a-f]{10}_/);
    assert.match(res.body.refresh_token, /^hprt_[0-9a-f]{10}_/);
  });

  it('refuses a wrong secret or an unknown client with 401 in the partner envelope', async () => {
    const p = await t.partner();
    for (const body of [
      { client_id: p.clientId, client_secret: `${p.clientSecret}x`, grant_type: 'client_credentials' },
      { client_id: 'hpc_0000000000000000', client_secret: p.clientSecret, grant_type: 'client_credentials' },
    ]) {
      const res = await t.request('POST', '/auth/token', { body });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { success: false, message: 'Invalid client credentials.' });
    }
  });

  it('answers 422 with per-field errors for missing fields and an unknown grant type', async () => {
    const missing = await t.request('POST', '/auth/token', { body: { grant_type: 'client_credentials' } });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.success, false);
    assert.deepEqual(Object.keys(missing.body.errors).sort(), ['client_id', 'client_secret']);
    const unknown = await t.request('POST', '/auth/token', { body: { grant_type: 'password' } });
    assert.equal(unknown.status, 422);
    assert.ok(unknown.body.errors.grant_type, JSON.stringify(unknown.body));
  });

  it('a refresh token gives a new pair once, and expired access tokens stop working', async () => {
    const p = await t.partner();
    const first = await t.request('POST', '/auth/token', {
      body: { client_id: p.clientId, client_secret: p.clientSecret, grant_type: 'client_credentials' },
    });
    const refreshed = await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token', refresh_token: first.body.refresh_token } });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.access_token, first.body.access_token);
    const again = await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token', refresh_token: first.body.refresh_token } });
    assert.equal(again.status, 401, 'a spent refresh token is refused');
    const asKey = await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token', refresh_token: first.body.access_token } });
    assert.equal(asKey.status, 401, 'an access token is not a refresh token');
  });

  it('an access token works for its hour and not a second longer, used or not', async () => {
    const p = await t.partner();
    const mint = async () =>
      (await t.request('POST', '/auth/token', { body: { client_id: p.clientId, client_secret: p.clientSecret, grant_type: 'client_credentials' } })).body;
    const used = await mint();
    const unused = await mint();
    assert.equal((await t.request('GET', '/clients', { token: used.access_token })).status, 200);
    t.clock.advance(3600 * 1000 - 1000);
    assert.equal((await t.request('GET', '/clients', { token: used.access_token })).status, 200, 'a second before expiry');
    t.clock.advance(1000);
    for (const token of [used.access_token, unused.access_token]) {
      const res = await t.request('GET', '/clients', { token });
      assert.equal(res.status, 401, 'at expires_in the access token is refused');
      assert.deepEqual(res.body, { success: false, message: 'Unauthenticated.' });
    }
    assert.equal((await t.request('GET', '/clients', { token: p.apiKey })).status, 200, 'the API key does not expire');
  });

  it('a refresh token works for 30 days, then is refused', async () => {
    const p = await t.partner();
    const mint = async () =>
      (await t.request('POST', '/auth/token', { body: { client_id: p.clientId, client_secret: p.clientSecret, grant_type: 'client_credentials' } })).body;
    const early = await mint();
    const late = await mint();
    t.clock.advance(30 * 86_400_000 - 1000);
    const inTime = await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token', refresh_token: early.refresh_token } });
    assert.equal(inTime.status, 200, 'a second before its 30 days');
    assert.equal((await t.request('GET', '/clients', { token: inTime.body.access_token })).status, 200);
    t.clock.advance(1000);
    const expired = await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token', refresh_token: late.refresh_token } });
    assert.equal(expired.status, 401, JSON.stringify(expired.body));
  });

  it('unknown paths answer 404 in the partner envelope', async () => {
    const res = await t.request('GET', '/no/such/path');
    assert.equal(res.status, 404);
    assert.deepEqual(res.body, { success: false, message: 'Not found.' });
  });
});
