import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { identifyPrimaryContact, purchase } from '../helpers/fixtures.js';
import { RefusingRegistry } from '../helpers/refusing-registry.js';

const INVALID = 'The given data was invalid.';
const DOWN = 'The domain registry is not available, try again later';
const refused = (reason: string) => `The domain registry refused the request: ${reason}`;

/**
 * Every place a request asks the registry answers the registry's refusals with each API's documented
 * errors, never a 500: a taken name is "Domain unavailable for purchase.", a wrong code "The auth
 * code is invalid", a refusal by the registry's rules a 422 with its reason (under the field it
 * concerns), and a registry that cannot answer 503 with Retry-After.
 */
describe('registry errors through both APIs', () => {
  let t: TestServer;
  let registry: RefusingRegistry;
  let owner: Awaited<ReturnType<TestServer['user']>>;
  let gaining: Awaited<ReturnType<TestServer['user']>>;
  let partner: Awaited<ReturnType<TestServer['partner']>>;
  let clientId: number;
  let code: string;

  before(async () => {
    t = await startTestServer({ registry: (configured) => (registry = new RefusingRegistry(configured)) });
    owner = await t.user({ postpaid: true });
    gaining = await t.user({ postpaid: true });
    await identifyPrimaryContact(t, gaining.token);
    await purchase(t, owner.token, 'oma.fi');
    await purchase(t, owner.token, 'siirto.fi');
    code = (await t.request('GET', '/api/v1/domain/domains/siirto.fi/authcode', { token: owner.token })).body.data.authCode;
    partner = await t.partner();
    const client = await t.request('POST', '/clients/add', {
      token: partner.apiKey,
      body: {
        firstname: 'Kalle', lastname: 'Asiakas', password: 'Pass!123', postcode: '00100', address1: 'Katu 1', city: 'Helsinki',
        country: 'FI', email: 'kalle@example.fi', phone: '040 765 4321', client_type: 'Managed Client', identity_number: '010190-123A',
      },
    });
    clientId = client.body.data[0].id;
    const reg = await t.request('POST', '/domains/register', {
      token: partner.apiKey, body: { name: 'kumppanin.fi', period: 1, action: 'register', client_id: clientId },
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
  });
  afterEach(() => registry.reset());
  after(() => t.close());

  const client = (method: string, path: string, body?: unknown, token = owner.token) => t.request(method, `/api/v1${path}`, { token, body });
  const partnerApi = (method: string, path: string, body?: unknown) => t.request(method, path, { token: partner.apiKey, body });
  const NS = ['ns1.muualla.example', 'ns2.muualla.example'];

  describe('unavailable: 503 with Retry-After, in each envelope', () => {
    it('client API: availability, WHOIS, purchase, transfer, nameservers, auth code', async () => {
      for (const name of ['vapaa.fi', 'oma.fi', 'siirto.fi']) registry.refuse(name, 'unavailable', 'connection refused');
      const requests: Array<[string, () => ReturnType<typeof client>]> = [
        ['check', () => client('GET', '/domain/vapaa.fi/check', undefined, '')],
        ['whois', () => client('GET', '/domain/oma.fi/whois', undefined, '')],
        ['purchase', () => client('POST', '/domain/domains/purchase', {
          domain: 'vapaa.fi', years: 1,
          registrantContact: {
            firstName: 'Matti', lastName: 'M', identityNumber: '010190-123A', address: 'Katu 1', zipCode: '20100', city: 'Turku',
            country: 'FI', phone: '+358.401234567', email: 'matti@example.fi',
          },
        })],
        ['transfer', () => client('POST', '/domain/domains/transfer', { domain: 'siirto.fi', authCode: code }, gaining.token)],
        ['nameservers', () => client('PUT', '/domain/domains/oma.fi/nameservers', { nameservers: NS })],
        ['authcode', () => client('GET', '/domain/domains/oma.fi/authcode')],
      ];
      for (const [what, request] of requests) {
        const res = await request();
        assert.equal(res.status, 503, `${what}: ${JSON.stringify(res.body)}`);
        assert.equal(res.headers.get('retry-after'), '30', what);
        assert.deepEqual(res.body, { error: { status: 503, message: DOWN } }, what);
      }
      // Nothing was ordered or changed meanwhile.
      assert.equal(await t.server.runtime.ctx.store.orders.findOpenByFqdn('vapaa.fi'), undefined);
      assert.equal(await t.server.runtime.ctx.store.orders.findOpenByFqdn('siirto.fi'), undefined);
      assert.deepEqual(JSON.parse((await t.server.runtime.ctx.store.domains.findLiveByFqdn('oma.fi'))!.nameservers), t.server.runtime.ctx.settings.nameservers);
    });

    it('partner API: check-domain, register, transfer, change-nameservers', async () => {
      for (const name of ['vapaa.fi', 'kumppanin.fi', 'siirto.fi']) registry.refuse(name, 'unavailable', 'session limit reached');
      const requests: Array<[string, () => ReturnType<typeof partnerApi>]> = [
        ['check', () => partnerApi('POST', '/domains/check-domain', { name: 'vapaa.fi' })],
        ['register', () => partnerApi('POST', '/domains/register', { name: 'vapaa.fi', period: 1, action: 'register', client_id: clientId })],
        ['transfer', () => partnerApi('POST', '/domains/register', { name: 'siirto.fi', period: 1, action: 'transfer', epp_code: code, client_id: clientId })],
        ['nameservers', () => partnerApi('POST', '/domains/kumppanin.fi/change-nameservers', { ns1: NS[0], ns2: NS[1] })],
      ];
      for (const [what, request] of requests) {
        const res = await request();
        assert.equal(res.status, 503, `${what}: ${JSON.stringify(res.body)}`);
        assert.equal(res.headers.get('retry-after'), '30', what);
        assert.deepEqual(res.body, { success: false, message: DOWN }, what);
      }
    });
  });

  describe('exists: the name is not available', () => {
    it('client API: a purchase the registry answers "exists" is "Domain unavailable for purchase."', async () => {
      registry.refuse('varattu.fi', 'exists', 'Object exists', ['check']);
      const res = await client('POST', '/domain/domains/purchase', {
        domain: 'varattu.fi', years: 1,
        registrantContact: {
          firstName: 'Matti', lastName: 'M', identityNumber: '010190-123A', address: 'Katu 1', zipCode: '20100', city: 'Turku',
          country: 'FI', phone: '+358.401234567', email: 'matti@example.fi',
        },
      });
      assert.equal(res.status, 422);
      assert.deepEqual(res.body, { error: { status: 422, message: INVALID, context: { domain: ['Domain unavailable for purchase.'] } } });
    });

    it('partner API: a name another registrar took between the check and the create is not available, and nothing is billed', async () => {
      // Registered elsewhere after the registry's check answered free.
      const ctx = t.server.runtime.ctx;
      const at = new Date().toISOString();
      await ctx.store.registry.create({
        name: 'kilpailtu.fi', registrar: 'Other Registrar Oy', registrant: '{}', registrant_key: '', auth_code: 'x', nameservers: '[]',
        ds: '[]', created_at: at, updated_at: at, expires_at: '2027-03-01T10:00:00.000Z',
      });
      registry.checkSaysFree('kilpailtu.fi');
      const res = await partnerApi('POST', '/domains/register', { name: 'kilpailtu.fi', period: 1, action: 'register', client_id: clientId });
      assert.equal(res.status, 422);
      assert.deepEqual(res.body, { success: false, message: INVALID, errors: { name: ['Domain unavailable for purchase.'] } });
      assert.equal(await ctx.store.domains.findLiveByFqdn('kilpailtu.fi'), undefined, 'the pending domain was released');
    });
  });

  describe('auth_invalid: the auth code is invalid', () => {
    it('client API transfer: authCode', async () => {
      registry.refuse('siirto.fi', 'auth_invalid', 'Authorization error', ['verifyAuthCode']);
      const res = await client('POST', '/domain/domains/transfer', { domain: 'siirto.fi', authCode: code }, gaining.token);
      assert.equal(res.status, 422);
      assert.deepEqual(res.body, { error: { status: 422, message: INVALID, context: { authCode: ['The auth code is invalid'] } } });
    });

    it('partner API transfer: epp_code', async () => {
      registry.refuse('siirto.fi', 'auth_invalid', 'Authorization error', ['verifyAuthCode']);
      const res = await partnerApi('POST', '/domains/register', { name: 'siirto.fi', period: 1, action: 'transfer', epp_code: code, client_id: clientId });
      assert.equal(res.status, 422);
      assert.deepEqual(res.body, { success: false, message: INVALID, errors: { epp_code: ['The auth code is invalid'] } });
    });
  });

  describe('policy: 422 with the registry\'s reason, under the field it concerns', () => {
    const REASON = 'Parameter value policy error: ns1.muualla.example is not resolvable';

    it('client API: nameservers, and the name itself for a check, WHOIS and a transfer', async () => {
      registry.refuse('oma.fi', 'policy', REASON, ['setNameservers']);
      const ns = await client('PUT', '/domain/domains/oma.fi/nameservers', { nameservers: NS });
      assert.equal(ns.status, 422);
      assert.deepEqual(ns.body, { error: { status: 422, message: refused(REASON), context: { nameservers: [refused(REASON)] } } });

      registry.refuse('kielletty.fi', 'policy', 'Name is reserved');
      const check = await client('GET', '/domain/kielletty.fi/check', undefined, '');
      assert.equal(check.status, 422);
      assert.deepEqual(check.body, { error: { status: 422, message: refused('Name is reserved'), context: { domain: [refused('Name is reserved')] } } });

      registry.refuse('siirto.fi', 'policy', 'Object status prohibits operation', ['info']);
      const transfer = await client('POST', '/domain/domains/transfer', { domain: 'siirto.fi', authCode: code }, gaining.token);
      assert.equal(transfer.status, 422);
      assert.deepEqual(transfer.body.error.context, { domain: [refused('Object status prohibits operation')] });
      const whois = await client('GET', '/domain/siirto.fi/whois', undefined, '');
      assert.equal(whois.status, 422);
    });

    it('partner API: change-nameservers, check-domain and a transfer', async () => {
      registry.refuse('kumppanin.fi', 'policy', REASON, ['setNameservers']);
      const ns = await partnerApi('POST', '/domains/kumppanin.fi/change-nameservers', { ns1: NS[0], ns2: NS[1] });
      assert.equal(ns.status, 422);
      assert.deepEqual(ns.body, { success: false, message: refused(REASON), errors: { nameservers: [refused(REASON)] } });

      registry.refuse('kielletty.fi', 'policy', 'Name is reserved');
      const check = await partnerApi('POST', '/domains/check-domain', { name: 'kielletty.fi' });
      assert.equal(check.status, 422);
      assert.deepEqual(check.body, { success: false, message: refused('Name is reserved'), errors: { name: [refused('Name is reserved')] } });

      registry.refuse('siirto.fi', 'policy', 'Object status prohibits operation', ['verifyAuthCode']);
      const transfer = await partnerApi('POST', '/domains/register', { name: 'siirto.fi', period: 1, action: 'transfer', epp_code: code, client_id: clientId });
      assert.equal(transfer.status, 422);
      assert.deepEqual(transfer.body.errors, { name: [refused('Object status prohibits operation')] });
    });

    it('a name the registry does not hold, or holds for another registrar, is a 422 too, never a 500', async () => {
      registry.refuse('oma.fi', 'not_found', 'Object does not exist', ['setNameservers']);
      const gone = await client('PUT', '/domain/domains/oma.fi/nameservers', { nameservers: NS });
      assert.equal(gone.status, 422);
      registry.refuse('kumppanin.fi', 'not_sponsor', 'Authorization error: not the sponsoring registrar', ['setNameservers']);
      const theirs = await partnerApi('POST', '/domains/kumppanin.fi/change-nameservers', { ns1: NS[0], ns2: NS[1] });
      assert.equal(theirs.status, 422);
      assert.equal(theirs.body.success, false);
    });
  });
});
