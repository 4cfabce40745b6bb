import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/config.js';
import { ManualClock } from '../../../src/core/clock.js';
import { setUserDisabled } from '../../../src/core/accounts/set-user-disabled.js';
import { startServer, type Server } from '../../../src/main.js';
import { REGISTRANT as registrant } from '../../helpers/fixtures.js';
import { TEST_PASSWORD_HASHING, startTestServer, type TestServer } from '../../helpers/server.js';

/**
 * A domain GET and a records GET read the token's user, the domain, its billing contact and its zone
 * in one statement (userOfTokenWithDomain): every refusal authenticate makes must still come on the
 * very next request, also when the change was made through another server on the same store (no
 * instance remembers a user or a decision), and another account's domain is still 403.
 */
describe('client API: a domain or records GET refuses what authentication refuses, at once and on every instance', () => {
  let t: TestServer;
  let second: Server;
  let secondClock: ManualClock;
  const NAME = 'lukija.fi';
  let ownerId: number;
  let ownerToken: string;

  const get = async (server: Server, token: string, name = NAME, what = '') => {
    const res = await fetch(`${server.url}/api/v1/domain/domains/${name}${what}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** The records GET: the kept answer is served only after the same statement has authenticated. */
  const records = (server: Server, token: string, name = NAME) => get(server, token, name, '/records');

  before(async () => {
    t = await startTestServer();
    // A second instance on the same store and secret (DATA_DIR holds the JWT secret), with a clock of its own.
    secondClock = new ManualClock(t.clock.now());
    second = await startServer(
      loadConfig({
        ...TEST_PASSWORD_HASHING, DATABASE_URL: t.databaseUrl, DATA_DIR: t.dir, HOST: '127.0.0.1', PORT: '0',
        LOG_LEVEL: 'silent', DNS_PORT: 'off', WEB_PORT: 'off',
      }),
      { clock: secondClock, logger: false, worker: false },
    );
    const owner = await t.user({ postpaid: true });
    ownerId = owner.id;
    ownerToken = owner.token;
    const bought = await t.request('POST', '/api/v1/domain/domains/purchase', { token: owner.token, body: { domain: NAME, registrantContact: registrant } });
    assert.equal(bought.status, 200);
  });
  after(async () => {
    await second?.close();
    await t?.close();
  });

  it('answers the owner from either instance, with the billing contact; 404 for no such domain', async () => {
    for (const server of [t.server, second]) {
      const res = await get(server, ownerToken);
      assert.equal(res.status, 200);
      assert.equal(res.body.data.fqdn, NAME);
      assert.equal(typeof res.body.data.billing_contact?.id, 'number');
      assert.deepEqual((await get(server, ownerToken, 'eiole.fi')).body, { error: { status: 404, message: 'Resource not found' } });
      const zone = await records(server, ownerToken);
      assert.equal(zone.status, 200);
      assert.ok(zone.body.data.some((r: { type: string }) => r.type === 'NS'));
      assert.deepEqual((await records(server, ownerToken, 'eiole.fi')).body, { error: { status: 404, message: 'Resource not found' } });
    }
  });

  it("another account's domain is 403, its billing contact nowhere in the answer", async () => {
    const other = await t.user();
    for (const server of [t.server, second]) {
      for (const res of [await get(server, other.token), await records(server, other.token)]) {
        assert.equal(res.status, 403);
        assert.deepEqual(res.body, { error: { status: 403, message: 'Forbidden request' } });
      }
    }
  });

  it('a token revoked by a refresh on one instance is refused on the next request to the other', async () => {
    const u = await t.user({ postpaid: true });
    const mine = await t.request('POST', '/api/v1/domain/domains/purchase', { token: u.token, body: { domain: 'kierto.fi', registrantContact: registrant } });
    assert.equal(mine.status, 200);
    assert.equal((await get(second, u.token, 'kierto.fi')).status, 200); // verified and remembered there
    assert.equal((await records(second, u.token, 'kierto.fi')).status, 200); // and its answer kept there
    const refreshed = await t.request('GET', '/api/v1/auth/refresh', { token: u.token });
    assert.equal(refreshed.status, 200);
    assert.equal((await get(second, u.token, 'kierto.fi')).status, 401);
    assert.equal((await get(t.server, u.token, 'kierto.fi')).status, 401);
    assert.equal((await records(second, u.token, 'kierto.fi')).status, 401);
    assert.equal((await get(second, refreshed.body.data.token, 'kierto.fi')).status, 200);
    assert.equal((await records(second, refreshed.body.data.token, 'kierto.fi')).status, 200);
  });

  it('a disabled account is refused on the next request to either instance, and served again once enabled', async () => {
    assert.equal((await get(second, ownerToken)).status, 200);
    assert.equal((await records(second, ownerToken)).status, 200);
    await setUserDisabled(t.server.runtime.ctx, { userId: ownerId, disabled: true });
    assert.equal((await get(second, ownerToken)).status, 401);
    assert.equal((await get(t.server, ownerToken)).status, 401);
    assert.equal((await records(second, ownerToken)).status, 401);
    await setUserDisabled(t.server.runtime.ctx, { userId: ownerId, disabled: false });
    assert.equal((await get(second, ownerToken)).status, 200);
    assert.equal((await records(second, ownerToken)).status, 200);
  });

  it('an expired token is refused, though it was verified and remembered before', async () => {
    assert.equal((await get(second, ownerToken)).status, 200);
    secondClock.set(new Date(t.clock.now().getTime() + 86_400_000 + 1000));
    try {
      const res = await get(second, ownerToken);
      assert.equal(res.status, 401);
      assert.equal(res.body.error.message, 'Expired Access token');
    } finally {
      secondClock.set(t.clock.now());
    }
  });

  it('a forged or foreign-signed token is refused before anything is read', async () => {
    const [h, p] = ownerToken.split('.');
    assert.equal((await get(second, `${h}.${p}.AAAA`)).status, 401);
    assert.equal((await get(second, 'not-a-token')).status, 401);
  });
});
