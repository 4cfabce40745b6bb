import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { assertShape } from '../../helpers/shape.js';
import { createUser } from '../../../src/core/accounts/create-user.js';
import { createService } from '../../../src/core/services/create-service.js';
import { repoPath } from '../../helpers/paths.js';

const golden = (name: string): any => JSON.parse(readFileSync(repoPath(`test/golden/partner-api/${name}.json`), 'utf8'));

type Partner = Awaited<ReturnType<TestServer['partner']>>;
let seq = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++seq}`;

describe('partner API: products', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const call = (p: Partner, method: string, path: string, body?: unknown) => t.request(method, path, { token: p.apiKey, body });
  const ctx = () => t.server.runtime.ctx;
  const client = async (p: Partner) =>
    (await createUser(ctx(), { username: unique('client'), password: 'correct horse battery', partnerId: p.id, clientType: 'Managed Client' })).id;
  /** A service sold outside the API (the operator's `hostplane services add`). */
  const service = (userId: number, input: Partial<Parameters<typeof createService>[1]> = {}) =>
    createService(ctx(), { userId, name: 'Web hosting S', priceCents: 1000, periodMonths: 12, qty: 2, ...input });
  const tenant = async (p: Partner, clientId?: number) => {
    const res = await call(p, 'POST', '/products/m365/tenant', { tenant_name: unique('t'), ...(clientId ? { client_id: clientId } : {}) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data.service_id as string;
  };

  describe('GET products/services', () => {
    it("lists the partner's own and its clients' services in the documented shape", async () => {
      const p = await t.partner();
      const c = await client(p);
      const own = await service(p.userId);
      const ofClient = await service(c, { name: 'Web hosting M', priceCents: 1250, periodMonths: 1, qty: 1 });
      const tenantId = await tenant(p, c);
      const res = await call(p, 'GET', '/products/services');
      assert.equal(res.status, 200);
      assertShape(res.body, golden('get-products-services'));
      assert.deepEqual(res.body.data.map((s: any) => [s.id, s.client_id]), [
        [String(own.id), '0'], [String(ofClient.id), String(c)], [tenantId, String(c)],
      ]);
      assert.deepEqual(res.body.data[0], {
        id: String(own.id), pid: '', client_id: '0', name: 'Web hosting S', next_due_date: '2027-03-01', domain: '',
        status: 'Active', billing_cycle: 'Annually', reg_date: '2026-03-01', first_payment_amount: '20.00',
        recurring_amount: '20.00', days_remain: 365, login: '', password: '', reg_number: '', number_of_users: '',
        gdata_valid_until: '2027-03-01', platform: '',
      });
      assert.deepEqual([res.body.data[1].billing_cycle, res.body.data[1].recurring_amount, res.body.data[1].days_remain], ['Monthly', '12.50', 31]);
      const m365 = res.body.data[2];
      assert.deepEqual(
        [m365.name, m365.billing_cycle, m365.next_due_date, m365.days_remain, m365.first_payment_amount, m365.recurring_amount],
        ['Microsoft 365 - NCE', 'Free Account', '0000-00-00', 0, '0.00', '0.00'],
      );
      assert.match(m365.domain, /^t.*\.onmicrosoft\.com$/);
    });

    it('counts days_remain down from the real dates, negative once past', async () => {
      const p = await t.partner();
      const s = await service(p.userId, { periodMonths: 1 });
      const start = t.clock.now();
      try {
        t.clock.advanceDays(31);
        assert.equal((await call(p, 'GET', '/products/services')).body.data[0].days_remain, 0);
        t.clock.advanceDays(40);
        const [row] = (await call(p, 'GET', '/products/services')).body.data;
        assert.deepEqual([row.id, row.next_due_date, row.days_remain], [String(s.id), '2026-04-01', -40]);
      } finally {
        t.clock.set(start);
      }
    });

    it('filters by client_id, which must be a client of the partner', async () => {
      const a = await t.partner();
      const b = await t.partner();
      const c1 = await client(a);
      const c2 = await client(a);
      const s1 = await service(c1);
      await service(c2);
      await service(a.userId);
      const filtered = await call(a, 'GET', `/products/services?client_id=${c1}`);
      assert.equal(filtered.status, 200);
      assert.deepEqual(filtered.body.data.map((s: any) => s.id), [String(s1.id)]);
      const empty = await client(a);
      assert.deepEqual((await call(a, 'GET', `/products/services?client_id=${empty}`)).body, { data: [] });
      const clientOfB = await client(b);
      await service(clientOfB);
      assert.equal((await call(a, 'GET', `/products/services?client_id=${clientOfB}`)).status, 403);
      assert.equal((await call(a, 'GET', '/products/services?client_id=2000000000')).status, 404);
      assert.equal((await call(a, 'GET', `/products/services?client_id=${a.userId}`)).status, 404, "the partner's own account is no client");
      for (const bad of ['0', '-1', 'x', '1.5']) {
        const res = await call(a, 'GET', `/products/services?client_id=${bad}`);
        assert.equal(res.status, 422, bad);
        assert.ok(res.body.errors.client_id);
      }
    });

    it("never shows another partner's services", async () => {
      const a = await t.partner();
      const b = await t.partner();
      await service(b.userId);
      await service(await client(b));
      await tenant(b);
      assert.deepEqual((await call(a, 'GET', '/products/services')).body, { data: [] });
      assert.equal((await call(b, 'GET', '/products/services')).body.data.length, 3);
      const stranger = await t.user();
      await service(stranger.id);
      assert.equal((await call(a, 'GET', '/products/services')).body.data.length, 0, "a direct customer's neither");
    });

    it('needs a key', async () => {
      assert.equal((await t.request('GET', '/products/services')).status, 401);
      assert.equal((await t.request('GET', '/products/services', { token: 'hpk_nope' })).status, 401);
    });
  });

  describe('GET products/licenses', () => {
    it('lists software licences and Microsoft 365 subscriptions, not other services, in the documented shape', async () => {
      const p = await t.partner();
      const c = await client(p);
      await service(p.userId);
      const gdata = await service(c, { name: 'G Data Internet Security', kind: 'license', priceCents: 3999, periodMonths: 12, qty: 3 });
      const tenantId = await tenant(p, c);
      const sub = await call(p, 'POST', `/products/${tenantId}/m365/subscription`, {
        quantity: 4, term_duration: 'P1Y', billing_cycle: 'P1Y', catalog_id: 6,
      });
      assert.equal(sub.status, 200);
      const res = await call(p, 'GET', '/products/licenses');
      assert.equal(res.status, 200);
      assertShape(res.body, golden('get-products-licenses'));
      const [g, m] = res.body.licenses;
      assert.equal(res.body.licenses.length, 2);
      assert.deepEqual(
        [g.id, g.client_id, g.name, g.billing_cycle, g.recurring_amount, g.number_of_users, g.gdata_valid_until, g.days_remain],
        [String(gdata.id), String(c), 'G Data Internet Security', 'Annually', '119.97', '3', '2027-03-01', 365],
      );
      // Exchange Online (Plan 1) lists at 3.70 per licence per month: a year up front is 44.40 a licence.
      assert.deepEqual(
        [m.pid, m.client_id, m.name, m.billing_cycle, m.recurring_amount, m.number_of_users, m.gdata_valid_until, m.next_due_date],
        ['6', String(c), 'Exchange Online (Plan 1)', 'Annually', '177.60', '4', '2027-02-28', '2027-03-01'],
      );
      assert.match(m.domain, /\.onmicrosoft\.com$/);
      assert.equal(res.body.expiringWithin60days, 0);
    });

    it('counts licences that expire without renewing within 60 days, both ends included', async () => {
      const p = await t.partner();
      await service(p.userId, { name: 'G Data Total Security', kind: 'license', periodMonths: 12 }); // ends 2027-03-01
      await service(p.userId, { name: 'Renewing licence', kind: 'license', periodMonths: 12, renew: true });
      const tenantId = await tenant(p);
      await call(p, 'POST', `/products/${tenantId}/m365/subscription`, { quantity: 1, term_duration: 'P1M', billing_cycle: 'P1M', catalog_id: 1 });
      const start = t.clock.now();
      const expiring = async () => (await call(p, 'GET', '/products/licenses')).body.expiringWithin60days;
      try {
        assert.equal(await expiring(), 0, 'a year ahead; the month-term subscription renews by itself');
        t.clock.set('2026-12-30T12:00:00Z'); // 61 days before 2027-03-01
        assert.equal(await expiring(), 0);
        t.clock.set('2026-12-31T12:00:00Z'); // 60 days before
        assert.equal(await expiring(), 1);
        t.clock.set('2027-03-01T12:00:00Z'); // its last day
        assert.equal(await expiring(), 1);
        t.clock.set('2027-03-02T12:00:00Z');
        assert.equal(await expiring(), 0, 'already expired');
      } finally {
        t.clock.set(start);
      }
    });

    it("never shows another partner's licences", async () => {
      const a = await t.partner();
      const b = await t.partner();
      await service(b.userId, { kind: 'license', name: 'G Data Antivirus' });
      assert.deepEqual((await call(a, 'GET', '/products/licenses')).body, { licenses: [], expiringWithin60days: 0 });
      assert.equal((await call(b, 'GET', '/products/licenses')).body.licenses.length, 1);
      assert.equal((await t.request('GET', '/products/licenses')).status, 401);
    });
  });
});
