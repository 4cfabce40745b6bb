import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { assertShape } from '../../helpers/shape.js';
import { listInvoices } from '../../../src/core/billing/list-invoices.js';
import { RegistryError } from '../../../src/ports/registry.js';
import { repoPath } from '../../helpers/paths.js';

const golden = (name: string): any => JSON.parse(readFileSync(repoPath(`test/golden/partner-api/${name}.json`), 'utf8'));

const CLIENT = {
  firstname: 'Joe', lastname: 'Bin', company: 'Google', password: 'Pass!123', postcode: 1234, address1: 'Address 1',
  address2: 'Address 2', city: 'Test', country: 'BE', phone: 123456789, client_type: 'Managed Client', vat_number: '123456789',
};
let counter = 0;

describe('partner API: domains (register, transfer, check, list, get, change nameservers)', () => {
  let t: TestServer;
  type P = Awaited<ReturnType<TestServer['partner']>>;
  let a: P;
  let b: P;
  let clientA: number;
  let clientB: number;
  before(async () => {
    t = await startTestServer();
    a = await t.partner('Partner A');
    b = await t.partner('Partner B');
    clientA = await addClient(a, 'Anna');
    clientB = await addClient(b, 'Bruno');
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  async function addClient(p: P, firstname: string): Promise<number> {
    const res = await t.request('POST', '/clients/add', { token: p.apiKey, body: { ...CLIENT, firstname, email: `domains${++counter}@example.be` } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return Number(res.body.data[0].id);
  }
  const register = (p: P, body: Record<string, unknown>) => t.request('POST', '/domains/register', { token: p.apiKey, body });
  const registerOk = async (p: P, name: string, extra: Record<string, unknown> = {}) => {
    const res = await register(p, { name, period: 1, action: 'register', ...extra });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const list = async (p: P) => {
    const res = await t.request('GET', '/domains/list', { token: p.apiKey });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data as any[];
  };
  const row = (fqdn: string) => ctx().store.domains.findLiveByFqdn(fqdn);
  const monthlyLines = async (p: P) => {
    const { items } = await listInvoices(ctx(), { userId: p.userId, page: { limit: 100, offset: 0 } });
    return items.flatMap((i) => i.items.map((l) => ({ invoice: i.invoice, line: l })));
  };

  describe('POST domains/register', () => {
    it('answers the documented example (201) and registers the name for the client with its nameservers', async () => {
      const res = await register(a, {
        name: 'testdomain.com', period: 1, action: 'register', epp_code: '123456', client_id: clientA,
        ns1: 'ns1.com', ns2: 'ns2.com', ns3: 'ns3.com', ns4: 'ns4.com',
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assertShape(res.body, golden('post-domains-register'));
      assert.equal(res.body.message, 'Registered successfully');
      const domain = await row('testdomain.com');
      assert.equal(res.body.data.domain_id, String(domain!.id));
      assert.equal(domain!.user_id, clientA);
      assert.equal(domain!.status, 'active', 'fulfilled at once');
      assert.equal(domain!.exp_date, '2027-03-01');
      assert.deepEqual(JSON.parse(domain!.nameservers), ['ns1.com', 'ns2.com', 'ns3.com', 'ns4.com']);
      assert.deepEqual((await ctx().registry.info('testdomain.com'))?.nameservers, ['ns1.com', 'ns2.com', 'ns3.com', 'ns4.com']);
      assert.equal(await ctx().store.zones.findByName('testdomain.com'), undefined, 'foreign nameservers: no zone here');
      // Registered to the client's primary contact.
      const client = await ctx().store.users.findById(clientA);
      assert.equal(domain!.registrant_contact_id, client!.primary_contact_id);
      // The order is completed and billed on the partner's monthly invoice, VAT excluded 13.90.
      const order = await ctx().store.orders.findById(res.body.data.order_id);
      assert.equal(order?.status, 'completed');
      const billed = (await monthlyLines(a)).find((l) => l.line.order_id === order!.id);
      assert.ok(billed, 'a line on the partner\'s invoice');
      assert.equal(billed.invoice.period, '2026-03');
      assert.equal(billed.invoice.user_id, a.userId);
      assert.equal(billed.line.sub_total_cents, 1390);
      assert.equal(billed.line.description, 'testdomain.com rekisteröinti 1.3.26-1.3.27');
      assert.equal(order!.invoice_id, billed.invoice.id);
      // The client account itself gets no invoice.
      assert.equal((await listInvoices(ctx(), { userId: clientA, page: { limit: 10, offset: 0 } })).total, 0);
    });

    it('without nameservers uses ours and makes a zone; without client_id the domain is the partner\'s own', async () => {
      const res = await registerOk(a, 'omakone.com', { period: 2 });
      const domain = await row('omakone.com');
      assert.equal(domain!.user_id, a.userId);
      assert.equal(res.data.domain_id, String(domain!.id));
      assert.deepEqual(JSON.parse(domain!.nameservers), ctx().settings.nameservers);
      assert.ok(await ctx().store.zones.findByName('omakone.com'), 'zone');
      assert.equal(domain!.exp_date, '2028-03-01');
      // One monthly invoice collects every order of the month.
      const lines = await monthlyLines(a);
      assert.equal(new Set(lines.map((l) => l.invoice.id)).size, 1);
      assert.equal(lines.at(-1)!.line.sub_total_cents, 2780);
      // Our nameservers given explicitly: a zone too; a client id as the string the lists give.
      await registerOk(a, 'meidan.com', { client_id: String(clientA), ns1: ctx().settings.nameservers[0], ns2: ctx().settings.nameservers[1] });
      assert.ok(await ctx().store.zones.findByName('meidan.com'));
      assert.equal((await row('meidan.com'))!.user_id, clientA);
    });

    it('names every bad field at once and writes nothing', async () => {
      const before = (await monthlyLines(a)).length;
      const res = await register(a, { name: 'x', period: 0, action: 'buy', ns1: 'ns', ns3: 'not a host' });
      assert.equal(res.status, 422);
      assert.equal(res.body.success, false);
      assert.deepEqual(Object.keys(res.body.errors).sort(), ['action', 'name', 'ns1', 'ns2', 'ns3', 'period']);
      const empty = await register(a, {});
      assert.deepEqual(empty.body.errors, {
        name: ['The name is required'], period: ['The period is required'], action: ['The action is required'],
      });
      assert.equal((await monthlyLines(a)).length, before);
    });

    it('enforces each documented limit at and just past its bound', async () => {
      // .net for 10 years, so that the period's upper bound can be bought.
      await ctx().store.tlds.setPrice({ tld: 'net', period_months: 120, price_cents: 15900 });
      // A label has at most 63 characters, so the longest registrable name is 63 + 4 here; at 100 the
      // name is refused as a name, past 100 for its length.
      await registerOk(a, `${'a'.repeat(63)}.net`);
      const hundred = await register(a, { name: `${'a'.repeat(96)}.net`, period: 1, action: 'register' });
      assert.deepEqual(hundred.body.errors, { name: ['The name must be a valid domain name'] });
      const tooLong = await register(a, { name: `${'a'.repeat(97)}.net`, period: 1, action: 'register' });
      assert.equal(tooLong.status, 422);
      assert.deepEqual(tooLong.body.errors, { name: ['The name may not be greater than 100 characters'] });
      const short = await register(a, { name: 'a.', period: 1, action: 'register' });
      assert.deepEqual(short.body.errors, { name: ['The name must be at least 3 characters'] });

      await registerOk(a, 'kymmenen.net', { period: 10 });
      assert.equal((await row('kymmenen.net'))!.exp_date, '2036-03-01');
      for (const period of [0, 11, 1.5]) {
        const res = await register(a, { name: 'jakso.net', period, action: 'register' });
        assert.equal(res.status, 422, String(period));
        assert.deepEqual(Object.keys(res.body.errors), ['period']);
      }
      const notSold = await register(a, { name: 'jakso.com', period: 5, action: 'register' });
      assert.deepEqual(notSold.body.errors, { period: ['Domains under .com are available for 1, 2, 3 years'] });

      // A host name of n characters, its labels within 63.
      const ns = (n: number) => (n - 4 <= 63 ? `${'n'.repeat(n - 4)}.com` : `${'n'.repeat(60)}.${'m'.repeat(n - 65)}.com`);
      await registerOk(a, 'nsraja1.com', { ns1: ns(5), ns2: ns(100) });
      for (const [ns1, ns2] of [[ns(4), ns(5)], [ns(5), ns(101)]]) {
        const res = await register(a, { name: 'nsraja2.com', period: 1, action: 'register', ns1, ns2 });
        assert.equal(res.status, 422);
        assert.equal(Object.keys(res.body.errors).length, 1, JSON.stringify(res.body));
      }
      const one = await register(a, { name: 'nsraja2.com', period: 1, action: 'register', ns1: 'ns1.example.com' });
      assert.deepEqual(one.body.errors, { ns2: ['The ns2 is required: a domain needs at least two nameservers'] });
      const dup = await register(a, { name: 'nsraja2.com', period: 1, action: 'register', ns1: 'ns1.example.com', ns2: 'NS1.example.com.' });
      assert.deepEqual(dup.body.errors, { ns2: ['The ns2 must differ from the other nameservers'] });

      const eppShort = await register(a, { name: 'siirto.com', period: 1, action: 'transfer', epp_code: 'ab' });
      assert.deepEqual(eppShort.body.errors, { epp_code: ['The epp_code must be at least 3 characters'] });
      const eppLong = await register(a, { name: 'siirto.com', period: 1, action: 'transfer', epp_code: 'x'.repeat(101) });
      assert.equal(eppLong.status, 422);
      const eppMissing = await register(a, { name: 'siirto.com', period: 1, action: 'transfer' });
      assert.deepEqual(eppMissing.body.errors, { epp_code: ['The epp_code is required when action is transfer'] });
      assert.equal(await row('nsraja2.com'), undefined);
    });

    it('refuses a taken name, a TLD not sold, and a name not registrable', async () => {
      await registerOk(b, 'varattu.com');
      const taken = await register(a, { name: 'varattu.com', period: 1, action: 'register' });
      assert.equal(taken.status, 422);
      assert.deepEqual(taken.body.errors, { name: ['Domain unavailable for purchase.'] });
      const tld = await register(a, { name: 'example.xyz', period: 1, action: 'register' });
      assert.deepEqual(tld.body.errors, { name: ['Domains under .xyz are not available'] });
      const bad = await register(a, { name: 'www.example.com', period: 1, action: 'register' });
      assert.deepEqual(bad.body.errors, { name: ['The name must be a valid domain name'] });
    });

    it('client_id: another partner\'s client 403, an unknown one 422; nothing is written', async () => {
      const other = await register(a, { name: 'vieras.com', period: 1, action: 'register', client_id: clientB });
      assert.equal(other.status, 403);
      assert.deepEqual(other.body, { success: false, message: 'This client does not belong to you.' });
      for (const client_id of [999999, '999999', 'abc', 0, a.userId]) {
        const res = await register(a, { name: 'vieras.com', period: 1, action: 'register', client_id });
        assert.equal(res.status, 422, JSON.stringify(client_id));
        assert.deepEqual(Object.keys(res.body.errors), ['client_id']);
      }
      assert.equal(await row('vieras.com'), undefined);
    });

    it('transfers a name in with its EPP code, for a client, billed on the monthly invoice', async () => {
      await registerOk(b, 'muuttaja.com', { client_id: clientB });
      const code = (await ctx().store.registry.find('muuttaja.com'))!.auth_code;
      const wrong = await register(a, { name: 'muuttaja.com', period: 1, action: 'transfer', epp_code: 'wrong-code' });
      assert.equal(wrong.status, 422);
      assert.deepEqual(wrong.body.errors, { epp_code: ['The auth code is invalid'] });
      const free = await register(a, { name: 'vapaa-nimi.com', period: 1, action: 'transfer', epp_code: 'whatever' });
      assert.deepEqual(free.body.errors, { name: ['Domain unavailable for transfer.'] });

      const res = await register(a, {
        name: 'muuttaja.com', period: 1, action: 'transfer', epp_code: code, client_id: clientA, ns1: 'ns1.uusi.com', ns2: 'ns2.uusi.com',
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assertShape(res.body, golden('post-domains-register'));
      assert.equal(res.body.message, 'Transferred successfully');
      const domain = await row('muuttaja.com');
      assert.equal(res.body.data.domain_id, String(domain!.id));
      assert.equal(domain!.user_id, clientA);
      assert.equal(domain!.exp_date, '2028-03-01', 'a transfer adds a year');
      assert.deepEqual(JSON.parse(domain!.nameservers), ['ns1.uusi.com', 'ns2.uusi.com']);
      const line = (await monthlyLines(a)).find((l) => l.line.order_id === res.body.data.order_id);
      assert.equal(line?.line.description, 'muuttaja.com siirto 1.3.27-1.3.28');
      assert.ok(!(await list(b)).some((d) => d.domain === 'muuttaja.com'), 'gone from the old partner');
      assert.ok((await list(a)).some((d) => d.domain === 'muuttaja.com' && d.client_id === String(clientA)));
    });

    it('a registration the registry refuses answers 422, frees the name and credits the monthly line', async () => {
      const registry = ctx().registry;
      const create = registry.create;
      registry.create = async () => {
        throw new RegistryError('policy', 'name reserved by the registry');
      };
      try {
        const res = await register(a, { name: 'kielletty.com', period: 1, action: 'register' });
        assert.equal(res.status, 422);
        assert.deepEqual(res.body, { success: false, message: 'The registry refused the registration: name reserved by the registry' });
      } finally {
        registry.create = create;
      }
      const lines = (await monthlyLines(a)).filter((l) => l.line.description.includes('kielletty.com'));
      assert.deepEqual(lines.map((l) => l.line.sub_total_cents), [1390, -1390]);
      assert.equal(lines[1]!.line.description, 'Hyvitys: kielletty.com rekisteröinti 1.3.26-1.3.27');
      await registerOk(a, 'kielletty.com');
    });
  });

  describe('POST domains/check-domain', () => {
    const check = (p: P, body: unknown) => t.request('POST', '/domains/check-domain', { token: p.apiKey, body });

    it('answers the documented example for a free name, and false for a taken one or a TLD not sold', async () => {
      const free = await check(a, { name: 'testdomain12345.com' });
      assert.equal(free.status, 200);
      assertShape(free.body, golden('post-domains-check-domain'));
      assert.deepEqual(free.body, { success: true, available: true, message: 'testdomain12345.com is available to register!' });
      await registerOk(b, 'tarkistettu.com');
      const taken = await check(a, { name: 'Tarkistettu.COM' });
      assert.deepEqual(taken.body, { success: true, available: false, message: 'tarkistettu.com is not available to register!' });
      const xyz = await check(a, { name: 'example.xyz' });
      assert.deepEqual(xyz.body, { success: true, available: false, message: 'example.xyz is not available to register: .xyz domains are not offered.' });
      const idn = await check(a, { name: 'mäkelä.com' });
      assert.equal(idn.body.message, 'mäkelä.com is available to register!');
    });

    it('answers 422 for a missing, malformed, too short or too long name', async () => {
      const cases: Array<[unknown, string]> = [
        [{}, 'The name is required'],
        [{ name: 'no dots' }, 'The name must be a valid domain name'],
        [{ name: 'a.' }, 'The name must be at least 3 characters'],
        [{ name: `${'a'.repeat(97)}.com` }, 'The name may not be greater than 100 characters'],
        [{ name: 5 }, 'The name must be a string'],
      ];
      for (const [body, message] of cases) {
        const res = await check(a, body);
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.deepEqual(res.body.errors, { name: [message] });
      }
      const longest = await check(a, { name: `${'a'.repeat(63)}.com` });
      assert.equal(longest.status, 200);
      assert.equal(longest.body.available, true);
      const shortest = await check(a, { name: 'a.fi' });
      assert.equal(shortest.status, 200);
    });

    it('answers 401 without a key', async () => {
      assert.equal((await t.request('POST', '/domains/check-domain', { body: { name: 'x.com' } })).status, 401);
    });
  });

  describe('GET domains/list', () => {
    it('answers the documented example\'s keys and types with the partner\'s own and its clients\' domains only', async () => {
      const p = await t.partner();
      const client = await addClient(p, 'Lista');
      await registerOk(p, 'listattu.com', { client_id: client, period: 2 });
      await registerOk(p, 'oma-lista.com');
      const data = await list(p);
      assertShape({ data }, golden('get-domains-list'));
      const own = data.find((d) => d.domain === 'oma-lista.com');
      const theirs = data.find((d) => d.domain === 'listattu.com');
      assert.deepEqual(theirs, {
        id: String((await row('listattu.com'))!.id),
        domain: 'listattu.com',
        domain_name: 'listattu.com',
        client_id: String(client),
        expire_date: '2028-03-01',
        expired: false,
        days_valid: 731,
        status: 'Active',
        cancelled_but_not_expired: false,
        expiring_within_60_days: false,
        expired_less_than_180_days_ago: false,
        auto_renew: true,
        registration_date: '01/03/2026',
        registered_to: '01/03/2028',
        registration_period: '2',
        price: '27.80',
      });
      assert.equal(own.client_id, '0', 'the partner\'s own domain');
      assert.equal(own.price, '13.90');
      assert.equal(data.length, 2);
      // Other partners see none of these.
      assert.ok(!(await list(a)).some((d) => d.domain === 'listattu.com' || d.domain === 'oma-lista.com'));
      // An IDN: the ASCII form and the form people write.
      await registerOk(p, 'äänekoski.com');
      const idn = (await list(p)).find((d) => d.domain_name === 'äänekoski.com');
      assert.equal(idn.domain, 'xn--nekoski-4waa.com');
    });

    it('computes the flags from the dates as time passes, and auto-renew off as cancelled', async () => {
      const p = await t.partner();
      await registerOk(p, 'ajassa.com');
      const row0 = (await row('ajassa.com'))!;
      await ctx().store.domains.update(row0.id, { renew: 0 });
      const view = async () => (await list(p)).find((d) => d.domain === 'ajassa.com');
      assert.equal((await view()).cancelled_but_not_expired, true);
      assert.equal((await view()).auto_renew, false);
      const start = t.clock.now().getTime();
      try {
        t.clock.set(new Date('2027-01-01T12:00:00Z'));
        let v = await view();
        assert.deepEqual([v.days_valid, v.expiring_within_60_days, v.expired, v.status], [59, true, false, 'Active']);
        t.clock.set(new Date('2027-03-02T12:00:00Z'));
        v = await view();
        assert.deepEqual(
          [v.days_valid, v.expired, v.status, v.expiring_within_60_days, v.expired_less_than_180_days_ago, v.cancelled_but_not_expired],
          [0, true, 'Expired', false, true, false],
        );
        t.clock.set(new Date('2027-09-01T12:00:00Z'));
        assert.equal((await view()).expired_less_than_180_days_ago, false);
      } finally {
        t.clock.set(new Date(start));
      }
    });

    it('answers 401 without a key', async () => {
      assert.equal((await t.request('GET', '/domains/list')).status, 401);
    });
  });

  describe('GET domains/{domain}', () => {
    it('answers the list\'s fields plus the contacts by role', async () => {
      await registerOk(a, 'tiedot.com', { client_id: clientA });
      const res = await t.request('GET', '/domains/tiedot.com', { token: a.apiKey });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const listed = (await list(a)).find((d) => d.domain === 'tiedot.com');
      const { nameservers: _nameservers, contacts, ...fields } = res.body.data;
      assert.deepEqual(fields, listed);
      assert.equal(res.body.success, true);
      assert.equal(res.body.message, 'Domain details');
      assert.deepEqual(res.body.customData, []);
      const anna = {
        first_name: 'Anna', last_name: 'Bin', company_name: 'Google', email_address: contacts.registrant.email_address,
        phone_number: '+32.123456789', street: 'Address 1, Address 2', city: 'Test', postal_code: '1234',
      };
      assert.deepEqual(contacts, { registrant: anna, on_site: null, admin: anna, tech: null, billing: anna });
      const upper = await t.request('GET', '/domains/TIEDOT.com', { token: a.apiKey });
      assert.equal(upper.status, 200);
    });

    it('answers 403 for another partner\'s domain and 404 for none', async () => {
      await registerOk(b, 'salainen.com', { client_id: clientB });
      const res = await t.request('GET', '/domains/salainen.com', { token: a.apiKey });
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, { success: false, message: 'This domain does not belong to you.' });
      for (const name of ['olematon.com', 'not a domain']) {
        const none = await t.request('GET', `/domains/${encodeURIComponent(name)}`, { token: a.apiKey });
        assert.equal(none.status, 404, name);
      }
    });
  });

  describe('POST domains/{domain}/change-nameservers', () => {
    const change = (p: P, name: string, body: unknown) => t.request('POST', `/domains/${name}/change-nameservers`, { token: p.apiKey, body });

    it('answers the documented example (201) and changes the registry, the domain and the zone', async () => {
      await registerOk(a, 'vaihto.com', { client_id: clientA });
      assert.ok(await ctx().store.zones.findByName('vaihto.com'));
      const res = await change(a, 'vaihto.com', { ns1: 'ns1.com', ns2: 'ns2.com', ns3: 'ns3.com', ns4: 'ns4.com' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body, golden('post-domains-change-nameservers'));
      const expected = ['ns1.com', 'ns2.com', 'ns3.com', 'ns4.com'];
      assert.deepEqual(JSON.parse((await row('vaihto.com'))!.nameservers), expected);
      assert.deepEqual((await ctx().registry.info('vaihto.com'))?.nameservers, expected);
      // Back onto two of ours: the zone's apex NS records become exactly those.
      const ours = ctx().settings.nameservers.slice(0, 2);
      const back = await change(a, 'vaihto.com', { ns1: ours[0], ns2: ours[1] });
      assert.equal(back.status, 201);
      const zone = await ctx().store.zones.findByName('vaihto.com');
      const apexNs = (await ctx().store.records.listByZone(zone!.id)).filter((r) => r.type === 'NS' && r.name === zone!.name);
      assert.deepEqual(apexNs.map((r) => r.content).sort(), [...ours].sort());
    });

    it('moving a domain onto our nameservers makes its zone', async () => {
      await registerOk(a, 'vieraalla.com', { ns1: 'ns1.muualla.com', ns2: 'ns2.muualla.com' });
      assert.equal(await ctx().store.zones.findByName('vieraalla.com'), undefined);
      const res = await change(a, 'vieraalla.com', { ns1: ctx().settings.nameservers[0], ns2: ctx().settings.nameservers[1] });
      assert.equal(res.status, 201);
      assert.ok(await ctx().store.zones.findByName('vieraalla.com'));
    });

    it('requires ns1 and ns2, checks 5-100 characters and host names, and changes nothing on error', async () => {
      await registerOk(a, 'pysyva.com', { ns1: 'ns1.pysyva.net', ns2: 'ns2.pysyva.net' });
      const missing = await change(a, 'pysyva.com', {});
      assert.equal(missing.status, 422);
      assert.deepEqual(Object.keys(missing.body.errors), ['ns1', 'ns2']);
      const onlyOne = await change(a, 'pysyva.com', { ns1: 'ns1.uusi.net' });
      assert.deepEqual(Object.keys(onlyOne.body.errors), ['ns2']);
      const short = await change(a, 'pysyva.com', { ns1: 'a.bc', ns2: 'ns2.uusi.net', ns3: 'not a host' });
      assert.deepEqual(short.body.errors, { ns1: ['The ns1 must be at least 5 characters'], ns3: ['The ns3 must be a valid host name'] });
      const long = await change(a, 'pysyva.com', { ns1: 'ns1.uusi.net', ns2: `${'n'.repeat(97)}.com` });
      assert.deepEqual(long.body.errors, { ns2: ['The ns2 may not be greater than 100 characters'] });
      assert.deepEqual(JSON.parse((await row('pysyva.com'))!.nameservers), ['ns1.pysyva.net', 'ns2.pysyva.net']);
      const hundred = `${'n'.repeat(60)}.${'m'.repeat(35)}.com`;
      const atBounds = await change(a, 'pysyva.com', { ns1: 'a.bcd', ns2: hundred });
      assert.equal(atBounds.status, 201, JSON.stringify(atBounds.body));
      assert.deepEqual(JSON.parse((await row('pysyva.com'))!.nameservers), ['a.bcd', hundred]);
    });

    it('answers 403 for another partner\'s domain (unchanged), 404 for none, 422 once expired', async () => {
      await registerOk(b, 'toisen.com', { ns1: 'ns1.toisen.net', ns2: 'ns2.toisen.net' });
      const res = await change(a, 'toisen.com', { ns1: 'ns1.kaapattu.com', ns2: 'ns2.kaapattu.com' });
      assert.equal(res.status, 403);
      assert.deepEqual(JSON.parse((await row('toisen.com'))!.nameservers), ['ns1.toisen.net', 'ns2.toisen.net']);
      assert.deepEqual((await ctx().registry.info('toisen.com'))?.nameservers, ['ns1.toisen.net', 'ns2.toisen.net']);
      const none = await change(a, 'olematon.com', { ns1: 'ns1.kaapattu.com', ns2: 'ns2.kaapattu.com' });
      assert.equal(none.status, 404);

      await registerOk(a, 'vanhentuva.com');
      const start = t.clock.now().getTime();
      try {
        t.clock.set(new Date('2027-03-05T12:00:00Z'));
        const expired = await change(a, 'vanhentuva.com', { ns1: 'ns1.uusi.com', ns2: 'ns2.uusi.com' });
        assert.equal(expired.status, 422);
        assert.deepEqual(expired.body, { success: false, message: 'Unable to update resource: Domain already expired' });
      } finally {
        t.clock.set(new Date(start));
      }
    });
  });
});
