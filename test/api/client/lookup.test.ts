import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { assertDocumented, example } from '../../helpers/shape.js';
import { startFakeWhois, type FakeWhois } from '../../helpers/fake-whois.js';
import { unusedPort } from '../../helpers/ports.js';
import type { RegistrantSnapshot } from '../../../src/ports/registry.js';

const INVALID = { error: { status: 400, message: 'Invalid domain' } };
const AVAILABLE = { error: { status: 400, message: 'Domain is available' } };

const registrant: RegistrantSnapshot = {
  key: 'contact:1',
  name: 'Matti Meikäläinen', organization: 'Matti&Maija OY', email: 'matti@example.fi', phone: '+358.401234567',
  address: 'Esimerkkikatu 1', zipCode: '20100', city: 'Turku', country: 'FI', identityNumber: '',
};

/** The document's test.com example, as the registrar's WHOIS server would write it in full. */
const TEST_COM = [
  'Domain Name: TEST.COM',
  'Registry Domain ID: 5429075_DOMAIN_COM-VRSN',
  'Registrar WHOIS Server: whois.networksolutions.com',
  'Registrar URL: http://networksolutions.com',
  'Updated Date: 2023-04-18T09:47:56Z',
  'Creation Date: 1997-06-18T07:00:00Z',
  'Registrar Registration Expiration Date: 2025-06-17T07:00:00Z',
  'Registrar: Network Solutions, LLC',
  'Registrar IANA ID: 2',
  'Domain Status: clientTransferProhibited https://icann.org/epp#clientTransferProhibited',
  'Registrant Name: PERFECT PRIVACY, LLC',
  'Registrant Organization: PERFECT PRIVACY, LLC',
  'Registrant Street: 5335 Gate Parkway care of Network Solutions PO Box 459',
  'Registrant City: Jacksonville',
  'Registrant Country: US',
  'Admin Organization: PERFECT PRIVACY, LLC',
  'Name Server: NS1.SAFESECUREWEB.COM',
  'Name Server: NS2.SAFESECUREWEB.COM',
  'Name Server: NS3.SAFESECUREWEB.COM',
  'DNSSEC: unsigned',
  'URL of the ICANN WHOIS Data Problem Reporting System: http://wdprs.internic.net/',
  '>>> Last update of WHOIS database: 2024-05-02T12:00:00Z <<<',
  '',
  'NOTICE: The expiration date displayed in this record is the date the registrar\'s sponsorship of the domain',
  'name registration in the registry is currently set to expire.',
  '',
].join('\r\n');

const euros = async (t: TestServer, tld: string) =>
  (await t.server.runtime.ctx.store.tlds.prices(tld)).map((p) => ({ total: p.price_cents / 100, billing_period: p.period_months }));

