import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { PanelClient, partnerPerson } from '../helpers/panel.js';
import { applyPlan, recordsForPlan } from '../../src/core/dns/apply-plan.js';
import { planChange } from '../../src/core/dns/plan-change.js';
import { getManagedZone } from '../../src/core/dns/zone-access.js';
import type { RecordInput } from '../../src/core/dns/record-types.js';

/**
 * The DNS editor over HTTP: a form per type, the core's per-field errors at the fields, edit, delete
 * behind a confirmation, search and paging in the store over a 5,000-record zone, another customer's
 * zone 404, CSRF. What the editor wrote is read back through the client API (one system).
 */
describe('panel DNS editor over HTTP', () => {
  let t: TestServer;
  let seq = 0;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => t.close());

  /** A customer with a domain on our name servers, logged in to the panel. */
  async function customer() {
    const u = await t.user({ postpaid: true });
    const domain = `editori${++seq}.fi`;
    await purchase(t, u.token, domain);
    const b = new PanelClient(t);
    const csrf = await b.login(u.username, u.password);
    return { u, b, csrf, domain, base: `/panel/domains/${domain}/records` };
  }

  /** The zone's records as the client API lists them, and its serial: what "nothing changed" compares. */
  async function apiState(token: string, domain: string) {
    const res = await t.request('GET', `/api/v1/domain/domains/${domain}/records`, { token });
    assert.equal(res.status, 200);
    const zone = await t.server.runtime.ctx.store.zones.findByName(domain);
    return { records: res.body.data as Array<Record<string, unknown>>, serial: zone!.serial };
  }

  const rows = (page: string) => (page.match(/<tr><td>/g) ?? []).length;

  test('each type the client API takes has its own form, chosen by a GET', async () => {
    const { b, base } = await customer();
    const list = await b.get(base);
    assert.equal(list.status, 200);
    assert.match(list.text, new RegExp(`<form method="get" action="${base}/new"`));
    assert.match(list.text, /<option value="SRV">/);
    const mx = await b.get(`${base}/new?type=MX`);
    assert.equal(mx.status, 200);
    for (const name of ['host', 'content', 'ttl', 'pref']) assert.match(mx.text, new RegExp(`<input type="text" id="${name}" name="${name}"`));
    assert.doesNotMatch(mx.text, /name="port"/);
    const srv = await b.get(`${base}/new?type=srv`);
    for (const name of ['service', 'proto', 'priority', 'weight', 'port']) assert.match(srv.text, new RegExp(`id="${name}" name="${name}"`));
    assert.doesNotMatch(srv.text, /name="pref"/);
    assert.match((await b.get(`${base}/new?type=TXT`)).text, /<textarea id="content" name="content"/);
    const none = await b.get(`${base}/new?type=BOGUS`);
    assert.equal(none.status, 200);
    assert.match(none.text, /<select id="type" name="type"/, 'an unknown type shows the chooser');
    assert.doesNotMatch(none.text, /name="host"/);
  });

  test('A, AAAA, CNAME, MX, TXT and SRV are added through the forms and the client API sees them', async () => {
    const { u, b, csrf, base, domain } = await customer();
    const forms: Array<Record<string, string>> = [
      { type: 'A', host: '@', content: '192.0.2.10', ttl: '' },
      { type: 'AAAA', host: 'www', content: '2001:DB8::10', ttl: '300' },
      { type: 'CNAME', host: 'blog', content: 'hosting.example.net', ttl: '' },
      { type: 'MX', host: '@', content: 'mail.example.net', ttl: '', pref: '10' },
      { type: 'TXT', host: '@', content: 'v=spf1 include:_spf.example.net ~all', ttl: '' },
      { type: 'SRV', host: '@', content: 'sip.example.net', ttl: '', service: '_sip', proto: '_tcp', priority: '10', weight: '5', port: '5060' },
    ];
    for (const form of forms) {
      const res = await b.post(`${base}/new`, { csrf, ...form });
      assert.equal(res.status, 303, `${form.type}: ${res.text.slice(0, 800)}`);
      assert.equal(res.headers.get('location'), `${base}?done=added`);
    }
    const after = await b.get(`${base}?done=added`);
    assert.match(after.text, /The record was added\./);
    const { records } = await apiState(u.token, domain);
    const find = (type: string) => records.find((r) => r.type === type)!;
    assert.equal(find('A').content, '192.0.2.10');
    assert.equal(find('A').ttl, 3600, 'an empty TTL is the zone default');
    assert.equal(find('AAAA').content, '2001:db8::10');
    assert.equal(find('AAAA').host, `www.${domain}`);
    assert.equal(find('AAAA').ttl, 300);
    assert.equal(find('CNAME').content, 'hosting.example.net');
    assert.equal(find('MX').pref, '10');
    assert.equal(find('TXT').content, 'v=spf1 include:_spf.example.net ~all');
    assert.deepEqual([find('SRV').service, find('SRV').proto, find('SRV').priority, find('SRV').weight, find('SRV').port], ['_sip', '_tcp', '10', '5', '5060']);
    for (const type of ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV']) assert.match(after.text, new RegExp(`<td>${type}</td>`));
  });

  test('CAA, which the client API does not take, is refused at the type chooser with the core words', async () => {
    const { u, b, csrf, base, domain } = await customer();
    const before = await apiState(u.token, domain);
    const res = await b.post(`${base}/new`, { csrf, type: 'CAA', host: '@', content: '0 issue "letsencrypt.org"', ttl: '' });
    assert.equal(res.status, 400);
    assert.match(res.text, /<p class="message" id="type-error">The selected type is invalid \(allowed: A, AAAA, CNAME, MX, MXE, NS, SRV, TXT, URL, URLFRAME, FORWARD\)<\/p>/);
    assert.match(res.text, /href="#type"/);
    assert.deepEqual(await apiState(u.token, domain), before);
  });

  test("a bad record shows the core's message next to each field and changes nothing", async () => {
    const { u, b, csrf, base, domain } = await customer();
    const before = await apiState(u.token, domain);
    const bad = await b.post(`${base}/new`, { csrf, type: 'MX', host: 'bad..name', content: '192.0.2.1', ttl: '5', pref: 'x' });
    assert.equal(bad.status, 400);
    for (const [field, message] of [
      ['host', `The host must be @, a name relative to the zone (www) or a full name inside ${domain}`],
      ['content', 'The content must be a host name'],
      ['ttl', 'The ttl must be an integer from 60 to 86400'],
      ['pref', 'The pref must be an integer from 0 to 65535'],
    ]) {
      assert.match(bad.text, new RegExp(`<p class="message" id="${field}-error">${message!.replace(/[().]/g, '\\$&')}</p>`), field);
      assert.match(bad.text, new RegExp(`<li><a href="#${field}">`), `${field} in the summary`);
      assert.match(bad.text, new RegExp(`id="${field}" name="${field}" aria-describedby="[^"]*${field}-error" aria-invalid="true"`));
    }
    assert.match(bad.text, /value="bad\.\.name"/, 'what was typed is shown again');
    const missing = await b.post(`${base}/new`, { csrf, type: 'SRV', host: '@', content: 'sip.example.net', ttl: '' });
    assert.equal(missing.status, 400);
    for (const field of ['service', 'proto', 'priority', 'weight', 'port']) assert.match(missing.text, new RegExp(`id="${field}-error">The ${field} is required<`));
    const fi = new PanelClient(t, 'fi');
    fi.cookies.set('hp_session', b.cookies.get('hp_session')!);
    const finnish = await fi.post(`${base}/new`, { csrf, type: 'A', host: '@', content: 'not an address', ttl: '' });
    assert.match(finnish.text, /id="content-error">Sisällön on oltava IPv4-osoite</);
    assert.deepEqual(await apiState(u.token, domain), before, 'nothing written, the serial unchanged');
  });

  test('a record is edited, and deleted after a confirmation page', async () => {
    const { u, b, csrf, base, domain } = await customer();
    assert.equal((await b.post(`${base}/new`, { csrf, type: 'MX', host: '@', content: 'mx1.example.net', ttl: '', pref: '10' })).status, 303);
    const id = (await apiState(u.token, domain)).records.find((r) => r.type === 'MX')!.id as number;
    const list = await b.get(base);
    assert.match(list.text, new RegExp(`href="${base}/${id}/edit"`));
    const form = await b.get(`${base}/${id}/edit`);
    assert.equal(form.status, 200);
    assert.match(form.text, /id="content" name="content"[^>]*value="mx1\.example\.net"/);
    assert.match(form.text, /id="pref" name="pref"[^>]*value="10"/);
    const bad = await b.post(`${base}/${id}/edit`, { csrf, type: 'MX', host: '@', content: 'mx2.example.net', ttl: '3600', pref: '70000' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /id="pref-error">The pref must be an integer from 0 to 65535</);
    const saved = await b.post(`${base}/${id}/edit`, { csrf, type: 'MX', host: '@', content: 'mx2.example.net', ttl: '600', pref: '20' });
    assert.equal(saved.status, 303, saved.text.slice(0, 500));
    assert.equal(saved.headers.get('location'), `${base}?done=updated`);
    const mx = (await apiState(u.token, domain)).records.find((r) => r.id === id)!;
    assert.deepEqual([mx.content, mx.pref, mx.ttl], ['mx2.example.net', '20', 600]);

    const confirm = await b.get(`${base}/${id}/delete`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /mx2\.example\.net/);
    assert.match(confirm.text, new RegExp(`<form method="post" action="${base}/${id}/delete">`));
    assert.ok((await apiState(u.token, domain)).records.some((r) => r.id === id), 'the GET deleted nothing');
    const gone = await b.post(`${base}/${id}/delete`, { csrf });
    assert.equal(gone.status, 303);
    assert.equal(gone.headers.get('location'), `${base}?done=deleted`);
    assert.ok(!(await apiState(u.token, domain)).records.some((r) => r.id === id));
    assert.equal((await b.get(`${base}/${id}/edit`)).status, 404, 'a deleted record is not found');
    assert.equal((await b.post(`${base}/${id}/delete`, { csrf })).status, 404);

    // The zone's own NS records: the core refuses to delete them, and the page says why.
    const ns = (await apiState(u.token, domain)).records.find((r) => r.type === 'NS')!;
    const refused = await b.post(`${base}/${ns.id}/delete`, { csrf });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /The zone&#39;s own NS records are the domain&#39;s name servers/);
  });

  test('a 5,000-record zone is searched and paged in well under a second a page', async () => {
    const { u, b, base, domain } = await customer();
    // One core change of 5,000 adds (planChange checks them, applyPlan writes them in one transaction):
    // the same commands createRecord runs, a record at a time, in a fraction of the time.
    const ctx = t.server.runtime.ctx;
    const started = Date.now();
    const adds: RecordInput[] = Array.from({ length: 5000 }, (_, i) =>
      i % 10 === 0 ? { host: `h${i}`, type: 'TXT', content: `note-${i}` } : { host: `h${i}`, type: 'A', content: `198.51.${i >> 8}.${i & 255}` });
    await ctx.store.transaction(async (tx) => {
      const { zone } = await getManagedZone(tx, ctx, u.id, domain);
      const change = { adds };
      await applyPlan(tx, ctx, planChange(zone, await recordsForPlan(tx, zone, change), change));
    });
    console.log(`# 5,000 records made through the core in ${Date.now() - started} ms`);
    const total = (await apiState(u.token, domain)).records.length;
    const ns = total - 5000;
    assert.ok(ns >= 2, 'and the apex NS records');
    const timed = async (path: string) => {
      const start = performance.now();
      const res = await b.get(path);
      const ms = performance.now() - start;
      assert.equal(res.status, 200);
      assert.ok(ms < 500, `${path}: ${ms.toFixed(0)} ms`);
      return res;
    };
    const first = await timed(base);
    assert.match(first.text, new RegExp(`<p role="status">${total} records</p>`));
    assert.match(first.text, new RegExp(`Page 1 of ${Math.ceil(total / 50)}`));
    assert.equal(rows(first.text), 50);
    const last = await timed(`${base}?page=${Math.ceil(total / 50)}`);
    assert.equal(rows(last.text), total % 50 || 50);
    assert.match(last.text, /h4999\./);
    const middle = await timed(`${base}?page=60`);
    assert.match(middle.text, /rel="prev"/);
    assert.match(middle.text, /rel="next"/);

    const byName = await timed(`${base}?q=H4321`);
    assert.match(byName.text, /1 records/);
    assert.match(byName.text, new RegExp(`<td>h4321\\.${domain.replace('.', '\\.')}</td>`));
    const byContent = await timed(`${base}?q=198.51.3.`);
    assert.match(byContent.text, /(\d+) records/);
    assert.ok(/<td>198\.51\.3\.\d+<\/td>/.test(byContent.text));
    const byType = await timed(`${base}?q=txt&page=2`);
    assert.match(byType.text, /500 records/);
    assert.match(byType.text, /Page 2 of 10/);
    assert.equal((byType.text.match(/<td>TXT<\/td>/g) ?? []).length, 50);
    const literal = await timed(`${base}?q=%25`);
    assert.match(literal.text, /No record matches “%”/, 'a % is searched for as itself');
  });

  test("another customer's zone, its records and forms are 404; nothing changes", async () => {
    const owner = await customer();
    assert.equal((await owner.b.post(`${owner.base}/new`, { csrf: owner.csrf, type: 'A', host: 'x', content: '192.0.2.7', ttl: '' })).status, 303);
    const before = await apiState(owner.u.token, owner.domain);
    const id = before.records.find((r) => r.type === 'A')!.id as number;
    const other = await customer();
    const b = other.b;
    const base = owner.base;
    for (const path of [base, `${base}/new`, `${base}/new?type=A`, `${base}/${id}/edit`, `${base}/${id}/delete`]) {
      assert.equal((await b.get(path)).status, 404, path);
    }
    assert.equal((await b.post(`${base}/new`, { csrf: other.csrf, type: 'A', host: 'y', content: '192.0.2.8', ttl: '' })).status, 404);
    assert.equal((await b.post(`${base}/${id}/edit`, { csrf: other.csrf, type: 'A', host: 'x', content: '192.0.2.9', ttl: '' })).status, 404);
    assert.equal((await b.post(`${base}/${id}/delete`, { csrf: other.csrf })).status, 404);
    // Their own zone's path with the other's record id: not found either.
    assert.equal((await b.get(`${other.base}/${id}/edit`)).status, 404);
    assert.equal((await b.post(`${other.base}/${id}/delete`, { csrf: other.csrf })).status, 404);
    assert.equal((await b.get(`${other.base}/abc/edit`)).status, 404);
    assert.deepEqual(await apiState(owner.u.token, owner.domain), before);
    // A partner's person has no customer pages.
    const p = await t.partner();
    const person = await partnerPerson(t, p.id, `editor-${p.id}@partner.example`);
    const pb = new PanelClient(t);
    await pb.login(person.email, person.password);
    assert.equal((await pb.get(base)).status, 404);
  });

  test('CSRF: a form without the token is 403 and changes nothing; logged out is sent to the login page', async () => {
    const { u, b, csrf, base, domain } = await customer();
    assert.equal((await b.post(`${base}/new`, { csrf, type: 'A', host: 'keep', content: '192.0.2.1', ttl: '' })).status, 303);
    const before = await apiState(u.token, domain);
    const id = before.records.find((r) => r.type === 'A')!.id as number;
    const add = await b.post(`${base}/new`, { type: 'A', host: 'new', content: '192.0.2.2', ttl: '' });
    assert.equal(add.status, 403);
    assert.equal((await b.post(`${base}/${id}/edit`, { type: 'A', host: 'keep', content: '192.0.2.3', ttl: '' })).status, 403);
    assert.equal((await b.post(`${base}/${id}/delete`, {})).status, 403);
    assert.equal((await b.post(`${base}/${id}/delete`, { csrf }, { origin: 'https://evil.example' })).status, 403);
    assert.deepEqual(await apiState(u.token, domain), before);
    const anonymous = await new PanelClient(t).get(base);
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get('location'), '/panel/login');
  });
});
