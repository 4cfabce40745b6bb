import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { REGISTRANT, purchase } from '../helpers/fixtures.js';
import { REGISTRANT_SYNC_JOB } from '../../src/core/contacts/sync-registrant.js';
import { RegistryError } from '../../src/ports/registry.js';

const INVALID = 'The given data was invalid.';

/**
 * What a registry requires of a registrant, end to end: the contact a registry holds follows the
 * customer's edits (an outbox job per edit of a registrant), a TLD whose registry wants an identified
 * holder refuses orders without one when they are placed, and the local registry keeps DS records.
 */
describe('registrants at the registry', () => {
  let t: TestServer;
  let partner: Awaited<ReturnType<TestServer['partner']>>;
  const ctx = () => t.server.runtime.ctx;
  const whois = async (name: string) => (await t.request('GET', `/api/v1/domain/${name}/whois`)).body.data;
  const syncJobs = async () =>
    (await ctx().store.jobs.list({}, { limit: 1000, offset: 0 })).items.filter((j) => j.kind === REGISTRANT_SYNC_JOB);
  const CLIENT = {
    firstname: 'Kalle', lastname: 'Asiakas', company: 'Kallen Kauppa Oy', password: 'Pass!123', postcode: '00100', address1: 'Katu 1',
    city: 'Helsinki', country: 'FI', email: 'kalle@example.fi', phone: '040 765 4321', client_type: 'Managed Client', business_id: '7654321-0',
  };

  before(async () => {
    t = await startTestServer();
    partner = await t.partner();
  });
  after(() => t.close());

  describe('a registrant edited by its owner is brought up to date at the registry', () => {
    it('client API: PATCH contact -> registry.contact.sync job -> the registration\'s registrant', async () => {
      const user = await t.user({ postpaid: true });
      await purchase(t, user.token, 'yhteys.fi', { registrantContact: { ...REGISTRANT, firstName: 'Matti' } });
      const domain = (await ctx().store.domains.findLiveByFqdn('yhteys.fi'))!;
      const contactId = domain.registrant_contact_id!;
      assert.equal((await ctx().registry.info('yhteys.fi'))?.registrant?.key, `contact:${contactId}`);
      const before = (await syncJobs()).length;

      const res = await t.request('PATCH', `/api/v1/contact/contacts/${contactId}`, {
        token: user.token, body: { company_name: 'Yhteys Oy', business_id: '1234567-8', phone: '+358.501112222', city: 'Tampere' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const queued = (await syncJobs()).slice(before);
      assert.deepEqual(queued.map((j) => JSON.parse(j.payload)), [{ contactId }], 'queued with the change');
      await ctx().jobs.drain();
      const registrant = (await ctx().registry.info('yhteys.fi'))!.registrant!;
      assert.deepEqual(
        [registrant.organization, registrant.phone, registrant.city, registrant.identityNumber],
        ['Yhteys Oy', '+358.501112222', 'Tampere', '1234567-8'],
        'an organisation registers with its business id',
      );
      assert.equal((await whois('yhteys.fi')).owner, 'Yhteys Oy');
    });

    it('partner API: PUT client -> the registrant of the client\'s registrations, phone in +CC.NUMBER form', async () => {
      const added = await t.request('POST', '/clients/add', { token: partner.apiKey, body: CLIENT });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      const clientId = added.body.data[0].id;
      for (const name of ['kauppa.fi', 'kauppa.com']) {
        const reg = await t.request('POST', '/domains/register', { token: partner.apiKey, body: { name, period: 1, action: 'register', client_id: clientId } });
        assert.equal(reg.status, 201, JSON.stringify(reg.body));
      }
      assert.equal((await ctx().registry.info('kauppa.fi'))?.registrant?.phone, '+358.407654321');

      const { password: _p, client_type: _c, ...update } = CLIENT;
      const res = await t.request('PUT', `/clients/${clientId}`, {
        token: partner.apiKey, body: { ...update, company: 'Kallen Uusi Kauppa Oy', phone: '+46 70 123 45 67', country: 'SE' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      await ctx().jobs.drain();
      for (const name of ['kauppa.fi', 'kauppa.com']) {
        const registrant = (await ctx().registry.info(name))!.registrant!;
        assert.deepEqual([registrant.organization, registrant.phone, registrant.country], ['Kallen Uusi Kauppa Oy', '+46.701234567', 'SE'], name);
        assert.equal((await whois(name)).owner, 'Kallen Uusi Kauppa Oy', name);
      }
    });

    it('queues nothing for a contact that registers nothing, and one job for a burst of edits', async () => {
      const user = await t.user();
      const contacts = await t.request('GET', '/api/v1/contact/contacts', { token: user.token });
      const before = (await syncJobs()).length;
      const res = await t.request('PATCH', `/api/v1/contact/contacts/${contacts.body.data[0].id}`, {
        token: user.token,
        body: { first_name: 'Eino', last_name: 'Ei', address: 'Katu 2', zip_code: '00100', city: 'Helsinki', country: 'FI', phone: '+358.401234567', email: 'eino@example.fi' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal((await syncJobs()).length, before, 'not a registrant: no registry to tell');

      // The worker is stopped for the burst (for good: the tests after this drain the outbox
      // themselves, and orders drain it as they are placed), so the jobs wait together.
      const owner = await t.user({ postpaid: true });
      await purchase(t, owner.token, 'purske.fi');
      const contactId = (await ctx().store.domains.findLiveByFqdn('purske.fi'))!.registrant_contact_id!;
      await t.server.worker?.stop();
      for (const city of ['Oulu', 'Kemi', 'Tornio']) {
        assert.equal((await t.request('PATCH', `/api/v1/contact/contacts/${contactId}`, { token: owner.token, body: { city } })).status, 200);
      }
      const waiting = (await syncJobs()).filter((j) => j.status === 'pending' && JSON.parse(j.payload).contactId === contactId);
      assert.equal(waiting.length, 1, 'one waiting job covers every edit before it runs');
      await ctx().jobs.drain();
      assert.equal((await ctx().registry.info('purske.fi'))!.registrant!.city, 'Tornio');
    });
  });

  describe('.fi requires an identified registrant, refused when the order is placed', () => {
    it('client API: a purchase without identityNumber, a transfer to an account whose primary contact has none', async () => {
      const user = await t.user({ postpaid: true });
      const { identityNumber: _i, ...anonymous } = REGISTRANT;
      const purchaseRes = await t.request('POST', '/api/v1/domain/domains/purchase', {
        token: user.token, body: { domain: 'tuntematon.fi', years: 1, registrantContact: anonymous },
      });
      assert.equal(purchaseRes.status, 422);
      assert.deepEqual(purchaseRes.body.error.context, { 'registrantContact.identityNumber': ['The identityNumber is required'] });

      const holder = await t.user({ postpaid: true });
      await purchase(t, holder.token, 'luovutettava.fi');
      const code = (await t.request('GET', '/api/v1/domain/domains/luovutettava.fi/authcode', { token: holder.token })).body.data.authCode;
      const transfer = await t.request('POST', '/api/v1/domain/domains/transfer', { token: user.token, body: { domain: 'luovutettava.fi', authCode: code } });
      assert.equal(transfer.status, 422);
      assert.equal(transfer.body.error.message, INVALID);
      assert.match(transfer.body.error.context.domain[0], /^\.fi names are registered only to an identified holder: .* give it an identity_number \(a person\) or a business_id \(a company\) first\.$/);
      assert.equal(await ctx().store.orders.findOpenByFqdn('luovutettava.fi'), undefined, 'nothing ordered or billed');

      // A person gives the primary contact an identity number (written, never shown back); then the transfer is taken.
      const contacts = (await t.request('GET', '/api/v1/contact/contacts', { token: user.token })).body.data as Array<{ id: number }>;
      const primary = Math.min(...contacts.map((c) => c.id));
      const patched = await t.request('PATCH', `/api/v1/contact/contacts/${primary}`, {
        token: user.token,
        body: { first_name: 'Ville', last_name: 'Virtanen', address: 'Katu 3', zip_code: '00100', city: 'Helsinki', country: 'FI', phone: '+358.401112222', email: 'ville@example.fi', identity_number: '030303-333C' },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.ok(!JSON.stringify(patched.body).includes('030303-333C'), 'the identity number is not shown back');
      assert.equal((await ctx().store.contacts.findById(primary))?.identity_number, '030303-333C');
      const taken = await t.request('POST', '/api/v1/domain/domains/transfer', { token: user.token, body: { domain: 'luovutettava.fi', authCode: code } });
      assert.equal(taken.status, 200, JSON.stringify(taken.body));
      // The same account may transfer a .com: only TLDs whose registry requires it refuse.
      await purchase(t, holder.token, 'luovutettava.com');
      const comCode = (await t.request('GET', '/api/v1/domain/domains/luovutettava.com/authcode', { token: holder.token })).body.data.authCode;
      assert.equal((await t.request('POST', '/api/v1/domain/domains/transfer', { token: user.token, body: { domain: 'luovutettava.com', authCode: comCode } })).status, 200);
    });

    it('partner API: register and transfer for a client without an identity number or business id (client_id), or for the partner itself', async () => {
      const { business_id: _b, ...anonymous } = CLIENT;
      const added = await t.request('POST', '/clients/add', { token: partner.apiKey, body: { ...anonymous, email: 'anon@example.fi' } });
      const clientId = added.body.data[0].id;
      const before = (await t.request('GET', '/domains/list', { token: partner.apiKey })).body.data.length;
      const register = await t.request('POST', '/domains/register', { token: partner.apiKey, body: { name: 'nimeton.fi', period: 1, action: 'register', client_id: clientId } });
      assert.equal(register.status, 422);
      assert.equal(register.body.message, INVALID);
      assert.match(register.body.errors.client_id[0], /^\.fi names are registered only to an identified holder: .* \(PUT clients\/\{clientId\}\)\.$/);
      const own = await t.request('POST', '/domains/register', { token: partner.apiKey, body: { name: 'nimeton.fi', period: 1, action: 'register' } });
      assert.equal(own.status, 422);
      assert.deepEqual(Object.keys(own.body.errors), ['client_id']);

      const holder = await t.user({ postpaid: true });
      await purchase(t, holder.token, 'myytava.fi');
      const code = (await t.request('GET', '/api/v1/domain/domains/myytava.fi/authcode', { token: holder.token })).body.data.authCode;
      const transfer = await t.request('POST', '/domains/register', {
        token: partner.apiKey, body: { name: 'myytava.fi', period: 1, action: 'transfer', epp_code: code, client_id: clientId },
      });
      assert.equal(transfer.status, 422);
      assert.deepEqual(Object.keys(transfer.body.errors), ['client_id']);
      assert.equal((await t.request('GET', '/domains/list', { token: partner.apiKey })).body.data.length, before, 'nothing registered or billed');

      // Given one, the client's order goes through.
      const { password: _p, client_type: _c, ...update } = anonymous;
      await t.request('PUT', `/clients/${clientId}`, { token: partner.apiKey, body: { ...update, email: 'anon@example.fi', identity_number: '010190-123A' } });
      const again = await t.request('POST', '/domains/register', { token: partner.apiKey, body: { name: 'nimeton.fi', period: 1, action: 'register', client_id: clientId } });
      assert.equal(again.status, 201, JSON.stringify(again.body));
      assert.equal((await ctx().registry.info('nimeton.fi'))?.registrant?.identityNumber, '010190-123A');
    });
  });

  describe('DS records at the local registry', () => {
    it('setDs replaces the set; info and WHOIS show it signed; an empty set unsigns; bad records are refused', async () => {
      const user = await t.user({ postpaid: true });
      await purchase(t, user.token, 'allekirjoitettu.fi');
      const ds = [
        { keyTag: 2371, algorithm: 13, digestType: 2, digest: '1F987CC6583E92DF0890718C42F9A8F9' + '8B5FD9C1A22B5E2E5C6B1E2A0B5F6C7D' },
        { keyTag: 2371, algorithm: 13, digestType: 2, digest: '1f987cc6583e92df0890718c42f9a8f9' + '8b5fd9c1a22b5e2e5c6b1e2a0b5f6c7d' },
      ];
      assert.ok(ctx().registry.capabilities.includes('ds'));
      await ctx().registry.setDs('allekirjoitettu.fi', ds);
      const info = (await ctx().registry.info('allekirjoitettu.fi'))!;
      assert.equal(info.dnssec, 'signed');
      assert.deepEqual(info.ds, [ds[0]], 'one record, once');
      const signed = await t.request('GET', '/api/v1/domain/allekirjoitettu.fi/whois');
      assert.equal(signed.body.data.dnssec, 'signed');
      assert.match(signed.body.data.rawText, /^DNSSEC: signedDelegation$/m);
      assert.match(signed.body.data.rawText, /^DNSSEC DS Data: 2371 13 2 1F987CC6/m);

      for (const bad of [
        { keyTag: 70000, algorithm: 13, digestType: 2, digest: ds[0]!.digest },
        { keyTag: 1, algorithm: 13, digestType: 2, digest: 'ABC' },
        { keyTag: 1, algorithm: 13, digestType: 9, digest: ds[0]!.digest },
      ]) {
        await assert.rejects(ctx().registry.setDs('allekirjoitettu.fi', [bad]), (err: unknown) => err instanceof RegistryError && err.reason === 'policy');
      }
      await assert.rejects(ctx().registry.setDs('eiole.fi', ds), (err: unknown) => err instanceof RegistryError && err.reason === 'not_found');
      assert.equal((await ctx().registry.info('allekirjoitettu.fi'))!.ds.length, 1, 'refused sets changed nothing');

      await ctx().registry.setDs('allekirjoitettu.fi', []);
      assert.equal((await ctx().registry.info('allekirjoitettu.fi'))!.dnssec, 'unsigned');
      assert.match((await t.request('GET', '/api/v1/domain/allekirjoitettu.fi/whois')).body.data.rawText, /^DNSSEC: unsigned$/m);
    });
  });
});
