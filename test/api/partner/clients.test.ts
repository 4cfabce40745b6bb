import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { assertShape } from '../../helpers/shape.js';
import { revokeApiKey } from '../../../src/core/partners/revoke-api-key.js';
import { repoPath } from '../../helpers/paths.js';

const golden = (name: string): any => JSON.parse(readFileSync(repoPath(`test/golden/partner-api/${name}.json`), 'utf8'));
/** The add and update examples show the id as a number, the list as a string: a saved client as the list shows it. */
const asListed = (client: any) => ({ ...client, id: String(client.id) });
/** Fields this API adds after the document's: what a registry such as .fi's requires of a registrant. */
const ADDITIONS = ['identity_number', 'business_id'];

/** The document's add example, as sent. */
const EXAMPLE_ADD = {
  firstname: 'Joe', lastname: 'Bin', company: 'Google', password: 'Pass!123', postcode: 1234, address1: 'Address 1',
  address2: 'Address 2', city: 'Test', country: 'BE', email: 'info@domain.be', phone: 123456789, client_type: 'Managed Client',
  vat_number: '123456789',
};

let counter = 0;
const uniqueEmail = () => `client${++counter}@example.be`;

describe('partner API: clients', () => {
  let t: TestServer;
  type P = Awaited<ReturnType<TestServer['partner']>>;
  let a: P;
  let b: P;
  before(async () => {
    t = await startTestServer();
    a = await t.partner('Partner A');
    b = await t.partner('Partner B');
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  const add = (p: P, body: Record<string, unknown>) => t.request('POST', '/clients/add', { token: p.apiKey, body });
  const addOk = async (p: P, body: Record<string, unknown> = {}) => {
    const res = await add(p, { ...EXAMPLE_ADD, email: uniqueEmail(), ...body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return asListed(res.body.data[0]);
  };
  const list = (p: P, keyword?: string) =>
    t.request('GET', `/clients${keyword === undefined ? '' : `?keyword=${encodeURIComponent(keyword)}`}`, { token: p.apiKey });
  const count = async (p: P) => (await list(p)).body.data.length as number;

  describe('POST clients/add', () => {
    it('answers the documented example: data is an array of the one client, the id a number, every other value a string', async () => {
      const res = await add(a, EXAMPLE_ADD);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assertShape(res.body, golden('post-clients-add'), '$', ADDITIONS);
      const { id, ...client } = res.body.data[0];
      assert.ok(Number.isSafeInteger(id) && id > 0, JSON.stringify(id));
      assert.deepEqual(client, {
        firstname: 'Joe', lastname: 'Bin', company: 'Google', address1: 'Address 1', address2: 'Address 2', city: 'Test',
        postcode: '1234', country: 'BE', phone: '+32.123456789', email: 'info@domain.be', client_type: 'Managed Client',
        vat_number: '123456789', identity_number: '', business_id: '',
      });
      assert.deepEqual(res.body.customData, []);
      // A customer account owned by the partner, whose login name is the e-mail.
      const user = await ctx().store.users.findById(Number(id));
      assert.equal(user?.partner_id, a.id);
      assert.equal(user?.username, 'info@domain.be');
      assert.equal(user?.client_type, 'Managed Client');
      const contact = await ctx().store.contacts.findById(user!.primary_contact_id!);
      assert.equal(contact?.zip_code, '1234');
      assert.equal(contact?.address, 'Address 1');
      assert.equal(contact?.vat_number, '123456789');
    });

    it('the client logs in to the client API with its e-mail (any case) and password', async () => {
      const email = 'Login.Case@Example.be';
      await addOk(a, { email, password: 'Salasana!1' });
      const res = await t.request('POST', '/api/v1/auth', { body: { username: email, password: 'Salasana!1' } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(typeof res.body.data.token, 'string');
      const wrong = await t.request('POST', '/api/v1/auth', { body: { username: email, password: 'Salasana!2' } });
      assert.equal(wrong.status, 422);
    });

    it('takes optional fields as absent, null or empty, and a Self Servicing Client', async () => {
      const { company: _c, address2: _a, vat_number: _v, ...required } = EXAMPLE_ADD;
      const res = await add(a, { ...required, email: uniqueEmail(), client_type: 'Self Servicing Client' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const absent = res.body.data[0];
      assert.deepEqual([absent.company, absent.address2, absent.vat_number, absent.client_type], ['', '', '', 'Self Servicing Client']);
      const nulls = await addOk(a, { company: null, address2: null, vat_number: null });
      assert.deepEqual([nulls.company, nulls.address2, nulls.vat_number], ['', '', '']);
      const empty = await addOk(a, { company: '', address2: '', vat_number: '', postcode: 'AB12', phone: '+32 470 12 34 56' });
      assert.deepEqual([empty.company, empty.postcode, empty.phone], ['', 'AB12', '+32.470123456']);
    });

    it('names every missing field at once and writes nothing', async () => {
      const before = await count(a);
      const res = await add(a, {});
      assert.equal(res.status, 422);
      assert.equal(res.body.success, false);
      assert.equal(res.body.message, 'The given data was invalid.');
      assert.deepEqual(Object.keys(res.body.errors).sort(), [
        'address1', 'city', 'client_type', 'country', 'email', 'firstname', 'lastname', 'password', 'phone', 'postcode',
      ]);
      assert.deepEqual(res.body.errors.firstname, ['The firstname is required']);
      assert.equal(await count(a), before);
    });

    it('enforces every documented length at and just past its bound', async () => {
      const x = (n: number) => 'x'.repeat(n);
      const emailOf = (n: number) => `${'e'.repeat(n - '@example.be'.length)}@example.be`;
      const cases: Array<[string, unknown, unknown]> = [
        // field, longest (or shortest) accepted, first refused
        ['firstname', x(100), x(101)],
        ['lastname', x(100), x(101)],
        ['company', x(100), x(101)],
        ['address1', x(100), x(101)],
        ['address2', x(100), x(101)],
        ['city', x(100), x(101)],
        ['postcode', 'A'.repeat(100), 'A'.repeat(101)],
        ['postcode', '1', ''],
        ['vat_number', 'B'.repeat(100), 'B'.repeat(101)],
        ['vat_number', 'BE1', 'BE'],
        ['phone', '+32 (0)470 - 12 - 34 - 56', '+32 (0) 470 - 12 - 34 - 56'],
        ['phone', '12345', '1234'],
        ['phone', 12345, 1234],
        ['email', emailOf(100), emailOf(101)],
        ['email', 'a@b.c', 'a@bc'],
        ['password', 'Aa1!Aa', 'Aa1!A'],
        ['password', `Aa1${x(97)}`, `Aa1${x(98)}`],
      ];
      for (const [field, good, bad] of cases) {
        const ok = await add(a, { ...EXAMPLE_ADD, email: uniqueEmail(), [field]: good });
        assert.equal(ok.status, 200, `${field} ${JSON.stringify(good)} accepted: ${JSON.stringify(ok.body)}`);
        const before = await count(a);
        const refused = await add(a, { ...EXAMPLE_ADD, email: uniqueEmail(), [field]: bad });
        assert.equal(refused.status, 422, `${field} ${JSON.stringify(bad)} refused`);
        assert.deepEqual(Object.keys(refused.body.errors), [field], JSON.stringify(refused.body));
        assert.equal(await count(a), before, 'nothing written');
      }
    });

    it('enforces the password classes, country codes, alphanumeric fields, e-mail form and client type', async () => {
      const refused: Array<[string, unknown]> = [
        ['password', 'abcdefgh'], // one class
        ['password', 'abcdEFGH'], // two
        ['password', 'abcd1234'],
        ['country', 'be'], // lower case
        ['country', 'XX'], // not assigned
        ['country', 'BEL'],
        ['postcode', '12 34'],
        ['postcode', '12-34'],
        ['postcode', 12.5],
        ['vat_number', 'BE 0123'],
        ['email', 'not-an-address'],
        ['phone', 'call me maybe'],
        ['client_type', 'Reseller'],
        ['firstname', '   '],
        ['firstname', 5],
        ['phone', true],
      ];
      for (const [field, value] of refused) {
        const res = await add(a, { ...EXAMPLE_ADD, email: uniqueEmail(), [field]: value });
        assert.equal(res.status, 422, `${field} ${JSON.stringify(value)}: ${JSON.stringify(res.body)}`);
        assert.ok(res.body.errors[field], `${field} ${JSON.stringify(value)}: ${JSON.stringify(res.body)}`);
      }
      const accepted: Array<[string, unknown]> = [
        ['password', 'abcd12!!'], // lower, digit, symbol
        ['password', 'ABCD12!!'],
        ['password', 'abcdÄÖ12'], // lower, other letters, digits
        ['password', 'Pässwörd'], // upper, lower, other letters
        ['country', 'FI'],
        ['postcode', 'SW1A1AA'],
      ];
      for (const [field, value] of accepted) {
        const res = await add(a, { ...EXAMPLE_ADD, email: uniqueEmail(), [field]: value });
        assert.equal(res.status, 200, `${field} ${JSON.stringify(value)}: ${JSON.stringify(res.body)}`);
      }
    });

    it('refuses an e-mail another account already uses, in any case, whichever partner owns it', async () => {
      const email = uniqueEmail();
      await addOk(a, { email });
      for (const [p, again] of [[a, email], [a, email.toUpperCase()], [b, email]] as const) {
        const res = await add(p, { ...EXAMPLE_ADD, email: again });
        assert.equal(res.status, 422);
        assert.deepEqual(res.body.errors, { email: ['The email has already been taken'] });
      }
      // A direct customer's login name counts too.
      const direct = await t.user({ username: 'direct@example.fi' });
      const taken = await add(a, { ...EXAMPLE_ADD, email: direct.username });
      assert.equal(taken.status, 422);
    });

    it('answers 401 without a key, with an unknown key and with a revoked key', async () => {
      const none = await t.request('POST', '/clients/add', { body: EXAMPLE_ADD });
      assert.equal(none.status, 401);
      assert.deepEqual(none.body, { success: false, message: 'Unauthenticated.' });
      const unknown = await t.request('GET', '/clients', { token: 'hpk_0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ' });
      assert.equal(unknown.status, 401);
      const p = await t.partner();
      assert.equal((await list(p)).status, 200);
      await revokeApiKey(ctx(), { key: p.apiKey });
      const revoked = await list(p);
      assert.equal(revoked.status, 401);
      assert.deepEqual(revoked.body, { success: false, message: 'Unauthenticated.' });
    });
  });

  describe('GET clients', () => {
    it('answers the documented example shape, only the partner\'s own clients', async () => {
      const p = await t.partner();
      const q = await t.partner();
      const mine = await addOk(p, { firstname: 'Joe', lastname: 'Bin', company: '' });
      await addOk(q, { firstname: 'Joe', lastname: 'Bin' });
      const res = await list(p);
      assert.equal(res.status, 200);
      assertShape(res.body, golden('get-clients'), '$', ADDITIONS);
      assert.deepEqual(res.body.data, [mine]);
      assert.equal(res.body.message, 'List clients');
      const empty = await list(await t.partner());
      assert.deepEqual(empty.body, { success: true, message: 'List clients', data: [], customData: [] });
    });

    it('filters with keyword on (part of) first name, last name and company, case-insensitively', async () => {
      const p = await t.partner();
      const anna = await addOk(p, { firstname: 'Anna', lastname: 'Virtanen', company: 'Acme Oy' });
      const bert = await addOk(p, { firstname: 'Bert', lastname: 'Annala', company: '' });
      const cara = await addOk(p, { firstname: 'Cara', lastname: 'Smith', company: 'Hanna_100% Ltd' });
      const ids = async (keyword: string) => (await list(p, keyword)).body.data.map((c: any) => c.id);
      assert.deepEqual(await ids('ann'), [anna.id, bert.id, cara.id]);
      assert.deepEqual(await ids('ANNA'), [anna.id, bert.id, cara.id]);
      assert.deepEqual(await ids('virt'), [anna.id]);
      assert.deepEqual(await ids('acme'), [anna.id]);
      assert.deepEqual(await ids('_100%'), [cara.id], 'LIKE wildcards are taken literally');
      assert.deepEqual(await ids('%'), [cara.id]);
      assert.deepEqual(await ids('example.be'), [], 'not the e-mail');
      assert.deepEqual(await ids(''), [anna.id, bert.id, cara.id]);
      // Another partner's clients never match.
      await addOk(b, { firstname: 'Anna' });
      assert.deepEqual(await ids('Anna'), [anna.id, bert.id, cara.id]);
    });
  });

  describe('PUT clients/{clientId}', () => {
    const EXAMPLE_UPDATE = {
      firstname: 'Joe', lastname: 'Bin', company: 'Google', postcode: 1234, address1: 'Address 1', address2: 'Address 2',
      city: 'Test', country: 'BE', email: 'info@domain.be', phone: 123456789, vat_number: '123456789',
    };

    it('answers the documented example and changes the account and its contact', async () => {
      const client = await addOk(a, { firstname: 'Old', email: 'before.update@example.be', password: 'Vanha!123', client_type: 'Self Servicing Client' });
      const res = await t.request('PUT', `/clients/${client.id}`, {
        token: a.apiKey,
        body: { ...EXAMPLE_UPDATE, email: 'After.Update@example.be', postcode: 'B1000', company: null },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assertShape(res.body, golden('put-clients'), '$', ADDITIONS);
      assert.equal(res.body.message, 'Updated Client');
      assert.deepEqual(res.body.data, [{
        id: Number(client.id), firstname: 'Joe', lastname: 'Bin', company: '', address1: 'Address 1', address2: 'Address 2', city: 'Test',
        postcode: 'B1000', country: 'BE', phone: '+32.123456789', email: 'After.Update@example.be', client_type: 'Self Servicing Client',
        vat_number: '123456789', identity_number: '', business_id: '',
      }]);
      assert.deepEqual((await list(a, 'Joe')).body.data.find((c: any) => c.id === client.id), asListed(res.body.data[0]));
      // The new e-mail is the login name; the old one no longer logs in.
      const login = await t.request('POST', '/api/v1/auth', { body: { username: 'after.update@example.be', password: 'Vanha!123' } });
      assert.equal(login.status, 200);
      const old = await t.request('POST', '/api/v1/auth', { body: { username: 'before.update@example.be', password: 'Vanha!123' } });
      assert.equal(old.status, 422);
    });

    it('keeps its own e-mail, refuses another account\'s, and checks every field as add does', async () => {
      const client = await addOk(a);
      const other = await addOk(a);
      const same = await t.request('PUT', `/clients/${client.id}`, { token: a.apiKey, body: { ...EXAMPLE_UPDATE, email: client.email.toUpperCase() } });
      assert.equal(same.status, 200, JSON.stringify(same.body));
      const taken = await t.request('PUT', `/clients/${client.id}`, { token: a.apiKey, body: { ...EXAMPLE_UPDATE, email: other.email } });
      assert.equal(taken.status, 422);
      assert.deepEqual(taken.body.errors, { email: ['The email has already been taken'] });
      const bad = await t.request('PUT', `/clients/${client.id}`, {
        token: a.apiKey,
        body: { ...EXAMPLE_UPDATE, firstname: 'x'.repeat(101), country: 'be', phone: '1234' },
      });
      assert.equal(bad.status, 422);
      assert.ok(bad.body.errors.firstname);
      const missing = await t.request('PUT', `/clients/${client.id}`, { token: a.apiKey, body: { phone: '12345' } });
      assert.equal(missing.status, 422);
      assert.deepEqual(Object.keys(missing.body.errors).sort(), ['address1', 'city', 'country', 'email', 'firstname', 'lastname', 'postcode']);
      const now = (await list(a)).body.data.find((c: any) => c.id === client.id);
      assert.equal(now.email, client.email.toUpperCase(), 'refused updates changed nothing');
    });

    it('answers 403 for another partner\'s client (unchanged), 404 for none', async () => {
      const client = await addOk(a, { firstname: 'Kept' });
      const res = await t.request('PUT', `/clients/${client.id}`, { token: b.apiKey, body: { ...EXAMPLE_UPDATE, email: uniqueEmail() } });
      assert.equal(res.status, 403);
      assert.equal(res.body.success, false);
      assert.equal((await list(a)).body.data.find((c: any) => c.id === client.id).firstname, 'Kept');
      for (const id of ['999999', 'abc', '0', String(a.userId)]) {
        const none = await t.request('PUT', `/clients/${id}`, { token: a.apiKey, body: EXAMPLE_UPDATE });
        assert.equal(none.status, 404, `${id}: ${JSON.stringify(none.body)}`);
      }
    });
  });

  describe('DELETE clients/{clientId}', () => {
    it('answers the documented example; the client is gone from the list, cannot log in, and its e-mail is free', async () => {
      const email = uniqueEmail();
      const client = await addOk(a, { email, password: 'Poista!123' });
      const login = await t.request('POST', '/api/v1/auth', { body: { username: email, password: 'Poista!123' } });
      const token = login.body.data.token;
      const res = await t.request('DELETE', `/clients/${client.id}`, { token: a.apiKey });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, golden('delete-clients'));
      assert.ok(!(await list(a)).body.data.some((c: any) => c.id === client.id));
      const again = await t.request('DELETE', `/clients/${client.id}`, { token: a.apiKey });
      assert.equal(again.status, 404);
      const relogin = await t.request('POST', '/api/v1/auth', { body: { username: email, password: 'Poista!123' } });
      assert.equal(relogin.status, 422);
      const oldToken = await t.request('GET', '/api/v1/domain/domains', { token });
      assert.equal(oldToken.status, 401);
      await addOk(a, { email });
    });

    it('is refused with 422 while the client holds a domain or an active service', async () => {
      const client = await addOk(a);
      const reg = await t.request('POST', '/domains/register', {
        token: a.apiKey, body: { name: 'poistettava.com', period: 1, action: 'register', client_id: Number(client.id) },
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      const res = await t.request('DELETE', `/clients/${client.id}`, { token: a.apiKey });
      assert.equal(res.status, 422);
      assert.deepEqual(res.body, { success: false, message: 'The client cannot be deleted: it still has 1 domain (poistettava.com).' });
      assert.ok((await list(a)).body.data.some((c: any) => c.id === client.id), 'still there');

      const withService = await addOk(a);
      const at = new Date().toISOString();
      await ctx().store.services.create({
        user_id: Number(withService.id), domain_id: null, kind: 'hosting', name: 'Web S', qty: 1, start_date: '2026-03-01',
        exp_date: '2027-03-01', status: 'active', renew: 1, price_cents: 500, billing_period_months: 12, created_at: at, updated_at: null,
      });
      const refused = await t.request('DELETE', `/clients/${withService.id}`, { token: a.apiKey });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.message, 'The client cannot be deleted: it still has 1 active service.');
    });

    it('answers 403 for another partner\'s client (still there), 404 for none', async () => {
      const client = await addOk(a);
      const res = await t.request('DELETE', `/clients/${client.id}`, { token: b.apiKey });
      assert.equal(res.status, 403);
      assert.ok((await list(a)).body.data.some((c: any) => c.id === client.id));
      for (const id of ['999999', 'x', String(a.userId)]) {
        assert.equal((await t.request('DELETE', `/clients/${id}`, { token: a.apiKey })).status, 404, id);
      }
    });
  });

  describe('what registries require of a client (not in the document)', () => {
    const put = (p: P, id: string, body: Record<string, unknown>) => t.request('PUT', `/clients/${id}`, { token: p.apiKey, body });
    const UPDATE = {
      firstname: 'Maija', lastname: 'Meikäläinen', postcode: '20100', address1: 'Esimerkkikatu 2', city: 'Turku', country: 'FI',
      email: 'maija.registrant@example.fi', phone: '040 123 4567',
    };

    it('keeps an identity number and a business id, shown by add, update and the list', async () => {
      const res = await add(a, { ...EXAMPLE_ADD, email: uniqueEmail(), identity_number: ' 010190-123A ', business_id: '1234567-8' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const added = res.body.data[0];
      assert.deepEqual([added.identity_number, added.business_id], ['010190-123A', '1234567-8']);
      const contact = await ctx().store.contacts.findById((await ctx().store.users.findById(added.id))!.primary_contact_id!);
      assert.deepEqual([contact?.identity_number, contact?.business_id], ['010190-123A', '1234567-8']);
      const listed = (await list(a)).body.data.find((c: any) => c.id === String(added.id));
      assert.deepEqual([listed.identity_number, listed.business_id], ['010190-123A', '1234567-8']);

      // An update written to the document (without them) keeps them; given, they change; null or '' clears.
      const kept = await put(a, String(added.id), UPDATE);
      assert.equal(kept.status, 200, JSON.stringify(kept.body));
      assert.deepEqual([kept.body.data[0].identity_number, kept.body.data[0].business_id], ['010190-123A', '1234567-8']);
      const changed = await put(a, String(added.id), { ...UPDATE, identity_number: '131052-308T', business_id: null });
      assert.deepEqual([changed.body.data[0].identity_number, changed.body.data[0].business_id], ['131052-308T', '']);
      const cleared = await put(a, String(added.id), { ...UPDATE, identity_number: '' });
      assert.deepEqual([cleared.body.data[0].identity_number, cleared.body.data[0].business_id], ['', '']);
    });

    it('keeps the phone in EPP\'s +CC.NUMBER form, from a national number with the country\'s calling code or an international one', async () => {
      const cases: Array<[unknown, string, string]> = [
        ['040 123 4567', 'FI', '+358.401234567'],
        ['0401234567', 'FI', '+358.401234567'],
        ['+358 40 123 4567', 'FI', '+358.401234567'],
        ['+358.401234567', 'FI', '+358.401234567'],
        ['+46 70 123 45 67', 'FI', '+46.701234567'],
        [123456789, 'BE', '+32.123456789'],
        ['(212) 555-0100', 'US', '+1.2125550100'],
      ];
      for (const [phone, country, epp] of cases) {
        const res = await add(a, { ...EXAMPLE_ADD, email: uniqueEmail(), phone, country });
        assert.equal(res.status, 200, `${phone}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.data[0].phone, epp, String(phone));
      }
    });

    it('refuses, per field, a phone that cannot be written as +CC.NUMBER and a malformed identity, writing nothing', async () => {
      const before = await count(a);
      const refused: Array<[string, unknown]> = [
        ['phone', '+999 123 4567'], // no such calling code
        ['phone', '+358 12'], // too short to be a number
        ['phone', '0012345678901234567'], // longer than E.164
        ['identity_number', '010190_123A'],
        ['identity_number', 'x'.repeat(65)],
        ['business_id', '-1234567-8'],
      ];
      for (const [field, value] of refused) {
        const res = await add(a, { ...EXAMPLE_ADD, email: uniqueEmail(), [field]: value });
        assert.equal(res.status, 422, `${field} ${JSON.stringify(value)}: ${JSON.stringify(res.body)}`);
        assert.deepEqual(Object.keys(res.body.errors), [field], JSON.stringify(res.body));
      }
      const phone = await add(a, { ...EXAMPLE_ADD, email: uniqueEmail(), phone: '+999 123 4567' });
      assert.match(phone.body.errors.phone[0], /\+CC\.NUMBER \(\+358\.401234567\)/);
      assert.equal(await count(a), before);
      const client = await addOk(a, { phone: '0470 12 34 56' });
      const badUpdate = await put(a, client.id, { ...UPDATE, phone: '+999 1', identity_number: 'ok-123' });
      assert.equal(badUpdate.status, 422);
      assert.deepEqual(Object.keys(badUpdate.body.errors), ['phone']);
      const now = (await list(a)).body.data.find((c: any) => c.id === client.id);
      assert.deepEqual([now.phone, now.identity_number], ['+32.470123456', ''], 'refused update changed nothing');
    });

    it('another partner cannot set them on a client that is not its own', async () => {
      const client = await addOk(a, { identity_number: '010190-123A' });
      const res = await put(b, client.id, { ...UPDATE, email: uniqueEmail(), identity_number: '131052-308T' });
      assert.equal(res.status, 403);
      const now = (await list(a)).body.data.find((c: any) => c.id === client.id);
      assert.equal(now.identity_number, '010190-123A');
      assert.ok(!(await list(b)).body.data.some((c: any) => c.id === client.id));
    });
  });
});
