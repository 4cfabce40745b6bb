import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { revokeApiKey } from '../../../src/core/partners/revoke-api-key.js';
import { revokePartnerTokens } from '../../../src/core/partners/revoke-partner-tokens.js';

/**
 * A partner's client is a customer account (users.partner_id); deleting it (DELETE /clients/{id}) ends
 * the client API tokens it logged in for: they neither authenticate nor refresh. (The partner's OAuth
 * client, its client id and secret, is ended by rotating the secret: test/cli/partners-credentials.)
 */
describe('partner API: a deleted client\'s tokens end', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('a deleted client can neither use nor refresh the token it logged in for', async () => {
    const p = await t.partner();
    const added = await t.request('POST', '/clients/add', {
      token: p.apiKey,
      body: {
        firstname: 'Joe', lastname: 'Bin', company: 'Bin Oy', password: 'Pass!1234', postcode: '20100', address1: 'Address 1',
        city: 'Turku', country: 'FI', email: 'joe.deleted@example.fi', phone: '358401234567', client_type: 'Managed Client',
      },
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const clientId = String(added.body.data[0].id);
    const login = await t.request('POST', '/api/v1/auth', { body: { username: 'joe.deleted@example.fi', password: 'Pass!1234' } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const token = login.body.data.token as string;
    assert.equal((await t.request('GET', '/api/v1/contact/contacts', { token })).status, 200);

    const deleted = await t.request('DELETE', `/clients/${clientId}`, { token: p.apiKey });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));

    const use = await t.request('GET', '/api/v1/contact/contacts', { token });
    assert.equal(use.status, 401);
    for (const days of [0, 2]) {
      // Within the token's day, and expired but inside the 14-day refresh window.
      t.clock.advanceDays(days);
      const refresh = await t.request('GET', '/api/v1/auth/refresh', { token });
      assert.equal(refresh.status, 401, `refresh after ${days} days: ${JSON.stringify(refresh.body)}`);
      assert.deepEqual(refresh.body, { error: { status: 401, message: 'Unauthorized request' } });
    }
    const again = await t.request('POST', '/api/v1/auth', { body: { username: 'joe.deleted@example.fi', password: 'Pass!1234' } });
    assert.equal(again.status, 422, 'nor log in again');
  });
  // The credential and its partner are one read (findByPrefixWithPartner): nothing of either is kept
  // between requests, so a revocation ends the credential on the very next one.
  it('a revoked API key or access token is refused on the very next request; the partner\'s other credentials still work', async () => {
    const p = await t.partner();
    const other = await t.partner();
    const minted = await t.request('POST', '/auth/token', { body: { client_id: p.clientId, client_secret: p.clientSecret, grant_type: 'client_credentials' } });
    assert.equal(minted.status, 200);
    const access = minted.body.access_token as string;
    for (const credential of [p.apiKey, access, other.apiKey]) assert.equal((await t.request('GET', '/domains/list', { token: credential })).status, 200);

    await revokeApiKey(t.server.runtime.ctx, { key: p.apiKey });
    assert.equal((await t.request('GET', '/domains/list', { token: p.apiKey })).status, 401);
    assert.equal((await t.request('GET', '/domains/list', { token: access })).status, 200);
    await revokePartnerTokens(t.server.runtime.ctx, { partnerId: p.id });
    assert.equal((await t.request('GET', '/domains/list', { token: access })).status, 401);
    assert.equal((await t.request('GET', '/domains/list', { token: other.apiKey })).status, 200);
    // A key's visible prefix with another secret is no key at all.
    const [kind, prefix] = other.apiKey.split('_');
    assert.equal((await t.request('GET', '/domains/list', { token: `${kind}_${prefix}_${'A'.repeat(43)}` })).status, 401);
  });
});
