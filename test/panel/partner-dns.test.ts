import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { PanelClient, partnerPerson } from '../helpers/panel.js';
import { dig, requireDnsClients, type DigResult } from '../servers/dns/helpers.js';
import { applyPlan, recordsForPlan } from '../../src/core/dns/apply-plan.js';
import { planChange } from '../../src/core/dns/plan-change.js';
import { getPartnerZone } from '../../src/core/partners/records/get-partner-zone.js';
import { PARTNER_RECORD_TYPES } from '../../src/core/partners/records/partner-record-types.js';
import type { RecordInput } from '../../src/core/dns/record-types.js';

type Partner = Awaited<ReturnType<TestServer['partner']>>;

/**
 * A partner's person in the panel: its client's page lists that client's domains (paged in the store),
 * a domain's page, and the DNS editor through the partner API's core commands, in the partner API's
 * fields and words. What the editor wrote is read back through the partner API with the partner's key
 * and asked of the server's own DNS with dig; another partner's client and domain are 404 everywhere.
 */
describe('panel: a partner\'s clients, domains and DNS editor', () => {
  let t: TestServer;
  let port: number;
  let p: Partner;
  let other: Partner;
  let b: PanelClient;
  let csrf: string;
  let seq = 0;

  before(async () => {
    requireDnsClients();
    t = await startTestServer({ env: { DNS_PORT: '0' } });
    port = t.server.dns!.port;
    [p, other] = [await t.partner(), await t.partner()];
    const person = await partnerPerson(t, p.id, `dns-${p.id}@partner.example`);
    b = new PanelClient(t);
    csrf = await b.login(person.email, person.password);
  });
  after(async () => t?.close());

  /** A client of `partner` (postpaid: a purchase is active with its zone at once) with `count` domains. */
  async function client(partner: Partner, count = 1): Promise<{ id: number; token: string; domains: string[] }> {
    const c = await t.user({ partnerId: partner.id, clientType: 'Managed Client', postpaid: true });
    const domains: string[] = [];
    for (let i = 0; i < count; i++) {
      const fqdn = `kumppani${++seq}-${partner.id}.fi`;
      await purchase(t, c.token, fqdn);
      domains.push(fqdn);
    }
    return { id: c.id, token: c.token, domains };
  }

  /** The zone as the partner API shows it to `key`: the records by type and the SOA's data (its serial). */
  async function apiZone(domain: string, key = p.apiKey) {
    const res = await t.request('GET', `/domains/${domain}/records`, { token: key });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const records = res.body.Result.Records as Record<string, Array<{ Id: number; RecordName: string; RecordData: string; Priority: number; TTL: number }>>;
    return { records, soa: records.SOA![0]!.RecordData };
  }

  /** Asks dig until an answer matches `want` (the zone is published by the outbox just after the commit). */
  async function digUntil(name: string, type: string, want: (r: DigResult) => boolean): Promise<DigResult> {
    let last: DigResult | undefined;
    for (let i = 0; i < 50; i++) {
      last = await dig(port, name, type);
      if (want(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`${name} ${type}: ${last?.raw}`);
  }
  const answers = (r: DigResult) => r.answer.map((f) => [f[0], ...f.slice(3)].join(' '));

  test("a client's page shows its details and its domains, not another client's; the start page links to it", async () => {
    const mine = await client(p, 2);
    const sibling = await client(p);
    const start = await b.get('/panel');
    assert.match(start.text, new RegExp(`<a href="/panel/clients/${mine.id}">`));
    const page = await b.get(`/panel/clients/${mine.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Managed Client/);
    assert.match(page.text, new RegExp(`<h1>Client ${mine.id}</h1>`), 'a client without a name on file is called by its number');
    assert.match(page.text, /2 domains/);
    for (const d of mine.domains) assert.match(page.text, new RegExp(`<a href="/panel/partner/domains/${d}">${d}</a>`));
    assert.doesNotMatch(page.text, new RegExp(sibling.domains[0]!));

    const domain = await b.get(`/panel/partner/domains/${mine.domains[0]}`);
    assert.equal(domain.status, 200);
    assert.match(domain.text, /Active/);
    assert.match(domain.text, /<li>ns1\.hostplane\.test<\/li>/);
    assert.match(domain.text, /2027-03-01/, 'the expiry');
    assert.match(domain.text, new RegExp(`href="/panel/partner/domains/${mine.domains[0]}/records"`));
    assert.match(domain.text, new RegExp(`href="/panel/clients/${mine.id}"`));
  });

  test("a client's domains are paged in the store", async () => {
    const many = await client(p, 27);
    const first = await b.get(`/panel/clients/${many.id}`);
    assert.match(first.text, /27 domains/);
    assert.match(first.text, /Page 1 of 2/);
    assert.equal((first.text.match(/href="\/panel\/partner\/domains\//g) ?? []).length, 25);
    const second = await b.get(`/panel/clients/${many.id}?page=2`);
    assert.equal((second.text.match(/href="\/panel\/partner\/domains\//g) ?? []).length, 2);
    assert.match(second.text, new RegExp(`>${many.domains[26]}<`));
  });

  test('A and MX records added through the editor are in the partner API and answered by the DNS server', async () => {
    const { domains: [domain] } = await client(p);
    const base = `/panel/partner/domains/${domain}/records`;
    const list = await b.get(base);
    assert.equal(list.status, 200);
    for (const type of ['ANAME', 'CAA', 'DS', 'LUA']) assert.match(list.text, new RegExp(`<option value="${type}">`), `the partner API's ${type}`);
    assert.doesNotMatch(list.text, /<option value="(SOA|URL|MXE)">/);
    const mxForm = await b.get(`${base}/new?type=MX`);
    for (const name of ['record_name', 'record_data', 'priority']) assert.match(mxForm.text, new RegExp(`<input type="text" id="${name}" name="${name}"`));
    assert.doesNotMatch(mxForm.text, /name="ttl"|name="host"|name="content"/, 'the partner API has no TTL; its fields are its own');

    const forms: Array<Record<string, string>> = [
      { type: 'A', record_name: 'www', record_data: '192.0.2.44' },
      { type: 'MX', record_name: '@', record_data: `mail.${domain}`, priority: '10' },
    ];
    for (const form of forms) {
      const res = await b.post(`${base}/new`, { csrf, ...form });
      assert.equal(res.status, 303, `${form.type}: ${res.text.slice(0, 800)}`);
      assert.equal(res.headers.get('location'), `${base}?done=added`);
    }
    const { records } = await apiZone(domain!);
    assert.deepEqual(records.A!.map((r) => [r.RecordName, r.RecordData, r.TTL]), [[`www.${domain}`, '192.0.2.44', 3600]]);
    assert.deepEqual(records.MX!.map((r) => [r.RecordName, r.RecordData, r.Priority]), [[domain, `mail.${domain}`, 10]]);
    assert.equal((await t.request('GET', `/domains/${domain}/records`, { token: other.apiKey })).status, 403, "another partner's key does not read it");

    const a = await digUntil(`www.${domain}`, 'A', (r) => r.answer.length > 0);
    assert.deepEqual(answers(a), [`www.${domain}. A 192.0.2.44`]);
    assert.ok(a.flags.includes('aa'));
    const mx = await digUntil(domain!, 'MX', (r) => r.answer.length > 0);
    assert.deepEqual(answers(mx), [`${domain}. MX 10 mail.${domain}.`]);

    const shown = await b.get(`${base}?done=added`);
    assert.match(shown.text, /The record was added\./);
    assert.match(shown.text, /<td>192\.0\.2\.44<\/td>/);
    assert.match(shown.text, new RegExp(`<td>mail\\.${domain!.replace('.', '\\.')}<br><small>Priority 10</small></td>`));
    assert.match((await b.get(`${base}?q=mx`)).text, /<p role="status">1 records<\/p>/, 'searched in the store by type');
  });

  test("an invalid record shows the partner core's message at its field and changes nothing", async () => {
    const { domains: [domain] } = await client(p);
    const base = `/panel/partner/domains/${domain}/records`;
    const before = await apiZone(domain!);
    const bad = await b.post(`${base}/new`, { csrf, type: 'A', record_name: 'www', record_data: 'not an address' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /<p class="message" id="record_data-error">The record_data must be an IPv4 address<\/p>/);
    assert.match(bad.text, /<li><a href="#record_data">/);
    assert.match(bad.text, /id="record_data" name="record_data" aria-describedby="[^"]*record_data-error" aria-invalid="true"/);
    assert.match(bad.text, /value="not an address"/, 'what was typed is shown again');

    const mx = await b.post(`${base}/new`, { csrf, type: 'MX', record_name: 'bad..name', record_data: 'mail.example.net', priority: 'x' });
    assert.equal(mx.status, 400);
    assert.match(mx.text, /id="priority-error">The priority must be an integer</);
    assert.match(mx.text, /id="record_name-error">The record_name must be @/);
    // The document's limits hold in the panel as in the API (priority 1-1000, record_name up to 100).
    for (const [priority, message] of [['0', 'The priority must be at least 1'], ['5000', 'The priority may not be greater than 1000']] as const) {
      const out = await b.post(`${base}/new`, { csrf, type: 'MX', record_name: '@', record_data: 'mail.example.net', priority });
      assert.equal(out.status, 400, priority);
      assert.match(out.text, new RegExp(`id="priority-error">${message}<`));
    }
    const long = await b.post(`${base}/new`, { csrf, type: 'A', record_name: 'a'.repeat(101), record_data: '192.0.2.1', priority: '1' });
    assert.equal(long.status, 400);
    assert.match(long.text, /id="record_name-error">The record_name may not be greater than 100 characters</);
    const srv = await b.post(`${base}/new`, { csrf, type: 'SRV', record_name: '_sip._tcp', record_data: '10 sip.example.net', priority: '5' });
    assert.equal(srv.status, 400);
    assert.match(srv.text, /id="record_data-error">The record_data of an SRV record must be: weight port target/);
    const soa = await b.post(`${base}/new`, { csrf, type: 'SOA', record_name: '@', record_data: 'x' });
    assert.equal(soa.status, 400);
    assert.match(soa.text, /id="type-error">Every zone has exactly one SOA record/);
    const unknown = await b.post(`${base}/new`, { csrf, type: 'URL', record_name: '@', record_data: 'https://example.net' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /id="type-error">The selected record_type_name is invalid/);
    const fi = new PanelClient(t, 'fi');
    fi.cookies.set('hp_session', b.cookies.get('hp_session')!);
    const finnish = await fi.post(`${base}/new`, { csrf, type: 'A', record_name: 'www', record_data: 'not an address' });
    assert.match(finnish.text, /id="record_data-error">Kentän record_data on oltava IPv4-osoite</);
    assert.match(finnish.text, /<label for="record_data">IPv4-osoite<\/label>/);
    assert.deepEqual(await apiZone(domain!), before, 'nothing written, the serial unchanged');
  });

  test('a record is edited in the partner fields, and deleted after a confirmation; the zone NS stays', async () => {
    const { token, domains: [domain] } = await client(p);
    const base = `/panel/partner/domains/${domain}/records`;
    assert.equal((await b.post(`${base}/new`, { csrf, type: 'SRV', record_name: '_sip._tcp', record_data: '5 5060 sip.example.net', priority: '10' })).status, 303);
    assert.equal((await b.post(`${base}/new`, { csrf, type: 'A', record_name: 'gone', record_data: '192.0.2.50' })).status, 303);
    const srvId = (await apiZone(domain!)).records.SRV![0]!.Id;
    const form = await b.get(`${base}/${srvId}/edit`);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`id="record_name" name="record_name"[^>]*value="_sip\\._tcp\\.${domain!.replace('.', '\\.')}"`));
    assert.match(form.text, /id="record_data" name="record_data"[^>]*value="5 5060 sip\.example\.net"/);
    assert.match(form.text, /id="priority" name="priority"[^>]*value="10"/);
    const bad = await b.post(`${base}/${srvId}/edit`, { csrf, type: 'SRV', record_name: '_sip._tcp', record_data: '5 99999 sip.example.net', priority: '10' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /id="record_data-error">The port must be an integer from 0 to 65535</);
    const saved = await b.post(`${base}/${srvId}/edit`, { csrf, type: 'SRV', record_name: '_sip._tcp', record_data: '7 5061 sip2.example.net', priority: '20' });
    assert.equal(saved.status, 303, saved.text.slice(0, 500));
    assert.equal(saved.headers.get('location'), `${base}?done=updated`);
    const srv = (await apiZone(domain!)).records.SRV!;
    assert.deepEqual(srv.map((r) => [r.Id, r.RecordName, r.RecordData, r.Priority]), [[srvId, `_sip._tcp.${domain}`, '7 5061 sip2.example.net', 20]]);
    const srvDns = await digUntil(`_sip._tcp.${domain}`, 'SRV', (r) => answers(r).some((a) => a.includes('5061')));
    assert.deepEqual(answers(srvDns), [`_sip._tcp.${domain}. SRV 20 7 5061 sip2.example.net.`]);

    await digUntil(`gone.${domain}`, 'A', (r) => r.answer.length > 0);
    const aId = (await apiZone(domain!)).records.A![0]!.Id;
    const confirm = await b.get(`${base}/${aId}/delete`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /192\.0\.2\.50/);
    assert.ok((await apiZone(domain!)).records.A!.length === 1, 'the GET deleted nothing');
    const gone = await b.post(`${base}/${aId}/delete`, { csrf });
    assert.equal(gone.status, 303);
    assert.equal(gone.headers.get('location'), `${base}?done=deleted`);
    assert.deepEqual((await apiZone(domain!)).records.A, []);
    const nx = await digUntil(`gone.${domain}`, 'A', (r) => r.status === 'NXDOMAIN');
    assert.deepEqual(nx.answer, []);
    assert.equal((await b.get(`${base}/${aId}/edit`)).status, 404, 'a deleted record is not found');
    assert.equal((await b.post(`${base}/${aId}/delete`, { csrf })).status, 404);

    // A record of a type only the client API takes (set by the client itself): the partner API's core
    // refuses to update it, and the form says so where its summary points.
    const mxe = await t.request('POST', `/api/v1/domain/domains/${domain}/records`, { token, body: { host: 'shop', type: 'MXE', content: '198.51.100.7', pref: 5 } });
    assert.equal(mxe.status, 201, JSON.stringify(mxe.body));
    const mxeId = mxe.body.data.id as number;
    const beforeMxe = await apiZone(domain!);
    const mxeForm = await b.get(`${base}/${mxeId}/edit`);
    assert.equal(mxeForm.status, 200);
    const refusedType = await b.post(`${base}/${mxeId}/edit`, { csrf, type: 'MXE', record_name: 'shop', record_data: '198.51.100.8' });
    assert.equal(refusedType.status, 400);
    assert.match(refusedType.text, /<p class="message" id="type" tabindex="-1">The selected record_type_name is invalid/);
    assert.match(refusedType.text, /<li><a href="#type">/);
    assert.deepEqual(await apiZone(domain!), beforeMxe);

    const ns = (await apiZone(domain!)).records.NS![0]!;
    const refused = await b.post(`${base}/${ns.Id}/delete`, { csrf });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /NS records/);
    assert.equal((await apiZone(domain!)).records.NS!.length, 3);
  });

  test('records are paged and searched in the store', async () => {
    const { domains: [domain] } = await client(p);
    const ctx = t.server.runtime.ctx;
    const partner = (await ctx.store.partners.findById(p.id))!;
    const adds: RecordInput[] = Array.from({ length: 120 }, (_, i) => ({ host: `h${i}`, type: 'A', content: `198.51.100.${i}` }));
    await ctx.store.transaction(async (tx) => {
      const { zone } = await getPartnerZone(tx, ctx, partner, domain!);
      const change = { adds };
      await applyPlan(tx, ctx, planChange(zone, await recordsForPlan(tx, zone, change, PARTNER_RECORD_TYPES), change, PARTNER_RECORD_TYPES));
    });
    const base = `/panel/partner/domains/${domain}/records`;
    const first = await b.get(base);
    assert.match(first.text, /<p role="status">123 records<\/p>/, 'and the three apex NS');
    assert.match(first.text, /Page 1 of 3/);
    assert.equal((first.text.match(/<tr><td>/g) ?? []).length, 50);
    const last = await b.get(`${base}?page=3`);
    assert.equal((last.text.match(/<tr><td>/g) ?? []).length, 23);
    const found = await b.get(`${base}?q=H117`);
    assert.match(found.text, /1 records/);
    assert.match(found.text, /198\.51\.100\.117/);
  });

  test("another partner's client, domain, records and forms are 404, and nothing changes", async () => {
    const theirs = await client(other);
    const domain = theirs.domains[0]!;
    const added = await t.request('POST', `/domains/${domain}/record`, {
      token: other.apiKey, body: { record_type_name: 'A', record_name: 'x', record_data: '192.0.2.7', priority: 1 },
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const id = added.body.data.record_id as number;
    const before = await apiZone(domain, other.apiKey);
    const base = `/panel/partner/domains/${domain}/records`;
    for (const path of [`/panel/clients/${theirs.id}`, `/panel/partner/domains/${domain}`, base, `${base}/new`, `${base}/new?type=A`, `${base}/${id}/edit`, `${base}/${id}/delete`]) {
      assert.equal((await b.get(path)).status, 404, path);
    }
    assert.equal((await b.post(`${base}/new`, { csrf, type: 'A', record_name: 'y', record_data: '192.0.2.8' })).status, 404);
    assert.equal((await b.post(`${base}/${id}/edit`, { csrf, type: 'A', record_name: 'x', record_data: '192.0.2.9' })).status, 404);
    assert.equal((await b.post(`${base}/${id}/delete`, { csrf })).status, 404);
    // Their record's id under our own domain's path: not found either.
    const { domains: [mine] } = await client(p);
    assert.equal((await b.get(`/panel/partner/domains/${mine}/records/${id}/edit`)).status, 404);
    assert.equal((await b.post(`/panel/partner/domains/${mine}/records/${id}/delete`, { csrf })).status, 404);
    assert.deepEqual(await apiZone(domain, other.apiKey), before);
    assert.equal((await b.get('/panel/clients/999999')).status, 404);
    assert.equal((await b.get('/panel/clients/abc')).status, 404);

    // A customer has no partner pages, even for its own domain; nobody logged in goes to the login page.
    const u = await t.user({ postpaid: true });
    await purchase(t, u.token, `asiakas${++seq}.fi`);
    const cb = new PanelClient(t);
    await cb.login(u.username, u.password);
    assert.equal((await cb.get(`/panel/partner/domains/asiakas${seq}.fi/records`)).status, 404);
    assert.equal((await cb.get(`/panel/clients/${u.id}`)).status, 404);
    const anonymous = await new PanelClient(t).get(base);
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get('location'), '/panel/login');
  });
});
