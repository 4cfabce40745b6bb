import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PanelClient } from '../helpers/panel.js';

const TABLES = ['panel_sessions', 'login_failures', 'revoked_tokens', 'partner_tokens', 'idempotency_keys'] as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The schedule's housekeeping (core/housekeeping/prune-expired.ts) over the real server: what logins,
 * token refreshes and keyed requests leave behind is dropped once no rule reads it, and nothing live
 * is touched. Row counts are the behaviour here: a table that grows with every login forever.
 */
describe('schedule: rows past their use are dropped', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => t.close());

  async function counts(): Promise<Record<string, number>> {
    const db = t.server.runtime.db;
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      out[table] = Number(rows[0]!.n);
    }
    return out;
  }
  const tick = () => t.server.worker!.tick();

  test('sessions, failed logins, revoked and partner tokens and Idempotency-Keys go when they have ended, not before', async () => {
    const u = await t.user();
    const p = await t.partner();
    const idle = new PanelClient(t);
    await idle.login(u.username, u.password);
    const active = new PanelClient(t);
    await active.login(u.username, u.password);
    const failed = await t.request('POST', '/api/v1/auth', { body: { username: u.username, password: 'not the password' } });
    assert.equal(failed.status, 422, 'wrong password');
    const refreshed = await t.request('GET', '/api/v1/auth/refresh', { token: u.token });
    assert.equal(refreshed.status, 200);
    const minted = await t.request('POST', '/auth/token', { body: { client_id: p.clientId, client_secret: p.clientSecret, grant_type: 'client_credentials' } });
    assert.equal(minted.status, 200);
    const keyed = await t.request('POST', '/api/v1/contact/contacts', {
      token: refreshed.body.data.token,
      headers: { 'idempotency-key': 'prune-test-1' },
      body: { first_name: 'Pia', last_name: 'Prune', email: 'pia@example.fi', phone: '+358.401234567', address: 'Katu 1', zip_code: '00100', city: 'Helsinki', country: 'FI' },
    });
    assert.ok(keyed.status < 300, JSON.stringify(keyed.body));

    const start = await counts();
    assert.ok(start.panel_sessions! >= 2 && start.login_failures! >= 1 && start.revoked_tokens! >= 1 && start.partner_tokens! >= 2 && start.idempotency_keys! >= 1, JSON.stringify(start));

    // Ten minutes on: everything is still live, and a pass leaves it all.
    t.clock.advance(10 * 60_000);
    await tick();
    assert.deepEqual(await counts(), start);

    // 50 minutes on, the active session is used; at 70 the idle one has been idle over an hour, the
    // failed login is out of its 15 minutes, the partner's access token expired under an hour ago.
    t.clock.advance(40 * 60_000);
    assert.equal((await active.get('/panel')).status, 200);
    t.clock.advance(20 * 60_000);
    await tick();
    const hour = await counts();
    assert.equal(hour.panel_sessions, start.panel_sessions! - 1, 'the idle session went, the active one stayed');
    assert.equal(hour.login_failures, 0);
    assert.equal(hour.revoked_tokens, start.revoked_tokens, 'a refreshed token stays revoked while it could still be refreshed');
    assert.equal(hour.partner_tokens, start.partner_tokens, 'expired tokens are kept a week, to be named expired');
    assert.equal((await active.get('/panel')).status, 200, 'the active session still works');

    // Past the session's 12 hours, the Idempotency-Key's day, the refresh window and the partner's
    // refresh token's 30 days and a week: nothing is left.
    t.clock.advance(40 * DAY);
    await tick();
    assert.deepEqual(await counts(), Object.fromEntries(TABLES.map((x) => [x, 0])));
    assert.equal((await active.get('/panel')).status, 303, 'the ended session is a login again');
  });
});
