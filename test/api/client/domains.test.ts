import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { REGISTRANT as registrant, identifyPrimaryContact } from '../../helpers/fixtures.js';
import { assertDocumented, example } from '../../helpers/shape.js';
import { markInvoicePaid } from '../../../src/core/billing/mark-invoice-paid.js';

const INVALID = 'The given data was invalid.';
const invalid = (context: Record<string, string[]>) => ({ error: { status: 422, message: INVALID, context } });
const FORBIDDEN = { error: { status: 403, message: 'Forbidden request' } };
const NOT_FOUND = { error: { status: 404, message: 'Resource not found' } };

describe('client API: domains (purchase, renew, transfer, list, details, modify, auth code)', () => {
  let t: TestServer;
  type U = Awaited<ReturnType<TestServer['user']>>;
  let owner: U; // postpaid: purchases are active at once
  let other: U;
  before(async () => {
    t = await startTestServer();
    owner = await t.user({ postpaid: true, name: 'Olli Omistaja' });
    other = await t.user({ postpaid: true });
    await identifyPrimaryContact(t, other.token); // the registrant of its .fi transfers
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  const purchase = (u: U, body: Record<string, unknown>) =>
    t.request('POST', '/api/v1/domain/domains/purchase', { token: u.token, body: { registrantContact: registrant, ...body } });
  const buy = async (u: U, domain: string) => {
    const res = await purchase(u, { domain });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const row = (fqdn: string) => ctx().store.domains.findLiveByFqdn(fqdn);

  describe('purchase', () => {
    it('answers the documented 200 and 401', async () => {
      const res = await purchase(owner, { domain: 'testdomain.fi', years: 1, nameServers: ['ns1.euronic.fi', 'ns2.euronic.fi', 'ns3.euronic.fi'] });
      assert.deepEqual(res.body, example('POST /api/v1/domain/domains/purchase 200'));
      const anon = await t.request('POST', '/api/v1/domain/domains/purchase', { body: { domain: 'x.fi' } });
      assert.equal(anon.status, 401);
      assert.deepEqual(anon.body, example('POST /api/v1/domain/domains/purchase 401 Authorization token not provided or invalid'));
    });

    it('names every missing field at once, keyed under registrantContact', async () => {
      const res = await t.request('POST', '/api/v1/domain/domains/purchase', { token: owner.token, body: {} });
      assert.equal(res.status, 422);
      assert.deepEqual(res.body, invalid({
        domain: ['The domain is required'],
        'registrantContact.firstName': ['The firstName is required'],
        'registrantContact.lastName': ['The lastName is required'],
        'registrantContact.identityNumber': ['The identityNumber is required'],
        'registrantContact.address': ['The address is required'],
        'registrantContact.zipCode': ['The zipCode is required'],
        'registrantContact.city': ['The city is required'],
        'registrantContact.country': ['The country is required'],
        'registrantContact.phone': ['The phone is required'],
        'registrantContact.email': ['The email is required'],
      }));
      // The document's example: one missing field, its message word for word.
      const { address: _, ...noAddress } = registrant;
      const one = await purchase(owner, { domain: 'osoitteeton.fi', registrantContact: noAddress });
      assert.deepEqual(one.body, invalid({ 'registrantContact.address': ['The address is required'] }));
      assert.equal(await row('osoitteeton.fi'), undefined);
    });

    it('checks formats: country, phone, email, name, TLD, years and nameservers', async () => {
      const res = await purchase(owner, {
        domain: 'www.example.fi',
        registrantContact: { ...registrant, country: 'Finland', phone: '0401234567', email: 'not-an-email' },
        nameServers: ['ns1.example.net'],
      });
      assert.equal(res.status, 422);
      assert.deepEqual(Object.keys(res.body.error.context).sort(), [
        'domain', 'nameServers', 'registrantContact.country', 'registrantContact.email', 'registrantContact.phone',
      ]);
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ domain: 'example.xyz' }, 'domain', 'Domains under .xyz are not available'],
        [{ domain: 'example.fi', years: 7 }, 'years', 'Domains under .fi are available for 1, 2, 3, 4, 5 years'],
        [{ domain: 'example.fi', years: 11 }, 'years', 'The years may not be greater than 10'],
        [{ domain: 'example.fi', years: 0 }, 'years', 'The years must be at least 1'],
        [{ domain: 'example.fi', years: '1.5' }, 'years', 'The years must be an integer'],
        [{ domain: 'example.fi', nameServers: ['ns1.example.net', 'bad_host'] }, 'nameServers.1', 'The nameServers.1 must be a valid host name'],
        [{ domain: 'example.fi', nameServers: ['ns1.example.net', 'NS1.example.net.'] }, 'nameServers', 'The nameServers must not contain duplicates'],
        [{ domain: 'example.fi', nameServers: Array.from({ length: 14 }, (_, i) => `ns${i}.example.net`) }, 'nameServers', 'The nameServers may not have more than 13 items'],
      ];
      for (const [body, field, message] of cases) {
        const r = await purchase(owner, body);
        assert.equal(r.status, 422, JSON.stringify(body));
        assert.deepEqual(r.body.error.context[field], [message], JSON.stringify(r.body));
      }
      assert.equal(await row('example.fi'), undefined);
    });

    it('refuses a name with an open order, and a registered one, with the documented messages', async () => {
      const payer = await t.user();
      await buy(payer, 'tilattu.fi');
      const again = await purchase(other, { domain: 'tilattu.fi' });
      assert.deepEqual(again.body, example('POST /api/v1/domain/domains/purchase 422 Validation error (Unpaid order already exists)'));
      await buy(owner, 'rekisteroity.fi');
      const taken = await purchase(other, { domain: 'REKISTEROITY.fi' });
      assert.deepEqual(taken.body, example('POST /api/v1/domain/domains/purchase 422 Validation error (Domain already registered)'));
      // Registered elsewhere: the registry says so.
      await ctx().registry.create({ name: 'muualla.com', years: 1, registrant: { key: 'contact:0', name: 'x', organization: '', email: 'x@example.com', phone: '+1.5', address: 'a', zipCode: '1', city: 'c', country: 'US', identityNumber: '1' }, nameservers: [] });
      const elsewhere = await purchase(other, { domain: 'muualla.com' });
      assert.deepEqual(elsewhere.body, invalid({ domain: ['Domain unavailable for purchase.'] }));
    });

    it('reuses an identical registrant contact instead of copying it', async () => {
      const u = await t.user({ postpaid: true });
      await buy(u, 'eka-kopio.fi');
      await buy(u, 'toka-kopio.fi');
      assert.equal((await row('eka-kopio.fi'))!.registrant_contact_id, (await row('toka-kopio.fi'))!.registrant_contact_id);
      await purchase(u, { domain: 'kolmas-kopio.fi', registrantContact: { ...registrant, city: 'Helsinki' } });
      assert.notEqual((await row('kolmas-kopio.fi'))!.registrant_contact_id, (await row('eka-kopio.fi'))!.registrant_contact_id);
    });
  });

  describe('renew', () => {
    const renew = (u: U, body: unknown) => t.request('POST', '/api/v1/domain/domains/renew', { token: u.token, body });

    it('answers the documented 200 and renews a postpaid account at once', async () => {
      await buy(owner, 'uusittava.fi');
      const before = (await row('uusittava.fi'))!.exp_date!;
      const res = await renew(owner, { domain: 'uusittava.fi', years: 2 });
      assert.deepEqual(res.body, example('POST /api/v1/domain/domains/renew 200'));
      assert.equal((await row('uusittava.fi'))!.exp_date, `${Number(before.slice(0, 4)) + 2}${before.slice(4)}`);
    });

    it('answers the documented errors: required, 404, not yours, unpaid order', async () => {
      const missing = await renew(owner, {});
      assert.deepEqual(missing.body, example('POST /api/v1/domain/domains/renew 422 Validation error'));
      const unknown = await renew(owner, { domain: 'eiole.fi' });
      assert.deepEqual(unknown.body, example('POST /api/v1/domain/domains/renew 404 Domain does not exist'));
      assert.deepEqual((await renew(owner, { domain: 'not a name' })).body, NOT_FOUND);

      await buy(owner, 'toisen.fi');
      const exp = (await row('toisen.fi'))!.exp_date;
      const foreign = await renew(other, { domain: 'toisen.fi' });
      assert.deepEqual(foreign.body, example('POST /api/v1/domain/domains/renew 422 Validation error (Domain not linked to authenticated user)'));
      assert.equal((await row('toisen.fi'))!.exp_date, exp, 'unchanged');

      const payer = await t.user();
      await buy(payer, 'maksamaton.fi'); // pending, with its purchase order open
      const pending = await renew(payer, { domain: 'maksamaton.fi' });
      assert.deepEqual(pending.body, example('POST /api/v1/domain/domains/renew 422 Validation error (Unpaid order already exists)'));
      const order = (await ctx().store.orders.findOpenByFqdn('maksamaton.fi'))!;
      await markInvoicePaid(ctx(), { invoiceId: order.invoice_id! });
      assert.equal((await renew(payer, { domain: 'maksamaton.fi' })).status, 200);
      const twice = await renew(payer, { domain: 'maksamaton.fi' });
      assert.deepEqual(twice.body, example('POST /api/v1/domain/domains/renew 422 Validation error (Unpaid order already exists)'));
    });

    it('refuses a period the TLD is not sold for, or one reaching more than 10 years ahead', async () => {
      await buy(owner, 'pitka.com');
      const res = await renew(owner, { domain: 'pitka.com', years: 5 });
      assert.deepEqual(res.body, invalid({ years: ['Domains under .com are available for 1, 2, 3 years'] }));
      for (let i = 0; i < 3; i++) assert.equal((await renew(owner, { domain: 'pitka.com', years: 3 })).status, 200);
      const far = await renew(owner, { domain: 'pitka.com', years: 1 });
      assert.deepEqual(far.body, invalid({ years: ['Unable to renew domain. A registration may not extend more than 10 years ahead.'] }));
    });
  });

  describe('transfer', () => {
    const transfer = (u: U, body: unknown) => t.request('POST', '/api/v1/domain/domains/transfer', { token: u.token, body });
    const authCode = async (u: U, fqdn: string) =>
      (await t.request('GET', `/api/v1/domain/domains/${fqdn}/authcode`, { token: u.token })).body.data.authCode as string;

    it('answers the documented 200 and moves the domain', async () => {
      await buy(owner, 'siirrettava.fi');
      const code = await authCode(owner, 'siirrettava.fi');
      const res = await transfer(other, { domain: 'siirrettava.fi', authCode: code });
      assert.deepEqual(res.body, example('POST /api/v1/domain/domains/transfer 200'));
      assert.equal((await row('siirrettava.fi'))!.user_id, other.id);
    });

    it('answers the documented errors', async () => {
      const missing = await transfer(other, { authCode: 'x' });
      assert.deepEqual(missing.body, example('POST /api/v1/domain/domains/transfer 422 Validation error'));
      assert.deepEqual((await transfer(other, { domain: 'xy.fi' })).body, invalid({ authCode: ['The authCode is required'] }));

      const free = await transfer(other, { domain: 'vapaa-nimi.fi', authCode: 'TestKey1234' });
      assert.deepEqual(free.body, example('POST /api/v1/domain/domains/transfer 422 Validation error (Domain available for registration)'));

      await buy(owner, 'oma-jo.fi');
      const own = await transfer(owner, { domain: 'oma-jo.fi', authCode: await authCode(owner, 'oma-jo.fi') });
      assert.deepEqual(own.body, example('POST /api/v1/domain/domains/transfer 422 Validation error (Domain already exists)'));

      const wrong = await transfer(other, { domain: 'oma-jo.fi', authCode: 'wrong-code-1' });
      assert.deepEqual(wrong.body, invalid({ authCode: ['The auth code is invalid'] }));
      assert.equal((await row('oma-jo.fi'))!.user_id, owner.id);

      // A non-postpaid buyer leaves the transfer order open; a second one is refused, and another
      // account is told the order is not its own (transfer-in.test.ts).
      const payer = await t.user();
      await identifyPrimaryContact(t, payer.token);
      const code = await authCode(owner, 'oma-jo.fi');
      assert.equal((await transfer(payer, { domain: 'oma-jo.fi', authCode: code })).status, 200);
      const again = await transfer(payer, { domain: 'oma-jo.fi', authCode: code });
      assert.deepEqual(again.body, example('POST /api/v1/domain/domains/transfer 422 Validation error (Unpaid order already exists)'));
      const others = await transfer(other, { domain: 'oma-jo.fi', authCode: code });
      assert.deepEqual(others.body, invalid({ domain: ["Unable to transfer domain. Another account's unprocessed transfer order already exists for the domain."] }));
      assert.equal((await row('oma-jo.fi'))!.user_id, owner.id, 'unpaid: nothing moved yet');
    });
  });

  describe('list, details, modify', () => {
    it('lists the user\'s domains in the documented shape with paging', async () => {
      const u = await t.user({ postpaid: true });
      for (const name of ['lista-a.fi', 'lista-b.com', 'lista-c.net']) await buy(u, name);
      const res = await t.request('GET', '/api/v1/domain/domains', { token: u.token });
      assert.equal(res.status, 200);
      assertDocumented(res.body, 'GET /api/v1/domain/domains 200');
      assert.deepEqual(res.body.data.map((d: { fqdn: string }) => d.fqdn), ['lista-a.fi', 'lista-b.com', 'lista-c.net']);
      assert.deepEqual(res.body.meta, { limit: 100, offset: 0, count: 3, total: 3 });
      const d = res.body.data[1];
      assert.equal(d.sld, 'lista-b');
      assert.equal(d.tld, 'com');
      assert.equal(d.status, 'active');
      assert.equal(d.renew, true);
      assert.equal(d.billing_contact.id, (await ctx().store.users.findById(u.id))!.primary_contact_id);
      const page = await t.request('GET', '/api/v1/domain/domains?limit=1&offset=1', { token: u.token });
      assert.deepEqual(page.body.meta, { limit: 1, offset: 1, count: 1, total: 3 });
      assert.equal(page.body.data[0].fqdn, 'lista-b.com');
      const anon = await t.request('GET', '/api/v1/domain/domains');
      assert.deepEqual(anon.body, example('GET /api/v1/domain/domains 401 Authorization token not provided or invalid'));
      const none = await t.request('GET', '/api/v1/domain/domains', { token: (await t.user()).token });
      assert.deepEqual(none.body, { message: '', data: [], meta: { limit: 100, offset: 0, count: 0, total: 0 } });
    });

    it('shows one domain in the documented shape; 403 for another user\'s, 404 for none', async () => {
      await buy(owner, 'yksi.fi');
      const res = await t.request('GET', '/api/v1/domain/domains/yksi.fi', { token: owner.token });
      assert.equal(res.status, 200);
      assertDocumented(res.body, 'GET /api/v1/domain/domains/test.com 200');
      assert.equal(res.body.data.fqdn, 'yksi.fi');
      const foreign = await t.request('GET', '/api/v1/domain/domains/yksi.fi', { token: other.token });
      assert.deepEqual(foreign.body, example('GET /api/v1/domain/domains/test.com 403 Domain is not assigned to the User'));
      assert.deepEqual((await t.request('GET', '/api/v1/domain/domains/eiole.fi', { token: owner.token })).body, NOT_FOUND);
    });

    it('PATCH changes renew and billing contact; refuses a foreign contact, an expired domain, another user', async () => {
      await buy(owner, 'muokattava.fi');
      const primary = (await ctx().store.contacts.findById((await ctx().store.users.findById(owner.id))!.primary_contact_id!))!;
      const { id: _id, ...fields } = primary;
      const contact = await ctx().store.contacts.create({ ...fields, first_name: 'Laskutus', contact_type: 'billing' });
      const res = await t.request('PATCH', '/api/v1/domain/domains/muokattava.fi', {
        token: owner.token, body: { renew: false, contact_id: contact.id },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assertDocumented(res.body, 'PATCH /api/v1/domain/domains/test.com 200');
      assert.equal(res.body.data.renew, false);
      assert.equal(res.body.data.billing_contact.id, contact.id);
      assert.equal(res.body.data.billing_contact.name, 'Laskutus Omistaja');
      assert.equal(typeof res.body.data.updated_at, 'string');

      const otherContact = (await ctx().store.users.findById(other.id))!.primary_contact_id!;
      const foreign = await t.request('PATCH', '/api/v1/domain/domains/muokattava.fi', { token: owner.token, body: { contact_id: otherContact } });
      assert.deepEqual(foreign.body, example('PATCH /api/v1/domain/domains/test.com 422 Contact is not assigned to the User'));
      const unknown = await t.request('PATCH', '/api/v1/domain/domains/muokattava.fi', { token: owner.token, body: { contact_id: 999999 } });
      assert.deepEqual(unknown.body, example('PATCH /api/v1/domain/domains/test.com 422 Contact is not assigned to the User'));

      const before = await row('muokattava.fi');
      const cross = await t.request('PATCH', '/api/v1/domain/domains/muokattava.fi', { token: other.token, body: { renew: true } });
      assert.deepEqual(cross.body, example('PATCH /api/v1/domain/domains/test.com 403 Domain is not assigned to the User'));
      assert.deepEqual(await row('muokattava.fi'), before, 'unchanged');
      const wrongType = await t.request('PATCH', '/api/v1/domain/domains/muokattava.fi', { token: owner.token, body: { renew: 'yes' } });
      assert.deepEqual(wrongType.body, invalid({ renew: ['The renew must be true or false'] }));
      assert.deepEqual((await t.request('PATCH', '/api/v1/domain/domains/eiole.fi', { token: owner.token, body: {} })).body, NOT_FOUND);
    });

    it('PATCH of an expired domain answers the documented 400', async () => {
      const t2 = await startTestServer({ start: '2026-01-01T10:00:00Z' });
      try {
        const u = await t2.user({ postpaid: true });
        const res = await t2.request('POST', '/api/v1/domain/domains/purchase', { token: u.token, body: { domain: 'vanha.fi', registrantContact: registrant } });
        assert.equal(res.status, 200);
        t2.clock.advanceDays(370);
        const { token } = await (async () => {
          const login = await t2.request('POST', '/api/v1/auth', { body: { username: u.username, password: u.password } });
          return { token: login.body.data.token as string };
        })();
        const expired = await t2.request('PATCH', '/api/v1/domain/domains/vanha.fi', { token, body: { renew: false } });
        assert.deepEqual(expired.body, example('PATCH /api/v1/domain/domains/test.com 400 Domain expired'));
        assert.equal((await t2.server.runtime.ctx.store.domains.findLiveByFqdn('vanha.fi'))!.renew, 1);
      } finally {
        await t2.close();
      }
    });
  });

  describe('auth code', () => {
    it('issues a fresh code the registry accepts; the previous one stops working', async () => {
      await buy(owner, 'koodi.fi');
      const first = await t.request('GET', '/api/v1/domain/domains/koodi.fi/authcode', { token: owner.token });
      assert.equal(first.status, 200);
      assertDocumented(first.body, 'GET /api/v1/domain/domains/test.com/authcode 200');
      assert.equal(await ctx().registry.verifyAuthCode('koodi.fi', first.body.data.authCode), true);
      const second = await t.request('GET', '/api/v1/domain/domains/koodi.fi/authcode', { token: owner.token });
      assert.notEqual(second.body.data.authCode, first.body.data.authCode);
      assert.equal(await ctx().registry.verifyAuthCode('koodi.fi', first.body.data.authCode), false);
    });

    it('403 for another user (the code is unchanged), 404 for no domain, 400 while pending', async () => {
      await buy(owner, 'salainen.fi');
      const code = (await t.request('GET', '/api/v1/domain/domains/salainen.fi/authcode', { token: owner.token })).body.data.authCode;
      const cross = await t.request('GET', '/api/v1/domain/domains/salainen.fi/authcode', { token: other.token });
      assert.deepEqual(cross.body, example('GET /api/v1/domain/domains/test.com/authcode 403 Domain is not assigned to the User'));
      assert.equal(await ctx().registry.verifyAuthCode('salainen.fi', code), true);
      const none = await t.request('GET', '/api/v1/domain/domains/eiole.fi/authcode', { token: owner.token });
      assert.equal(none.status, 404);
      const payer = await t.user();
      await buy(payer, 'odottava.fi');
      const pending = await t.request('GET', '/api/v1/domain/domains/odottava.fi/authcode', { token: payer.token });
      assert.deepEqual(pending.body, { error: { status: 400, message: 'Unable to generate auth code: Domain is not active' } });
    });
  });
});