describe('client API: domain availability check', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('answers an available name in the documented single-domain shape, with the TLD table\'s prices', async () => {
    const res = await t.request('GET', '/api/v1/domain/vapaa-nimi.fi/check');
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'GET /api/v1/domain/test.com/check 200 Single domain check');
    const prices = await euros(t, 'fi');
    assert.equal(prices.length, 5);
    assert.deepEqual(prices[0], { total: 14.9, billing_period: 12 });
    assert.deepEqual(res.body, { message: '', data: { sld: 'vapaa-nimi', tld: 'fi', info: 'available', status: 1, prices } });
  });

  it('answers a name registered at the registry as unavailable, still with prices', async () => {
    await t.server.runtime.ctx.registry.create({ name: 'varattu.com', years: 1, registrant, nameservers: [] });
    const res = await t.request('GET', '/api/v1/domain/VARATTU.com/check');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      message: '', data: { sld: 'varattu', tld: 'com', info: 'unavailable', status: 0, prices: await euros(t, 'com') },
    });
  });

  it('answers a name held in our domains or being bought in an open order as unavailable', async () => {
    const ctx = t.server.runtime.ctx;
    const u = await t.user();
    const at = ctx.clock.now().toISOString();
    await ctx.store.domains.create({
      user_id: u.id, sld: 'rivi', tld: 'fi', fqdn: 'rivi.fi', fqdn_unicode: 'rivi.fi', status: 'active', reg_date: null,
      exp_date: null, renew: 1, registrant_contact_id: null, billing_contact_id: null, nameservers: '[]', created_at: at, updated_at: at,
    });
    const order = await ctx.store.orders.create({
      user_id: u.id, kind: 'register', fqdn: 'tilauksessa.fi', domain_id: null, years: 1, status: 'open', invoice_id: null,
      nameservers: '[]', auth_code: null, error: null, created_at: at, updated_at: at, fulfilled_at: null, request_key: null, registry_attempted_at: null, delegate_to: null,
    });
    for (const name of ['rivi.fi', 'tilauksessa.fi']) {
      const res = await t.request('GET', `/api/v1/domain/${name}/check`);
      assert.equal(res.status, 200);
      assert.equal(res.body.data.info, 'unavailable', name);
      assert.equal(res.body.data.status, 0, name);
    }
    // Once the order is closed without a purchase, the name is free again.
    await ctx.store.orders.update(order.id, { status: 'cancelled' });
    assert.equal((await t.request('GET', '/api/v1/domain/tilauksessa.fi/check')).body.data.info, 'available');
  });

  it('answers "invalid" without prices for a TLD we do not sell or sell without a price', async () => {
    const ctx = t.server.runtime.ctx;
    const res = await t.request('GET', '/api/v1/domain/example.se/check');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      message: '.se domains are not offered.', data: { sld: 'example', tld: 'se', info: 'invalid', status: 0, prices: [] },
    });
    await ctx.store.tlds.upsert('dev', true, ctx.clock.now().toISOString());
    assert.equal((await t.request('GET', '/api/v1/domain/example.dev/check')).body.data.info, 'invalid');
    // Domains are bought in whole years: a 6-month price alone does not make the TLD sellable.
    await ctx.store.tlds.setPrice({ tld: 'dev', period_months: 6, price_cents: 500 });
    assert.equal((await t.request('GET', '/api/v1/domain/example.dev/check')).body.data.info, 'invalid');
  });

  it('answers 400 "Invalid domain" for what is not a domain name', async () => {
    assert.deepEqual(example('GET /api/v1/domain/test.com/check 400 Invalid domain'), INVALID);
    for (const bad of ['www.example.fi', '-bad.fi', `${'a'.repeat(64)}.fi`, 'example.f1', 'bad_name', '%00', 'a%20b', 'ab--cd.fi', 'example..fi']) {
      const res = await t.request('GET', `/api/v1/domain/${bad}/check`);
      assert.equal(res.status, 400, bad);
      assert.deepEqual(res.body, INVALID, bad);
    }
  });

  it('takes unicode names URL-encoded and answers their punycode forms', async () => {
    await t.server.runtime.ctx.registry.create({ name: 'xn--mkilinen-0zad.fi', years: 1, registrant, nameservers: [] });
    const taken = await t.request('GET', `/api/v1/domain/${encodeURIComponent('Mäkiläinen.fi')}/check`);
    assert.equal(taken.status, 200);
    assert.deepEqual([taken.body.data.sld, taken.body.data.tld, taken.body.data.info], ['xn--mkilinen-0zad', 'fi', 'unavailable']);
    const free = await t.request('GET', `/api/v1/domain/${encodeURIComponent('pöllö.fi')}/check`);
    assert.deepEqual([free.body.data.sld, free.body.data.info, free.body.data.status], ['xn--pll-snac', 'available', 1]);
  });

  it('checks a bare name under every TLD on sale, in the documented multi-domain shape', async () => {
    const ctx = t.server.runtime.ctx;
    await ctx.registry.create({ name: 'moni.com', years: 1, registrant, nameservers: [] });
    const res = await t.request('GET', '/api/v1/domain/moni/check');
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'GET /api/v1/domain/test.com/check 200 Multi domain check');
    const onSale = (await ctx.store.tlds.list()).filter((x) => x.on_sale === 1 && x.tld !== 'dev').map((x) => x.tld);
    assert.deepEqual(res.body.data.map((d: any) => d.tld), onSale);
    for (const d of res.body.data) {
      assert.equal(d.sld, 'moni');
      assert.deepEqual(d.prices, await euros(t, d.tld), d.tld);
      assert.deepEqual([d.info, d.status], d.tld === 'com' ? ['unavailable', 0] : ['available', 1], d.tld);
    }

    // Only whole-year periods are offered; a TLD taken off sale leaves the list.
    await ctx.store.tlds.setPrice({ tld: 'eu', period_months: 6, price_cents: 500 });
    const eu = (await t.request('GET', '/api/v1/domain/moni/check')).body.data.find((d: any) => d.tld === 'eu');
    assert.deepEqual(eu.prices.map((p: any) => p.billing_period), [12, 24, 36]);
    await ctx.store.tlds.removePrice('eu', 6);

    await ctx.store.tlds.upsert('io', false, ctx.clock.now().toISOString());
    const after = await t.request('GET', '/api/v1/domain/moni/check');
    assert.ok(!after.body.data.some((d: any) => d.tld === 'io'));
    assert.equal(after.body.data.length, onSale.length - 1);
    await ctx.store.tlds.upsert('io', true, ctx.clock.now().toISOString());
  });

  it('checks a bare unicode name, answering its punycode label', async () => {
    const res = await t.request('GET', `/api/v1/domain/${encodeURIComponent('mäkiläinen')}/check`);
    assert.equal(res.status, 200);
    const fi = res.body.data.find((d: any) => d.tld === 'fi');
    assert.deepEqual([fi.sld, fi.info], ['xn--mkilinen-0zad', 'unavailable']);
    // .io takes a-z, 0-9 and hyphens only (its registry's rules: tld-rules.test.ts); the others take ä.
    assert.equal(res.body.data.find((d: any) => d.tld === 'io').info, 'invalid');
    assert.ok(res.body.data.filter((d: any) => d.tld !== 'fi' && d.tld !== 'io').every((d: any) => d.info === 'available'));
  });

  it('needs no token and tells nothing about who holds a name', async () => {
    const res = await t.request('GET', '/api/v1/domain/rivi.fi/check');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body.data), ['sld', 'tld', 'info', 'status', 'prices']);
  });
});

