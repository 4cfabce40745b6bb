import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { assertDocumented, assertShape, example } from '../../helpers/shape.js';
import { createService } from '../../../src/core/services/create-service.js';
import { DomainError } from '../../../src/core/errors.js';
import type { Service } from '../../../src/ports/store.js';

const BASE = '/api/v1/service/services';
const domainBase = (fqdn: string) => `/api/v1/domain/domains/${fqdn}/services`;

/** The document's two example services, as stored rows (prices VAT excluded, unit price x qty). */
const PARKING = {
  kind: 'parking', name: 'Domainparkki', qty: 1, start_date: '2021-08-01', exp_date: '2022-08-01', status: 'active',
  renew: 1, price_cents: 567, billing_period_months: 12, created_at: '2021-08-01T00:00:00.000Z', updated_at: null,
};
const HOSTING = {
  kind: 'hosting', name: 'Webhotelli WebStart sis. nimipalvelu', qty: 1, start_date: '2021-05-11',
  exp_date: '2024-05-11', status: 'active', renew: 0, price_cents: 11772, billing_period_months: 36,
  created_at: '2021-05-11T00:00:00.000Z', updated_at: null,
};

describe('client API: services', () => {
  let t: TestServer;
  // The document's examples are dated 2021-2024; start where they are current.
  before(async () => {
    t = await startTestServer({ start: '2021-09-01T10:00:00Z' });
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;

  let domains = 0;
  async function addDomain(userId: number, fqdn = `test${++domains}.com`) {
    const [sld, tld] = fqdn.split('.') as [string, string];
    return ctx().store.domains.create({
      user_id: userId, sld, tld, fqdn, fqdn_unicode: fqdn, status: 'active', reg_date: '2021-01-01',
      exp_date: '2022-01-01', renew: 1, registrant_contact_id: null, billing_contact_id: null, nameservers: '[]',
      created_at: '2021-01-01T00:00:00.000Z', updated_at: null,
    });
  }

  async function addService(userId: number, domainId: number | null, row: Partial<Service> = {}): Promise<Service> {
    return ctx().store.services.create({ ...PARKING, user_id: userId, domain_id: domainId, ...row });
  }

  /** The document's example with our ids put in. */
  function documented(key: string, ids: number[]): any {
    const body = structuredClone(example(key)) as any;
    if (Array.isArray(body.data)) body.data.forEach((s: { id: number }, i: number) => (s.id = ids[i]!));
    else body.data.id = ids[0];
    return body;
  }

  it('GET /service/services answers the document example exactly for the same data', async () => {
    const u = await t.user();
    const d = await addDomain(u.id);
    const a = await addService(u.id, d.id);
    const b = await addService(u.id, null, HOSTING);
    const res = await t.request('GET', BASE, { token: u.token });
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'GET /api/v1/service/services 200');
    assert.deepEqual(res.body, documented('GET /api/v1/service/services 200', [a.id, b.id]));
  });

  it('GET /service/services/:id answers price.total (the document example says price.price there)', async () => {
    const u = await t.user();
    const s = await addService(u.id, null);
    const res = await t.request('GET', `${BASE}/${s.id}`, { token: u.token });
    assert.equal(res.status, 200);
    const doc = example('GET /api/v1/service/services/1 200') as any;
    assert.deepEqual(Object.keys(doc.data.price), ['price', 'billing_period_in_months'], 'the quirk we deviate from');
    const listItem = (example('GET /api/v1/service/services 200') as any).data[0];
    assertShape(res.body.data, listItem);
    assert.deepEqual(res.body.data, { ...listItem, id: s.id });
  });

  it('price.total is quantity times the unit price, in euros', async () => {
    const u = await t.user();
    const s = await addService(u.id, null, { qty: 3, price_cents: 199 });
    const res = await t.request('GET', `${BASE}/${s.id}`, { token: u.token });
    assert.deepEqual(res.body.data.price, { total: 5.97, billing_period_in_months: 12 });
  });

  it('PATCH /service/services/:id sets renew and answers the service', async () => {
    const u = await t.user();
    const s = await addService(u.id, null, { renew: 0 });
    t.clock.advance(1000);
    const res = await t.request('PATCH', `${BASE}/${s.id}`, { token: u.token, body: { renew: true } });
    assert.equal(res.status, 200);
    const expected = documented('GET /api/v1/service/services/1 200', [s.id]);
    expected.data.price = { total: 5.67, billing_period_in_months: 12 };
    expected.data.updated_at = t.clock.now().toISOString();
    assert.deepEqual(res.body, expected);
    const off = await t.request('PATCH', `${BASE}/${s.id}`, { token: u.token, body: { renew: false } });
    assert.equal(off.body.data.renew, false);
    assert.equal((await t.request('GET', `${BASE}/${s.id}`, { token: u.token })).body.data.renew, false);
    const same = await t.request('PATCH', `${BASE}/${s.id}`, { token: u.token, body: { renew: false } });
    assert.equal(same.status, 200, 'setting the current value is accepted');
  });

  it('PATCH of an expired service answers the documented 400 and changes nothing', async () => {
    const u = await t.user();
    const d = await addDomain(u.id);
    const byStatus = await addService(u.id, d.id, { status: 'expired', exp_date: '2099-01-01' });
    const byDate = await addService(u.id, d.id, { exp_date: '2021-08-31' });
    const today = await addService(u.id, d.id, { exp_date: '2021-09-01', renew: 0 });
    for (const s of [byStatus, byDate]) {
      const res = await t.request('PATCH', `${BASE}/${s.id}`, { token: u.token, body: { renew: false } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, example('PATCH /api/v1/service/services/1 400 Service expired'));
      const viaDomain = await t.request('PATCH', `${domainBase(d.fqdn)}/${s.id}`, { token: u.token, body: { renew: false } });
      assert.deepEqual(viaDomain.body, example('PATCH /api/v1/domain/domains/test.com/services/1 400 Service expired'));
      assert.deepEqual(await ctx().store.services.findById(s.id), s, 'unchanged');
    }
    const ok = await t.request('PATCH', `${BASE}/${today.id}`, { token: u.token, body: { renew: true } });
    assert.equal(ok.status, 200, 'a service expiring today is still current');

    // Time passes: the same service expires.
    t.clock.advanceDays(1);
    const later = await t.user();
    const s = await addService(later.id, null, { exp_date: '2021-09-01' });
    const res = await t.request('PATCH', `${BASE}/${s.id}`, { token: later.token, body: { renew: false } });
    assert.equal(res.status, 400);
    t.clock.set('2021-09-01T10:00:00Z');
  });

  it('PATCH bodies are checked: renew is a required boolean', async () => {
    const u = await t.user();
    const s = await addService(u.id, null);
    for (const body of [{}, { renew: 'yes' }, { renew: 2 }, { renew: null }]) {
      const res = await t.request('PATCH', `${BASE}/${s.id}`, { token: u.token, body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.deepEqual(Object.keys(res.body.error.context), ['renew']);
    }
    assert.deepEqual(await ctx().store.services.findById(s.id), s);
  });

  it("another user's service answers the documented 403 for GET and PATCH and stays unchanged", async () => {
    const a = await t.user();
    const b = await t.user();
    const s = await addService(a.id, null);
    const get = await t.request('GET', `${BASE}/${s.id}`, { token: b.token });
    assert.equal(get.status, 403);
    assert.deepEqual(get.body, example('GET /api/v1/service/services/1 403 Service is not assigned to the User'));
    const patch = await t.request('PATCH', `${BASE}/${s.id}`, { token: b.token, body: { renew: false } });
    assert.equal(patch.status, 403);
    assert.deepEqual(patch.body, example('PATCH /api/v1/service/services/1 403 Service is not assigned to the User'));
    assert.deepEqual(await ctx().store.services.findById(s.id), s);
    const list = await t.request('GET', BASE, { token: b.token });
    assert.deepEqual(list.body.data, []);
  });

  it('unknown ids answer 404, malformed ids 422, no token 401', async () => {
    const u = await t.user();
    assert.equal((await t.request('GET', `${BASE}/999999`, { token: u.token })).status, 404);
    assert.equal((await t.request('PATCH', `${BASE}/999999`, { token: u.token, body: { renew: true } })).status, 404);
    for (const bad of ['abc', '0', '-1', '99999999999']) {
      assert.equal((await t.request('GET', `${BASE}/${bad}`, { token: u.token })).status, 422, bad);
      assert.equal((await t.request('PATCH', `${BASE}/${bad}`, { token: u.token, body: { renew: true } })).status, 422, bad);
    }
    assert.deepEqual((await t.request('GET', BASE)).body, example('GET /api/v1/service/services 401 Authorization token not provided or invalid'));
    assert.deepEqual((await t.request('GET', `${BASE}/1`)).body, example('GET /api/v1/service/services/1 401 Authorization token not provided'));
    assert.deepEqual(
      (await t.request('PATCH', `${BASE}/1`, { body: { renew: true } })).body,
      example('PATCH /api/v1/service/services/1 401 Authorization token not provided'),
    );
    assert.deepEqual(
      (await t.request('GET', domainBase('test.com'))).body,
      example('GET /api/v1/domain/domains/test.com/services 401 Authorization token not provided or invalid'),
    );
  });

  it('lists page with limit and offset and answer meta', async () => {
    const u = await t.user();
    const d = await addDomain(u.id);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await addService(u.id, d.id, { name: `S${i}` })).id);
    for (const base of [BASE, domainBase(d.fqdn)]) {
      const page = await t.request('GET', `${base}?limit=3&offset=1`, { token: u.token });
      assert.deepEqual(page.body.meta, { limit: 3, offset: 1, count: 3, total: 4 }, base);
      assert.deepEqual(page.body.data.map((s: { id: number }) => s.id), ids.slice(1));
      for (const qs of ['limit=0', 'limit=101', 'offset=-1']) {
        assert.equal((await t.request('GET', `${base}?${qs}`, { token: u.token })).status, 422, `${base}?${qs}`);
      }
    }
  });

  describe("a domain's services", () => {
    it('GET answers the document example exactly, with only that domain\'s services', async () => {
      const u = await t.user();
      const d = await addDomain(u.id);
      const other = await addDomain(u.id);
      const a = await addService(u.id, d.id);
      await addService(u.id, other.id);
      await addService(u.id, null);
      const b = await addService(u.id, d.id, HOSTING);
      const res = await t.request('GET', domainBase(d.fqdn), { token: u.token });
      assert.equal(res.status, 200);
      assertDocumented(res.body, 'GET /api/v1/domain/domains/test.com/services 200');
      assert.deepEqual(res.body, documented('GET /api/v1/domain/domains/test.com/services 200', [a.id, b.id]));
      const upper = await t.request('GET', domainBase(d.fqdn.toUpperCase()), { token: u.token });
      assert.deepEqual(upper.body, res.body, 'domain names are case-insensitive');
    });

    it('PATCH sets renew through the domain path and answers the documented shape', async () => {
      const u = await t.user();
      const d = await addDomain(u.id);
      const s = await addService(u.id, d.id, { renew: 0 });
      const res = await t.request('PATCH', `${domainBase(d.fqdn)}/${s.id}`, { token: u.token, body: { renew: true } });
      assert.equal(res.status, 200);
      assertDocumented(res.body, 'PATCH /api/v1/domain/domains/test.com/services/1 200');
      const expected = documented('PATCH /api/v1/domain/domains/test.com/services/1 200', [s.id]);
      expected.data.updated_at = res.body.data.updated_at;
      assert.deepEqual(res.body, expected);
      assert.equal((await ctx().store.services.findById(s.id))?.renew, 1);
    });

    it("another user's domain answers the documented 403; an unknown domain 404", async () => {
      const a = await t.user();
      const b = await t.user();
      const d = await addDomain(a.id);
      const s = await addService(a.id, d.id);
      const list = await t.request('GET', domainBase(d.fqdn), { token: b.token });
      assert.equal(list.status, 403);
      assert.deepEqual(list.body, example('GET /api/v1/domain/domains/test.com/services 403 Domain is not assigned to the User'));
      const patch = await t.request('PATCH', `${domainBase(d.fqdn)}/${s.id}`, { token: b.token, body: { renew: false } });
      assert.equal(patch.status, 403);
      assert.deepEqual(patch.body, example('PATCH /api/v1/domain/domains/test.com/services/1 403 Domain or Service is not assigned to the User'));
      assert.deepEqual(await ctx().store.services.findById(s.id), s);
      for (const name of ['nothere.com', 'not a domain', 'a.b.c']) {
        const res = await t.request('GET', domainBase(encodeURIComponent(name)), { token: a.token });
        assert.equal(res.status, 404, name);
      }
    });

    it("a service that is not the domain's answers 404; another user's service 403; nothing changes", async () => {
      const a = await t.user();
      const b = await t.user();
      const d = await addDomain(a.id);
      const other = await addDomain(a.id);
      const elsewhere = await addService(a.id, other.id);
      const noDomain = await addService(a.id, null);
      const theirs = await addService(b.id, null);
      for (const s of [elsewhere, noDomain]) {
        const res = await t.request('PATCH', `${domainBase(d.fqdn)}/${s.id}`, { token: a.token, body: { renew: false } });
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, { error: { status: 404, message: 'Resource not found' } });
      }
      const res = await t.request('PATCH', `${domainBase(d.fqdn)}/${theirs.id}`, { token: a.token, body: { renew: false } });
      assert.equal(res.status, 403);
      for (const s of [elsewhere, noDomain, theirs]) assert.deepEqual(await ctx().store.services.findById(s.id), s);
    });
  });

  describe('createService (the operator provisions a plan sold outside the API)', () => {
    it('starts today, runs one period, and is listed to the customer', async () => {
      const u = await t.user();
      const d = await addDomain(u.id);
      const s = await createService(ctx(), {
        userId: u.id, name: ' Webhotelli Pro ', priceCents: 990, periodMonths: 12, domain: d.fqdn.toUpperCase(), qty: 2, renew: true,
      });
      assert.equal(s.start_date, '2021-09-01');
      assert.equal(s.exp_date, '2022-09-01');
      assert.equal(s.domain_id, d.id);
      assert.equal(s.name, 'Webhotelli Pro');
      const res = await t.request('GET', domainBase(d.fqdn), { token: u.token });
      assert.deepEqual(res.body.data[0].price, { total: 19.8, billing_period_in_months: 12 });
      assert.equal(res.body.data[0].renew, true);
    });

    it('refuses bad input field by field, and another user\'s domain', async () => {
      const u = await t.user();
      const v = await t.user();
      const theirs = await addDomain(v.id);
      const fields = async (input: Partial<Parameters<typeof createService>[1]>) => {
        try {
          await createService(ctx(), { userId: u.id, name: 'Plan', priceCents: 100, periodMonths: 12, ...input });
        } catch (err) {
          assert.ok(err instanceof DomainError && err.code === 'invalid', String(err));
          return Object.keys(err.fields ?? {});
        }
        return [];
      };
      assert.deepEqual(await fields({ name: ' ' }), ['name']);
      assert.deepEqual(await fields({ name: 'x'.repeat(255) }), []);
      assert.deepEqual(await fields({ name: 'x'.repeat(256) }), ['name']);
      assert.deepEqual(await fields({ priceCents: -1 }), ['price']);
      assert.deepEqual(await fields({ priceCents: 1.5 }), ['price']);
      assert.deepEqual(await fields({ priceCents: 100_000_001 }), ['price']);
      assert.deepEqual(await fields({ priceCents: 0 }), []);
      assert.deepEqual(await fields({ periodMonths: 0 }), ['period']);
      assert.deepEqual(await fields({ periodMonths: 120 }), []);
      assert.deepEqual(await fields({ periodMonths: 121 }), ['period']);
      assert.deepEqual(await fields({ qty: 0 }), ['qty']);
      assert.deepEqual(await fields({ qty: 10_001 }), ['qty']);
      assert.deepEqual(await fields({ domain: 'not a domain' }), ['domain']);
      assert.deepEqual(await fields({ domain: theirs.fqdn }), ['domain']);
      assert.deepEqual(await fields({ domain: 'unknown-name.fi' }), ['domain']);
      assert.deepEqual(await fields({ userId: 999_999 }), ['user']);
    });
  });
});
