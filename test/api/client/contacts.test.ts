import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { assertDocumented, example } from '../../helpers/shape.js';
import { purchase } from '../../helpers/fixtures.js';

/** The document's create example, as a customer would send it. */
const VALID = {
  address: 'Testikatu 1',
  zip_code: '20100',
  city: 'Turku',
  country: 'FI',
  company_name: 'My Company',
  business_id: '1234567-8',
  first_name: 'Matti',
  last_name: 'Meikäläinen',
  phone: '+358.401234567',
  email: 'matti@example.fi',
  alt_email: 'matti2@example.fi',
  billing_email: 'matti_billing@example.fi',
  billing_method: 'email',
  e_invoice_address: '0123456789',
  e_invoice_intermediator: 'OKOYFIHH',
};

const BASE = '/api/v1/contact/contacts';

describe('client API: contacts', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  /** Creates a contact for `token` and returns its id (the newest in the list). */
  async function create(token: string, body: Record<string, unknown> = VALID): Promise<number> {
    const res = await t.request('POST', BASE, { token, body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const list = await t.request('GET', BASE, { token });
    return list.body.data.at(-1).id;
  }

  async function count(token: string): Promise<number> {
    return (await t.request('GET', BASE, { token })).body.meta.total;
  }

  const ctx = () => t.server.runtime.ctx;

  async function addDomain(userId: number, fqdn: string, status: string, contactId: number) {
    const [sld, tld] = fqdn.split('.') as [string, string];
    return ctx().store.domains.create({
      user_id: userId, sld, tld, fqdn, fqdn_unicode: fqdn, status, reg_date: '2026-01-01', exp_date: '2027-01-01',
      renew: 1, registrant_contact_id: contactId, billing_contact_id: contactId, nameservers: '[]',
      created_at: '2026-01-01T00:00:00.000Z', updated_at: null,
    });
  }

  it('POST answers 201 with the documented body, and the contact is listed in the documented shape', async () => {
    const u = await t.user();
    const res = await t.request('POST', BASE, { token: u.token, body: VALID });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body, example('POST /api/v1/contact/contacts 201'));

    const list = await t.request('GET', BASE, { token: u.token });
    assert.equal(list.status, 200);
    assertDocumented(list.body, 'GET /api/v1/contact/contacts 200');
    assert.equal(list.body.data.length, 2, 'the primary contact and the new one');
    assert.deepEqual(list.body.meta, { limit: 100, offset: 0, count: 2, total: 2 });
    const { id, ...rest } = list.body.data[1];
    assert.ok(Number.isInteger(id));
    assert.deepEqual(rest, {
      address: 'Testikatu 1', zip_code: '20100', city: 'Turku', country: 'FI', contact_type: 'general',
      email: 'matti@example.fi', company_name: 'My Company', name: 'Matti Meikäläinen', phone: '+358.401234567',
      alt_email: 'matti2@example.fi', billing_email: 'matti_billing@example.fi', billing_method: 'email',
      business_id: '1234567-8', e_invoice_address: '0123456789', e_invoice_intermediator: 'OKOYFIHH',
    });
  });

  it('GET /contacts/:id answers the documented shape', async () => {
    const u = await t.user();
    const id = await create(u.token, { ...VALID, contact_type: 'billing', billing_method: 'e-invoice' });
    const res = await t.request('GET', `${BASE}/${id}`, { token: u.token });
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'GET /api/v1/contact/contacts/1 200');
    assert.equal(res.body.data.id, id);
    assert.equal(res.body.data.contact_type, 'billing');
    assert.equal(res.body.data.billing_method, 'e-invoice');
  });

  it('trims fields and defaults billing_method to email and contact_type to general', async () => {
    const u = await t.user();
    const { billing_method: _b, ...withoutMethod } = VALID;
    const id = await create(u.token, { ...withoutMethod, city: '  Turku  ', alt_email: '', billing_email: '' });
    const res = await t.request('GET', `${BASE}/${id}`, { token: u.token });
    assert.equal(res.body.data.city, 'Turku');
    assert.equal(res.body.data.billing_method, 'email');
    assert.equal(res.body.data.contact_type, 'general');
    assert.equal(res.body.data.alt_email, '');
  });

  it('keeps an identity_number given on create, and never shows it back', async () => {
    const u = await t.user();
    const id = await create(u.token, { ...VALID, identity_number: ' 010190-123A ' });
    assert.equal((await t.server.runtime.ctx.store.contacts.findById(id))?.identity_number, '010190-123A');
    const res = await t.request('GET', `${BASE}/${id}`, { token: u.token });
    assert.ok(!('identity_number' in res.body.data));
  });

  it('an empty body names every required field; the documented address message word for word', async () => {
    const u = await t.user();
    const res = await t.request('POST', BASE, { token: u.token, body: {} });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.message, 'The given data was invalid.');
    assert.deepEqual(Object.keys(res.body.error.context).sort(),
      ['address', 'city', 'country', 'email', 'first_name', 'last_name', 'phone', 'zip_code']);
    const { address: _a, ...noAddress } = VALID;
    const one = await t.request('POST', BASE, { token: u.token, body: noAddress });
    assert.deepEqual(one.body, example('POST /api/v1/contact/contacts 422 Validation error'));
    const blank = await t.request('POST', BASE, { token: u.token, body: { ...VALID, address: '   ' } });
    assert.deepEqual(blank.body.error.context, { address: ['The address is required'] });
    assert.equal(await count(u.token), 1, 'nothing was created');
  });

  it('validates each field at and past its bound', async () => {
    const u = await t.user();
    const cases: Array<[string, unknown, boolean]> = [
      ['first_name', 'a'.repeat(255), true], ['first_name', 'a'.repeat(256), false],
      ['last_name', 'a'.repeat(255), true], ['last_name', 'a'.repeat(256), false],
      ['company_name', 'a'.repeat(255), true], ['company_name', 'a'.repeat(256), false],
      ['business_id', 'a'.repeat(255), true], ['business_id', 'a'.repeat(256), false],
      ['address', 'a'.repeat(255), true], ['address', 'a'.repeat(256), false],
      ['city', 'a'.repeat(255), true], ['city', 'a'.repeat(256), false],
      ['zip_code', '1'.repeat(16), true], ['zip_code', '1'.repeat(17), false],
      ['e_invoice_address', 'a'.repeat(255), true], ['e_invoice_address', 'a'.repeat(256), false],
      ['e_invoice_intermediator', 'a'.repeat(255), true], ['e_invoice_intermediator', 'a'.repeat(256), false],
      ['email', `${'a'.repeat(64)}@${'b'.repeat(60)}.fi`, true], ['email', 'not-an-email', false],
      ['email', 'a@b', false], ['email', 'a'.repeat(250) + '@x.fi', false],
      ['alt_email', '', true], ['alt_email', 'matti@', false],
      ['billing_email', '', true], ['billing_email', 'laskut at example.fi', false],
      ['country', 'SE', true], ['country', 'fi', false], ['country', 'XX', false], ['country', 'FIN', false],
      ['country', 'EU', false],
      ['phone', '+1.5', true], ['phone', '+358.12345678901234', true], ['phone', '+358.123456789012345', false],
      ['phone', '+358401234567', false], ['phone', '0401234567', false], ['phone', '+1234.5', false],
      ['billing_method', 'post', true], ['billing_method', 'fax', false], ['billing_method', '', false],
      ['contact_type', 'billing', true], ['contact_type', 'general', true], ['contact_type', 'admin', false],
      ['first_name', 42, false], ['email', null, false], ['country', ['FI'], false],
    ];
    let created = 1;
    for (const [field, value, accepted] of cases) {
      const res = await t.request('POST', BASE, { token: u.token, body: { ...VALID, [field]: value } });
      const label = `${field}=${JSON.stringify(value)?.slice(0, 40)}`;
      if (accepted) {
        assert.equal(res.status, 201, `${label}: ${JSON.stringify(res.body)}`);
        created++;
      } else {
        assert.equal(res.status, 422, label);
        assert.deepEqual(Object.keys(res.body.error.context), [field], `${label}: ${JSON.stringify(res.body)}`);
      }
    }
    assert.equal(await count(u.token), created, 'refused contacts were not created');
  });

  it('e-invoicing needs both the e-invoice address and the intermediator', async () => {
    const u = await t.user();
    const res = await t.request('POST', BASE, {
      token: u.token,
      body: { ...VALID, billing_method: 'e-invoice', e_invoice_address: '', e_invoice_intermediator: '' },
    });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.error.context, {
      e_invoice_address: ['The e_invoice_address is required when billing_method is e-invoice'],
      e_invoice_intermediator: ['The e_invoice_intermediator is required when billing_method is e-invoice'],
    });
    const { e_invoice_intermediator: _i, ...noIntermediator } = VALID;
    const one = await t.request('POST', BASE, { token: u.token, body: { ...noIntermediator, billing_method: 'e-invoice' } });
    assert.deepEqual(Object.keys(one.body.error.context), ['e_invoice_intermediator']);
    const { e_invoice_address: _a, e_invoice_intermediator: _j, ...plain } = VALID;
    const email = await t.request('POST', BASE, { token: u.token, body: plain });
    assert.equal(email.status, 201, 'e-invoice details are optional for other billing methods');
  });

  it('PATCH with the documented body answers the documented shape with the new values', async () => {
    const u = await t.user();
    const id = await create(u.token, { ...VALID, company_name: 'Old Oy', business_id: '7654321-0' });
    t.clock.advance(60_000);
    const body = {
      address: 'Esimerkkikatu 1', zip_code: '20100', city: 'Turku', country: 'FI', company_name: 'My Company',
      business_id: '1234567-8', first_name: 'Matti', last_name: 'Meikäläinen', phone: '+358.401234567',
      email: 'matti.meikalainen@example.fi', alt_email: 'matti2@example.fi', billing_email: 'matti_billing@example.fi',
      billing_method: 'email', e_invoice_address: '0123456789', e_invoice_intermediator: 'OKOYFIHH',
    };
    const res = await t.request('PATCH', `${BASE}/${id}`, { token: u.token, body });
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'PATCH /api/v1/contact/contacts/1 200');
    const expected = structuredClone(example('PATCH /api/v1/contact/contacts/1 200')) as any;
    expected.data.id = id;
    assert.deepEqual(res.body, expected);
    const again = await t.request('GET', `${BASE}/${id}`, { token: u.token });
    assert.deepEqual(again.body.data, res.body.data, 'stored as answered');
  });

  it('PATCH changes only the given fields and checks the merged contact', async () => {
    const u = await t.user();
    const id = await create(u.token);
    const res = await t.request('PATCH', `${BASE}/${id}`, { token: u.token, body: { city: 'Helsinki', last_name: 'Virtanen' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.city, 'Helsinki');
    assert.equal(res.body.data.name, 'Matti Virtanen');
    assert.equal(res.body.data.address, VALID.address);

    const empty = await t.request('PATCH', `${BASE}/${id}`, { token: u.token, body: {} });
    assert.equal(empty.status, 200, 'an empty patch changes nothing');
    assert.deepEqual(empty.body.data, res.body.data);

    // Switching to e-invoicing after clearing the e-invoice address breaks the merged contact.
    const bad = await t.request('PATCH', `${BASE}/${id}`, {
      token: u.token, body: { billing_method: 'e-invoice', e_invoice_address: '' },
    });
    assert.equal(bad.status, 422);
    assert.deepEqual(Object.keys(bad.body.error.context), ['e_invoice_address']);
    for (const body of [{ address: '' }, { country: 'fi' }, { zip_code: '1'.repeat(17) }, { email: 'x' }, { phone: '12' }]) {
      const r = await t.request('PATCH', `${BASE}/${id}`, { token: u.token, body });
      assert.equal(r.status, 422, JSON.stringify(body));
      assert.deepEqual(Object.keys(r.body.error.context), Object.keys(body));
    }
    const after = await t.request('GET', `${BASE}/${id}`, { token: u.token });
    assert.deepEqual(after.body.data, res.body.data, 'refused patches changed nothing');
  });

  it("PATCH of the account's first (incomplete) contact must complete it", async () => {
    const u = await t.user({ name: 'Maija Meikäläinen', email: 'maija@example.fi' });
    const list = await t.request('GET', BASE, { token: u.token });
    const primary = list.body.data[0];
    assert.equal(primary.name, 'Maija Meikäläinen');
    const partial = await t.request('PATCH', `${BASE}/${primary.id}`, { token: u.token, body: { phone: '+358.401234568' } });
    assert.equal(partial.status, 422);
    assert.deepEqual(Object.keys(partial.body.error.context).sort(), ['address', 'city', 'country', 'zip_code']);
    const full = await t.request('PATCH', `${BASE}/${primary.id}`, {
      token: u.token,
      body: { phone: '+358.401234568', address: 'Esimerkkikatu 2', zip_code: '20100', city: 'Turku', country: 'FI' },
    });
    assert.equal(full.status, 200);
    assert.equal(full.body.data.name, 'Maija Meikäläinen');
    assert.equal(full.body.data.email, 'maija@example.fi');
  });

  it('DELETE answers the documented messages: deleted, primary contact, assigned to a domain', async () => {
    const u = await t.user();
    const list = await t.request('GET', BASE, { token: u.token });
    const primaryId = list.body.data[0].id;
    const primary = await t.request('DELETE', `${BASE}/${primaryId}`, { token: u.token });
    assert.equal(primary.status, 400);
    assert.deepEqual(primary.body, example('DELETE /api/v1/contact/contacts/1 400 Primary contact deletion'));

    const assignedId = await create(u.token);
    await addDomain(u.id, `assigned${u.id}.fi`, 'active', assignedId);
    const assigned = await t.request('DELETE', `${BASE}/${assignedId}`, { token: u.token });
    assert.equal(assigned.status, 400);
    assert.deepEqual(assigned.body, example('DELETE /api/v1/contact/contacts/1 400 Contact is assigned to at least one Domain'));

    const freeId = await create(u.token);
    const ok = await t.request('DELETE', `${BASE}/${freeId}`, { token: u.token });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, example('DELETE /api/v1/contact/contacts/1 200'));
    assert.equal((await t.request('GET', `${BASE}/${freeId}`, { token: u.token })).status, 404);
    assert.equal((await t.request('DELETE', `${BASE}/${freeId}`, { token: u.token })).status, 404);
    assert.equal(await count(u.token), 2, 'the primary and the assigned contact remain');
  });

  it('a contact only referenced by deleted or transferred domains can be deleted', async () => {
    const u = await t.user();
    const id = await create(u.token);
    const gone = await addDomain(u.id, `gone${u.id}.fi`, 'deleted', id);
    const away = await addDomain(u.id, `away${u.id}.com`, 'transferred', id);
    const res = await t.request('DELETE', `${BASE}/${id}`, { token: u.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    for (const d of [gone, away]) {
      const row = await ctx().store.domains.findById(d.id);
      assert.equal(row?.registrant_contact_id, null);
      assert.equal(row?.billing_contact_id, null);
    }
  });

  it("another user's contact answers 403 on every endpoint and stays unchanged", async () => {
    const a = await t.user();
    const b = await t.user();
    const id = await create(a.token);
    const before = await t.request('GET', `${BASE}/${id}`, { token: a.token });
    const forbidden = example('GET /api/v1/contact/contacts/1 403 Contact is not assigned to the User');

    const get = await t.request('GET', `${BASE}/${id}`, { token: b.token });
    assert.equal(get.status, 403);
    assert.deepEqual(get.body, forbidden);
    const patch = await t.request('PATCH', `${BASE}/${id}`, { token: b.token, body: { city: 'Espoo' } });
    assert.equal(patch.status, 403);
    assert.deepEqual(patch.body, example('PATCH /api/v1/contact/contacts/1 403 Contact is not assigned to the User'));
    // Even an invalid patch learns nothing about the rules before ownership.
    const badPatch = await t.request('PATCH', `${BASE}/${id}`, { token: b.token, body: { country: 'xx' } });
    assert.equal(badPatch.status, 403);
    const del = await t.request('DELETE', `${BASE}/${id}`, { token: b.token });
    assert.equal(del.status, 403);
    assert.deepEqual(del.body, example('DELETE /api/v1/contact/contacts/1 403 Contact is not assigned to the User'));

    const listB = await t.request('GET', BASE, { token: b.token });
    assert.ok(!listB.body.data.some((c: { id: number }) => c.id === id), "B's list does not show A's contact");
    const after = await t.request('GET', `${BASE}/${id}`, { token: a.token });
    assert.deepEqual(after.body, before.body);
  });

  it('unknown ids answer 404 and malformed ids 422, never 500', async () => {
    const u = await t.user();
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const body = method === 'PATCH' ? { city: 'Espoo' } : undefined;
      const missing = await t.request(method, `${BASE}/999999`, { token: u.token, body });
      assert.equal(missing.status, 404, method);
      assert.deepEqual(missing.body, { error: { status: 404, message: 'Resource not found' } });
      for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
        const res = await t.request(method, `${BASE}/${bad}`, { token: u.token, body });
        assert.equal(res.status, 422, `${method} ${bad}: ${JSON.stringify(res.body)}`);
      }
    }
  });

  it('without a token every endpoint answers the documented 401', async () => {
    const expected = example('GET /api/v1/contact/contacts 401 Authorization token not provided or invalid');
    for (const [method, path] of [['GET', BASE], ['POST', BASE], ['GET', `${BASE}/1`], ['PATCH', `${BASE}/1`], ['DELETE', `${BASE}/1`]] as const) {
      const res = await t.request(method, path, { body: method === 'POST' || method === 'PATCH' ? VALID : undefined });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, expected);
    }
  });

  it('lists page with limit and offset and answer meta', async () => {
    const u = await t.user();
    for (let i = 0; i < 4; i++) await t.request('POST', BASE, { token: u.token, body: { ...VALID, first_name: `N${i}` } });
    const all = await t.request('GET', BASE, { token: u.token });
    assert.deepEqual(all.body.meta, { limit: 100, offset: 0, count: 5, total: 5 });
    const page = await t.request('GET', `${BASE}?limit=2&offset=1`, { token: u.token });
    assert.deepEqual(page.body.meta, { limit: 2, offset: 1, count: 2, total: 5 });
    assert.deepEqual(page.body.data.map((c: { id: number }) => c.id), all.body.data.slice(1, 3).map((c: { id: number }) => c.id));
    const past = await t.request('GET', `${BASE}?offset=10`, { token: u.token });
    assert.deepEqual(past.body.meta, { limit: 100, offset: 10, count: 0, total: 5 });
    assert.equal((await t.request('GET', `${BASE}?limit=100`, { token: u.token })).status, 200);
    assert.equal((await t.request('GET', `${BASE}?limit=1`, { token: u.token })).body.data.length, 1);
    for (const qs of ['limit=0', 'limit=101', 'offset=-1', 'limit=abc']) {
      const res = await t.request('GET', `${BASE}?${qs}`, { token: u.token });
      assert.equal(res.status, 422, qs);
    }
  });
  it("contacts deleted while domains are given them: never a 500, and no domain's billing contact is lost", async () => {
    // On PostgreSQL (TEST_DATABASE_URL) each pair runs in two transactions at once: both pass their
    // checks and the foreign key decides; the loser gets 409 and may send again.
    const u = await t.user({ postpaid: true });
    const domains = ['kilpa-1.fi', 'kilpa-2.fi', 'kilpa-3.fi', 'kilpa-4.fi'];
    for (const d of domains) await purchase(t, u.token, d);
    const contacts: number[] = [];
    for (let i = 0; i < 16; i++) contacts.push(await create(u.token));
    const answers = await Promise.all(contacts.flatMap((id, i) => [
      t.request('PATCH', `/api/v1/domain/domains/${domains[i % domains.length]}`, { token: u.token, body: { contact_id: id } }),
      t.request('DELETE', `${BASE}/${id}`, { token: u.token }),
    ]));
    const patches = answers.filter((_, i) => i % 2 === 0);
    const deletes = answers.filter((_, i) => i % 2 === 1);
    for (const r of patches) assert.ok([200, 409, 422].includes(r.status), `PATCH: ${r.status} ${JSON.stringify(r.body)}`);
    for (const r of deletes) assert.ok([200, 400, 409].includes(r.status), `DELETE: ${r.status} ${JSON.stringify(r.body)}`);
    for (const r of answers.filter((a) => a.status === 409)) {
      assert.deepEqual(r.body, { error: { status: 409, message: 'The request conflicts with a change made at the same time; send it again' } });
    }
    for (const d of domains) {
      const domain = await t.request('GET', `/api/v1/domain/domains/${d}`, { token: u.token });
      assert.equal(domain.status, 200);
      const contact = await t.request('GET', `${BASE}/${domain.body.data.billing_contact.id}`, { token: u.token });
      assert.equal(contact.status, 200, `${d}: its billing contact is gone`);
    }
  });
});