describe('client API: WHOIS for names our registry holds', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('answers from the registry record, in the documented shape, with our own WHOIS text', async () => {
    const ctx = t.server.runtime.ctx;
    await ctx.registry.create({ name: 'xn--mkilinen-0zad.fi', years: 2, registrant, nameservers: ['ns1.hostplane.test', 'ns2.hostplane.test'] });
    t.clock.advance(90 * 60_000);
    await ctx.registry.setNameservers('xn--mkilinen-0zad.fi', ['ns1.hostplane.test', 'ns2.hostplane.test', 'ns3.hostplane.test']);

    const res = await t.request('GET', `/api/v1/domain/${encodeURIComponent('mäkiläinen.fi')}/whois`);
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'GET /api/v1/domain/test.com/whois 200');
    const { rawText, ...data } = res.body.data;
    assert.deepEqual(data, {
      domain: 'mäkiläinen.fi',
      created: '2026-03-01 10:00:00',
      expires: '2028-03-01 10:00:00',
      updated: '2026-03-01 11:30:00',
      owner: 'Matti&Maija OY',
      registrar: 'Hostplane',
      dnssec: 'unsigned',
      nameServers: ['ns1.hostplane.test', 'ns2.hostplane.test', 'ns3.hostplane.test'],
    });
    assert.match(rawText, /^Domain Name: XN--MKILINEN-0ZAD\.FI\nUpdated Date: 2026-03-01T11:30:00Z\nCreation Date: 2026-03-01T10:00:00Z\n/);
    assert.match(rawText, /^Registrar: Hostplane$/m);
    assert.match(rawText, /^Name Server: NS3\.HOSTPLANE\.TEST$/m);
    for (const secret of [registrant.email, registrant.phone, registrant.address]) assert.ok(!rawText.includes(secret), secret);
  });

  it('publishes no private person\'s name, and asks no token', async () => {
    await t.server.runtime.ctx.registry.create({ name: 'yksityinen.com', years: 1, registrant: { ...registrant, organization: '' }, nameservers: [] });
    const res = await t.request('GET', '/api/v1/domain/yksityinen.com/whois');
    assert.equal(res.status, 200);
    assert.equal(res.body.data.owner, 'Private person');
    assert.doesNotMatch(res.body.data.rawText, /Matti|Meikäläinen/);
    assert.deepEqual(res.body.data.nameServers, []);
  });

  it('answers 400 "Domain is available" for a name of a TLD we sell that nobody holds', async () => {
    assert.deepEqual(example('GET /api/v1/domain/test.com/whois 400 Domain available'), AVAILABLE);
    const res = await t.request('GET', '/api/v1/domain/vapaa.fi/whois');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, AVAILABLE);
  });

  it('answers 400 "Invalid domain" for what is not a domain name, bare names included', async () => {
    assert.deepEqual(example('GET /api/v1/domain/test.com/whois 400 Invalid domain'), INVALID);
    for (const bad of ['test', 'www.example.fi', '-bad.fi', '%00', 'example.f1', `${'a'.repeat(64)}.com`]) {
      const res = await t.request('GET', `/api/v1/domain/${bad}/whois`);
      assert.equal(res.status, 400, bad);
      assert.deepEqual(res.body, INVALID, bad);
    }
  });
});

