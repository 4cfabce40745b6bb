import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type Response, type TestServer } from '../../helpers/server.js';
import { identifyPrimaryContact, purchase, REGISTRANT } from '../../helpers/fixtures.js';
import { fuzzDialect, routeTable, type FuzzCase, type Route } from '../../helpers/fuzz.js';

/**
 * Every client API route in the app's route table, fuzzed with the ids of objects the caller owns (a
 * domain, a parked domain and its service, a record, a contact, an invoice): the valid request must
 * reach the handler, then each field made wrong, malformed bodies, odd query strings and bad path
 * values. Never a 5xx; a 4xx in the documented envelope; a refused request changes nothing; another
 * account's objects are refused.
 */
const CONTACT = {
  address: 'Testikatu 1', zip_code: '20100', city: 'Turku', country: 'FI', company_name: 'My Company',
  business_id: '1234567-8', first_name: 'Matti', last_name: 'Meikäläinen', phone: '+358.401234567',
  email: 'matti@example.fi', billing_method: 'email',
};

describe('client API: fuzzed with the caller\'s own objects, never a 5xx', () => {
  let t: TestServer;
  let routes: Route[];
  let token: string;
  let cases: Record<string, FuzzCase>;

  before(async () => {
    t = await startTestServer();
    routes = (await routeTable(t)).filter((r) => r.path.startsWith('/api/v1/'));
    const me = await t.user({ postpaid: true });
    const other = await t.user({ postpaid: true });
    await identifyPrimaryContact(t, me.token); // the registrant of its .fi transfer
    token = me.token;
    const get = async (path: string, as = token) => {
      const res = await t.request('GET', path, { token: as });
      assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
      return res.body.data;
    };
    const post = async (path: string, body: unknown, as = token) => {
      const res = await t.request('POST', path, { token: as, body });
      assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.data;
    };
    await purchase(t, token, 'fuzz-main.fi');
    await purchase(t, token, 'fuzz-park.fi');
    await purchase(t, token, 'fuzz-ns.fi');
    await purchase(t, token, 'fuzz-nsdel.fi');
    await purchase(t, token, 'fuzz-sec.fi');
    await purchase(t, token, 'fuzz-unsec.fi');
    await purchase(t, other.token, 'fuzz-other.fi');
    await purchase(t, other.token, 'fuzz-otherpark.fi');
    await purchase(t, other.token, 'fuzz-gone.fi');
    for (const [fqdn, as] of [['fuzz-park.fi', token], ['fuzz-otherpark.fi', other.token]] as const) {
      assert.equal((await t.request('PUT', `/api/v1/domain/domains/${fqdn}/nameservers/park`, { token: as })).status, 200);
    }
    const newRecord = async () => String((await post('/api/v1/domain/domains/fuzz-main.fi/records', { host: 'del', type: 'A', content: '192.0.2.9' })).id);
    // A new contact's answer has no data (as documented): its id is the newest in the list.
    const newContact = async () => {
      await post('/api/v1/contact/contacts', { ...CONTACT, first_name: 'Poistettava' });
      return String(Math.max(...(await get('/api/v1/contact/contacts?limit=100')).map((c: { id: number }) => c.id)));
    };
    const record = String((await post('/api/v1/domain/domains/fuzz-main.fi/records', { host: 'www', type: 'A', content: '192.0.2.1' })).id);
    const contact = await newContact();
    const invoice = String((await get('/api/v1/invoice/invoices'))[0].id);
    const service = String((await get('/api/v1/domain/domains/fuzz-park.fi/services'))[0].id);
    const theirs = {
      domain: 'fuzz-other.fi',
      record: String((await post('/api/v1/domain/domains/fuzz-other.fi/records', { host: 'www', type: 'A', content: '192.0.2.1' }, other.token)).id),
      contact: String((await get('/api/v1/contact/contacts', other.token))[0].id),
      invoice: String((await get('/api/v1/invoice/invoices', other.token))[0].id),
      service: String((await get('/api/v1/domain/domains/fuzz-otherpark.fi/services', other.token))[0].id),
    };
    const authCode = (await get('/api/v1/domain/domains/fuzz-gone.fi/authcode', other.token)).authCode;

    const main = { domain: 'fuzz-main.fi' };
    const park = { domain: 'fuzz-park.fi' };
    const ns = { domain: 'fuzz-ns.fi' };
    const otherDomain = { domain: theirs.domain };
    cases = {
      // A refused login of well-formed strings costs a password hash (and counts against the source's
      // limit): the username, made of the wrong JSON types, is enough here.
      'POST /api/v1/auth': {
        body: { username: me.username, password: me.password }, fields: ['username'], wrong: [null, 1.5, [], { a: 1 }], mayChange: ['login_failures', 'events'],
      },
      // A refresh ends the token it was sent with: one of its own.
      'GET /api/v1/auth/refresh': {
        token: async () => (await t.request('POST', '/api/v1/auth', { body: { username: me.username, password: me.password } })).body.data.token,
      },
      // The reset pair: a request for an address (always 200, counted against the source like a login)
      // and a confirmation whose token is none of ours.
      'POST /api/v1/auth/password-reset': { body: { email: 'fuzz-reset@example.fi' }, fields: ['email'], mayChange: ['login_failures'] },
      // A well-formed token that is no one's: the core's own refusal (422 at token) is the handler reached.
      'POST /api/v1/auth/password-reset/confirm': {
        body: { token: 'x'.repeat(43), password: 'Uusi-salasana-1' }, fields: ['token', 'password'], expect: [422], mayChange: ['login_failures'],
      },
      'GET /api/v1/domain/domains': {},
      'POST /api/v1/domain/domains/purchase': { body: { domain: 'fuzz-bought.fi', years: 1, registrantContact: REGISTRANT } },
      'POST /api/v1/domain/domains/renew': { body: { domain: 'fuzz-main.fi', years: 1 } },
      'POST /api/v1/domain/domains/transfer': { body: { domain: 'fuzz-gone.fi', authCode } },
      'GET /api/v1/domain/domains/:domain': { params: main, foreign: otherDomain },
      'PATCH /api/v1/domain/domains/:domain': { params: main, body: { renew: true, contact_id: Number(contact) }, foreign: otherDomain },
      'GET /api/v1/domain/domains/:domain/authcode': { params: main, foreign: otherDomain },
      'GET /api/v1/domain/domains/:domain/nameservers': { params: main, foreign: otherDomain },
      'PUT /api/v1/domain/domains/:domain/nameservers': {
        params: ns, body: { nameservers: ['ns1.hostplane.test', 'ns2.hostplane.test'] }, foreign: otherDomain,
      },
      'PATCH /api/v1/domain/domains/:domain/nameservers': {
        params: ns, body: { nameservers: ['ns3.example.net', 'ns4.example.net'] }, foreign: otherDomain,
      },
      'DELETE /api/v1/domain/domains/:domain/nameservers': {
        params: { domain: 'fuzz-nsdel.fi' },
        prepare: async () => {
          const res = await t.request('PUT', '/api/v1/domain/domains/fuzz-nsdel.fi/nameservers', {
            token, body: { nameservers: ['ns1.example.net', 'ns2.example.net', 'ns3.example.net'] },
          });
          assert.equal(res.status, 200, JSON.stringify(res.body));
        },
        body: { nameservers: ['ns3.example.net'] },
        foreign: otherDomain,
      },
      'PUT /api/v1/domain/domains/:domain/nameservers/park': { params: park, foreign: otherDomain },
      'GET /api/v1/domain/domains/:domain/records': { params: main, foreign: otherDomain },
      'POST /api/v1/domain/domains/:domain/records': {
        params: main, body: { host: 'fuzz', type: 'A', content: '192.0.2.5', ttl: 3600 }, foreign: otherDomain,
      },
      'PATCH /api/v1/domain/domains/:domain/records/:id': {
        params: { ...main, id: record }, body: { content: '192.0.2.2', ttl: 600 }, foreign: { ...otherDomain, id: theirs.record },
      },
      'DELETE /api/v1/domain/domains/:domain/records/:id': {
        params: main, prepare: async () => ({ id: await newRecord() }), foreign: { ...otherDomain, id: theirs.record },
      },
      'GET /api/v1/domain/domains/:domain/dnssec': { params: main, foreign: otherDomain },
      'PUT /api/v1/domain/domains/:domain/dnssec': { params: { domain: 'fuzz-sec.fi' }, foreign: otherDomain },
      'DELETE /api/v1/domain/domains/:domain/dnssec': {
        params: { domain: 'fuzz-unsec.fi' },
        prepare: async () => assert.equal((await t.request('PUT', '/api/v1/domain/domains/fuzz-unsec.fi/dnssec', { token })).status, 200),
        foreign: otherDomain,
      },
      'GET /api/v1/domain/domains/:domain/services': { params: park, foreign: otherDomain },
      'PATCH /api/v1/domain/domains/:domain/services/:id': {
        params: { ...park, id: service }, body: { renew: true }, foreign: { domain: 'fuzz-otherpark.fi', id: theirs.service },
      },
      'GET /api/v1/domain/:domain/check': { params: { domain: 'fuzz-free.fi' } },
      'GET /api/v1/domain/:domain/whois': { params: main },
      'GET /api/v1/contact/contacts': {},
      // A field of each kind the core checks (a country code, an e-mail address, a name, a postal code).
      'POST /api/v1/contact/contacts': { body: CONTACT, fields: ['country', 'email', 'first_name', 'zip_code', 'billing_method'] },
      'GET /api/v1/contact/contacts/:id': { params: { id: contact }, foreign: { id: theirs.contact } },
      'PATCH /api/v1/contact/contacts/:id': { params: { id: contact }, body: { city: 'Espoo', zip_code: '02100' }, foreign: { id: theirs.contact } },
      'DELETE /api/v1/contact/contacts/:id': { prepare: async () => ({ id: await newContact() }), foreign: { id: theirs.contact } },
      'GET /api/v1/invoice/invoices': {},
      'GET /api/v1/events': { query: 'type=domain.ordered&since=2026-01-01&limit=10' },
      'GET /api/v1/invoice/invoices/:id': { params: { id: invoice }, foreign: { id: theirs.invoice } },
      'GET /api/v1/invoice/invoices/:id/pdf': { params: { id: invoice }, foreign: { id: theirs.invoice } },
      'GET /api/v1/service/services': {},
      'GET /api/v1/service/services/:id': { params: { id: service }, foreign: { id: theirs.service } },
      'PATCH /api/v1/service/services/:id': { params: { id: service }, body: { renew: false }, foreign: { id: theirs.service } },
    };
  });
  after(() => t?.close());

  const envelope = (label: string, res: Response) => {
    assert.equal(res.body?.error?.status, res.status, `${label}: envelope ${JSON.stringify(res.body)?.slice(0, 300)}`);
    assert.equal(typeof res.body.error.message, 'string', label);
  };

  it('every route in the route table reaches its handler, and no input gives a 5xx or changes anything when refused', async (ctx) => {
    assert.ok(routes.length >= 30, `client routes in the route table: ${routes.length}`);
    const report = await fuzzDialect({ t, token, envelope }, routes, cases);
    const slowest = [...report.ms].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`);
    ctx.diagnostic(`${routes.length} routes, ${report.requests} requests; slowest: ${slowest.join(', ')}`);
  });
});
