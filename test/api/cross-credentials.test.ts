import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The two APIs have separate credentials: a customer's JWT is nothing to the partner API, and a
 * partner's API key or access token is nothing to the client API, even where the partner's own account
 * is a customer account. Each refuses the other's with its own 401 envelope.
 */
describe("each API refuses the other API's credentials", () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('a client API token on the partner API: 401 in the partner envelope', async () => {
    const u = await t.user();
    assert.equal((await t.request('GET', '/api/v1/contact/contacts', { token: u.token })).status, 200);
    for (const path of ['/clients', '/domains/list', '/products/services']) {
      const res = await t.request('GET', path, { token: u.token });
      assert.equal(res.status, 401, path);
      assert.deepEqual(res.body, { success: false, message: 'Unauthenticated.' });
    }
  });

  it('a partner API key or access token on the client API: 401 in the client envelope', async () => {
    const p = await t.partner();
    const minted = await t.request('POST', '/auth/token', {
      body: { client_id: p.clientId, client_secret: p.clientSecret, grant_type: 'client_credentials' },
    });
    assert.equal(minted.status, 200);
    for (const token of [p.apiKey, minted.body.access_token]) {
      assert.equal((await t.request('GET', '/clients', { token })).status, 200, 'it works where it belongs');
    }
    for (const token of [p.apiKey, minted.body.access_token, minted.body.refresh_token]) {
      for (const path of ['/api/v1/contact/contacts', '/api/v1/domain/domains', '/api/v1/invoice/invoices']) {
        const res = await t.request('GET', path, { token });
        assert.equal(res.status, 401, `${token.slice(0, 5)} on ${path}`);
        assert.deepEqual(res.body, { error: { status: 401, message: 'Unauthorized request' } });
      }
      const refresh = await t.request('GET', '/api/v1/auth/refresh', { token });
      assert.equal(refresh.status, 401, `${token.slice(0, 5)} on refresh`);
      assert.equal(refresh.body.error.status, 401);
    }
  });
});