describe('client API: WHOIS from outside WHOIS servers', () => {
  let t: TestServer;
  let registry: FakeWhois;
  let otherRegistry: FakeWhois;
  let iana: FakeWhois;
  let silent: FakeWhois;
  let refused: number;

  before(async () => {
    registry = await startFakeWhois((q) =>
      q === 'test.com' ? TEST_COM : q === 'xn--mkinen-bua.com' ? TEST_COM.replace('TEST.COM', 'XN--MKINEN-BUA.COM') : `No match for "${q.toUpperCase()}".\r\n`);
    otherRegistry = await startFakeWhois((q) =>
      `domain:       ${q}\nstatus:       active\ncreated:      2015-05-20\nchanged:      2024-01-02T03:04:05+02:00\nregistrar:    Example Registrar\n` +
      `holder\nname:         Esimerkki AB\n\nnserver:      ns1.example.net\nnserver:      ns2.example.net\n`);
    iana = await startFakeWhois((q) =>
      q === 'xyz'
        ? `% IANA WHOIS server\n\ndomain:       XYZ\n\nrefer:        ${otherRegistry.address}\n`
        : '% IANA WHOIS server\n% This query returned 0 objects.\n');
    silent = await startFakeWhois(() => null);
    refused = await unusedPort();
    t = await startTestServer({
      env: {
        WHOIS_SERVERS: `com=${registry.address},se=127.0.0.1:${refused},de=${silent.address}`,
        WHOIS_IANA_SERVER: iana.address,
        // Long enough for the fake servers' at-once answers on a loaded machine; only one query waits it out.
        WHOIS_TIMEOUT_MS: '1500',
      },
    });
    // .com is on sale in the seeded TLD table; take it off so test.com is looked up outside, as in the document.
    await t.server.runtime.ctx.store.tlds.upsert('com', false, t.server.runtime.ctx.clock.now().toISOString());
  });
  after(async () => {
    await t.close();
    for (const s of [registry, otherRegistry, iana, silent]) await s.close();
  });

  it('asks the configured server and answers the parsed fields as the document\'s example shows them', async () => {
    const res = await t.request('GET', '/api/v1/domain/test.com/whois');
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'GET /api/v1/domain/test.com/whois 200');
    const documented = example('GET /api/v1/domain/test.com/whois 200') as any;
    assert.deepEqual(res.body, { message: '', data: { ...documented.data, rawText: TEST_COM } });
    assert.equal(registry.queries.at(-1), 'test.com');
  });

  it('queries in punycode and answers the name in IDN form', async () => {
    const res = await t.request('GET', `/api/v1/domain/${encodeURIComponent('mäkinen.com')}/whois`);
    assert.equal(res.status, 200);
    assert.equal(registry.queries.at(-1), 'xn--mkinen-bua.com');
    assert.equal(res.body.data.domain, 'mäkinen.com');
  });

  it('answers 400 "Domain is available" when the server has no match', async () => {
    const res = await t.request('GET', '/api/v1/domain/nosuchname.com/whois');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, AVAILABLE);
  });

  it('follows IANA\'s referral for a TLD not configured, and declares fields it cannot find null', async () => {
    const res = await t.request('GET', '/api/v1/domain/example.xyz/whois');
    assert.equal(res.status, 200);
    assert.deepEqual(iana.queries, ['xyz']);
    assert.deepEqual(otherRegistry.queries, ['example.xyz']);
    const { rawText, ...data } = res.body.data;
    assert.deepEqual(data, {
      domain: 'example.xyz',
      created: '2015-05-20 00:00:00',
      expires: null,
      updated: '2024-01-02 01:04:05',
      owner: 'Esimerkki AB',
      registrar: 'Example Registrar',
      dnssec: null,
      nameServers: ['ns1.example.net', 'ns2.example.net'],
    });
    assert.match(rawText, /^domain: {7}example\.xyz$/m);
  });

  it('answers 400 "Invalid domain" for a TLD the root zone does not have', async () => {
    const res = await t.request('GET', '/api/v1/domain/example.nosuchtld/whois');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, INVALID);
  });

  it('answers 502 in the envelope when the server refuses the connection', async () => {
    const res = await t.request('GET', '/api/v1/domain/example.se/whois');
    assert.equal(res.status, 502);
    assert.deepEqual(res.body, {
      error: { status: 502, message: `WHOIS server 127.0.0.1:${refused} could not be reached: connection refused` },
    });
  });

  it('answers 502 in the envelope when the server never answers', async () => {
    const res = await t.request('GET', '/api/v1/domain/example.de/whois');
    assert.equal(res.status, 502);
    assert.deepEqual(res.body, {
      error: { status: 502, message: `WHOIS server ${silent.address} could not be reached: no answer within 1500 ms` },
    });
    assert.deepEqual(silent.queries, ['example.de']);
  });
});
