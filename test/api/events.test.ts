import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRuntime, startTestServer, type TestServer } from '../helpers/server.js';
import { identifyPrimaryContact, purchase, REGISTRANT } from '../helpers/fixtures.js';
import { PanelClient, partnerPerson } from '../helpers/panel.js';
import type { Ctx } from '../../src/core/context.js';
import type { Store } from '../../src/ports/store.js';
import { markInvoicePaid } from '../../src/core/billing/mark-invoice-paid.js';
import { createContact } from '../../src/core/contacts/create-contact.js';
import { createUser } from '../../src/core/accounts/create-user.js';
import { buildApp } from '../../src/api/app.js';

type Event = {
  id: number | string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
  actor: { kind: string; id: string | null };
  request_id: string | null;
  address: string | null;
  created_at: string;
  client_id?: string;
};

/**
 * The event log through both APIs: what a customer's requests and the system's jobs record, with
 * actor, request id and address; whose events each reader sees; filters, paging and refusals in each
 * dialect; and that an event lives and dies with its change's transaction.
 */
describe('event log', () => {
  let t: TestServer;
  let ctx: Ctx;
  let seq = 0;

  const clientEvents = async (token: string, query = '') => {
    const res = await t.request('GET', `/api/v1/events${query}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { message: string; data: Event[]; meta: { limit: number; offset: number; count: number; total: number } };
  };
  const partnerEvents = async (key: string, query = '') => {
    const res = await t.request('GET', `/events${query}`, { token: key });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { success: true; data: Event[]; meta: { current_page: number; per_page: number; last_page: number; total: number } };
  };
  const ofType = (events: Event[], type: string) => events.filter((e) => e.type === type);

  before(async () => {
    t = await startTestServer();
    ctx = t.server.runtime.ctx;
  });
  after(() => t.close());

  it('a purchase, a record change and a failed login show up for the customer with actor, request id and address', async () => {
    const u = await t.user({ postpaid: true });
    const fqdn = `tapahtuma${++seq}.fi`;
    const bought = await purchase(t, u.token, fqdn);
    const purchaseId = bought.headers.get('x-request-id');
    assert.match(purchaseId ?? '', /^[0-9a-f-]{36}$/, 'every answer names its request');

    const added = await t.request('POST', `/api/v1/domain/domains/${fqdn}/records`, {
      token: u.token, body: { host: 'www', type: 'A', content: '192.0.2.10' },
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const recordId = added.headers.get('x-request-id');

    const refused = await t.request('POST', '/api/v1/auth', { body: { username: u.username, password: 'not the password' } });
    assert.equal(refused.status, 422);
    const loginId = refused.headers.get('x-request-id');

    const { data } = await clientEvents(u.token);
    const ordered = ofType(data, 'domain.ordered');
    assert.equal(ordered.length, 1, JSON.stringify(data));
    assert.equal(ordered[0]!.subject, fqdn);
    assert.deepEqual(ordered[0]!.actor, { kind: 'customer', id: String(u.id) });
    assert.equal(ordered[0]!.request_id, purchaseId);
    assert.equal(ordered[0]!.address, '127.0.0.1');
    assert.equal(ordered[0]!.data.kind, 'register');

    const invoice = ofType(data, 'invoice.created')[0]!;
    assert.equal(invoice.request_id, purchaseId, 'the invoice was written by the purchase');

    // Carried out by the outbox after the purchase's commit: the system's act, not the customer's.
    const registered = ofType(data, 'domain.registered')[0]!;
    assert.equal(registered.subject, fqdn);
    assert.deepEqual(registered.actor, { kind: 'system', id: 'job:order.fulfil' });
    assert.equal(registered.request_id, null);

    const created = ofType(data, 'dns.record_created').filter((e) => e.data.name === `www.${fqdn}`);
    assert.equal(created.length, 1, JSON.stringify(ofType(data, 'dns.record_created')));
    assert.deepEqual(created[0]!.actor, { kind: 'customer', id: String(u.id) });
    assert.equal(created[0]!.request_id, recordId);
    assert.equal(created[0]!.subject, fqdn);
    assert.equal(created[0]!.data.content, '192.0.2.10');

    const failed = ofType(data, 'auth.login_failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.subject, u.username);
    assert.deepEqual(failed[0]!.actor, { kind: 'customer', id: null }, 'nobody is logged in on a login');
    assert.equal(failed[0]!.request_id, loginId);
    assert.equal(failed[0]!.address, '127.0.0.1');
    assert.equal(failed[0]!.data.reason, 'wrong_password');

    // Newest first: the failed login was the last thing that happened.
    assert.equal(data[0]!.type, 'auth.login_failed');
  });

  it('a failed login in the panel is the account\'s event too', async () => {
    const u = await t.user();
    const b = new PanelClient(t);
    const form = await b.get('/panel/login');
    const res = await b.post('/panel/login', { csrf: PanelClient.csrfOf(form.text), username: u.username, password: 'wrong wrong wrong' });
    assert.equal(res.status, 401);
    const failed = ofType((await clientEvents(u.token)).data, 'auth.login_failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.request_id, res.headers.get('x-request-id'));
    assert.equal(failed[0]!.address, '127.0.0.1');
  });

  it('a customer sees only its own events; a partner its own and its clients\', never another partner\'s', async () => {
    const a = await t.user({ postpaid: true });
    const b = await t.user({ postpaid: true });
    const p = await t.partner();
    const q = await t.partner();
    const client = await t.user({ partnerId: p.id, clientType: 'Managed Client', postpaid: true });
    const mine = `oma${++seq}.fi`;
    const theirs = `toisen${++seq}.fi`;
    const clients = `asiakkaan${++seq}.fi`;
    await purchase(t, a.token, mine);
    await purchase(t, b.token, theirs);
    await purchase(t, client.token, clients);
    await t.request('POST', '/api/v1/auth', { body: { username: `ei-ketaan-${seq}`, password: 'x' } });

    const subjects = async (token: string) => new Set((await clientEvents(token)).data.map((e) => e.subject));
    assert.ok((await subjects(a.token)).has(mine));
    assert.ok(!(await subjects(a.token)).has(theirs));
    assert.ok(!(await subjects(a.token)).has(clients));
    assert.ok((await subjects(b.token)).has(theirs));
    assert.ok(!(await subjects(b.token)).has(mine));

    // The partner changes its client's zone through the partner API: its key is the actor.
    const added = await t.request('POST', `/domains/${clients}/record`, {
      token: p.apiKey, body: { record_type_name: 'TXT', record_name: '@', record_data: 'hello', priority: 1 },
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));

    const seen = (await partnerEvents(p.apiKey, '?per_page=100')).data;
    assert.ok(seen.every((e) => typeof e.id === 'string' && typeof e.client_id === 'string'));
    const ordered = ofType(seen, 'domain.ordered').find((e) => e.subject === clients);
    assert.ok(ordered, 'the client\'s purchase');
    assert.equal(ordered.client_id, String(client.id));
    const change = ofType(seen, 'dns.record_created').find((e) => e.subject === clients && e.data.type === 'TXT');
    assert.ok(change, JSON.stringify(seen));
    assert.deepEqual(change.actor, { kind: 'partner', id: p.apiKey.split('_').slice(0, 2).join('_') });
    assert.equal(change.request_id, added.headers.get('x-request-id'));
    const key = ofType(seen, 'api_key.created');
    assert.equal(key.length, 1, 'the key made with the partner');
    assert.equal(key[0]!.client_id, '0');
    assert.ok(!seen.some((e) => e.subject === mine || e.subject === theirs), 'no direct customer\'s events');
    assert.ok(!seen.some((e) => e.type === 'auth.login_failed'), 'a name that is no account is the operator\'s');

    const other = (await partnerEvents(q.apiKey, '?per_page=100')).data;
    assert.ok(!other.some((e) => e.subject === clients), 'another partner sees none of them');
    assert.equal(ofType(other, 'api_key.created').length, 1, 'only its own key');
    // The client logs in to the client API too, and sees the same events as its own.
    assert.ok((await subjects(client.token)).has(clients));
  });

  it('filters by type and time, and pages as each dialect pages', async () => {
    const p = await t.partner();
    const u = await t.user({ partnerId: p.id, clientType: 'Managed Client', postpaid: true });
    const first = `sivu${++seq}.fi`;
    await purchase(t, u.token, first);
    const start = ctx.clock.now().toISOString();
    t.clock.advance(3_600_000);
    const later = new Date(ctx.clock.now().getTime()).toISOString();
    const second = `sivu${++seq}.fi`;
    await purchase(t, u.token, second);
    for (let i = 0; i < 3; i++) {
      const res = await t.request('POST', `/api/v1/domain/domains/${second}/records`, { token: u.token, body: { host: `h${i}`, type: 'A', content: `192.0.2.${i + 1}` } });
      assert.equal(res.status, 201);
    }

    const all = await clientEvents(u.token);
    assert.equal(all.meta.total, all.data.length);
    const orders = await clientEvents(u.token, '?type=domain.ordered');
    assert.deepEqual(orders.data.map((e) => e.subject), [second, first], 'newest first');
    assert.equal(orders.meta.total, 2);

    const since = await clientEvents(u.token, `?type=domain.ordered&since=${encodeURIComponent(later)}`);
    assert.deepEqual(since.data.map((e) => e.subject), [second], 'since is inclusive');
    const until = await clientEvents(u.token, `?type=domain.ordered&until=${encodeURIComponent(later)}`);
    assert.deepEqual(until.data.map((e) => e.subject), [first], 'until is exclusive');
    const day = start.slice(0, 10);
    assert.equal((await clientEvents(u.token, `?type=domain.ordered&since=${day}`)).meta.total, 2, 'a date is its midnight UTC');

    const page1 = await clientEvents(u.token, '?type=dns.record_created&limit=2');
    const page2 = await clientEvents(u.token, '?type=dns.record_created&limit=2&offset=2');
    assert.deepEqual(page1.meta, { limit: 2, offset: 0, count: 2, total: page1.meta.total });
    assert.ok(page1.meta.total >= 3, 'three records and the zone\'s own');
    const ids = [...page1.data, ...page2.data].map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'pages do not overlap');
    assert.ok(ids.every((id, i) => i === 0 || Number(id) < Number(ids[i - 1])), 'in order across pages');

    const p1 = await partnerEvents(p.apiKey, '?type=dns.record_created&per_page=2');
    const p2 = await partnerEvents(p.apiKey, '?type=dns.record_created&per_page=2&page=2');
    assert.equal(p1.meta.current_page, 1);
    assert.equal(p1.meta.per_page, 2);
    assert.equal(p1.meta.total, page1.meta.total, 'the client\'s events are the partner\'s');
    assert.equal(p1.meta.last_page, Math.ceil(p1.meta.total / 2));
    assert.deepEqual([...p1.data, ...p2.data].map((e) => e.id), ids.map(String));
    const none = await partnerEvents(p.apiKey, `?type=domain.ordered&since=${encodeURIComponent(later)}&until=${encodeURIComponent(later.replace(/T.*/, 'T23:59:59Z'))}&page=5`);
    assert.deepEqual(none.data, []);
    assert.equal(none.meta.total, 1);
    assert.equal(none.meta.last_page, 1);
  });

  it('bad filters are refused with each field named, in each dialect\'s envelope', async () => {
    const u = await t.user();
    const p = await t.partner();
    const bad = '?type=domain.exploded&since=yesterday&until=2026-02-30';
    const client = await t.request('GET', `/api/v1/events${bad}`, { token: u.token });
    assert.equal(client.status, 422, JSON.stringify(client.body));
    assert.equal(client.body.error.status, 422);
    assert.deepEqual(Object.keys(client.body.error.context).sort(), ['since', 'type', 'until']);
    const partner = await t.request('GET', `/events${bad}`, { token: p.apiKey });
    assert.equal(partner.status, 422, JSON.stringify(partner.body));
    assert.equal(partner.body.success, false);
    assert.deepEqual(Object.keys(partner.body.errors).sort(), ['since', 'type', 'until']);

    const backwards = await t.request('GET', '/api/v1/events?since=2026-03-02&until=2026-03-01', { token: u.token });
    assert.equal(backwards.status, 422);
    assert.ok(backwards.body.error.context.until);
    const limit = await t.request('GET', '/api/v1/events?limit=0', { token: u.token });
    assert.equal(limit.status, 422);
    assert.ok(limit.body.error.context.limit, JSON.stringify(limit.body));
    const page = await t.request('GET', '/events?page=0&per_page=500', { token: p.apiKey });
    assert.equal(page.status, 422);
    assert.deepEqual(Object.keys(page.body.errors).sort(), ['page', 'per_page']);

    assert.equal((await t.request('GET', '/api/v1/events')).status, 401);
    assert.equal((await t.request('GET', '/events')).status, 401);
  });

  it('an event is written in its change\'s transaction: a change that fails leaves none', async () => {
    // Refused before anything is written.
    const u = await t.user({ postpaid: true });
    const fqdn = `kesken${++seq}.fi`;
    await purchase(t, u.token, fqdn);
    const before = (await clientEvents(u.token)).meta.total;
    const refused = await t.request('POST', `/api/v1/domain/domains/${fqdn}/records`, { token: u.token, body: { host: 'www', type: 'A', content: 'not an address' } });
    assert.equal(refused.status, 422);
    assert.equal((await clientEvents(u.token)).meta.total, before);

    // Paying an invoice writes its event, then queues the order's fulfilment; a store that fails at the
    // queue rolls the payment back, and the event with it.
    const prepaid = await t.user();
    const unpaid = `maksamaton${++seq}.fi`;
    await purchase(t, prepaid.token, unpaid);
    const invoiceId = (await t.request('GET', '/api/v1/invoice/invoices', { token: prepaid.token })).body.data[0].id as number;
    const failingJobs = (tx: Store): Store => new Proxy(tx, {
      get(target, key, receiver) {
        if (key !== 'jobs') return Reflect.get(target, key, receiver);
        return new Proxy(target.jobs, {
          get: (jobs, k, r) => (k === 'enqueue' ? async () => { throw new Error('the disk is full'); } : Reflect.get(jobs, k, r)),
        });
      },
    });
    const store = new Proxy(ctx.store, {
      get: (target, key, receiver) =>
        key === 'transaction'
          ? <T>(fn: (tx: Store) => Promise<T>) => target.transaction((tx) => fn(failingJobs(tx)))
          : Reflect.get(target, key, receiver),
    });
    await assert.rejects(markInvoicePaid({ ...ctx, store }, { invoiceId }), /the disk is full/);
    const invoice = (await t.request('GET', `/api/v1/invoice/invoices/${invoiceId}`, { token: prepaid.token })).body.data;
    assert.equal(invoice.paid, false, 'the payment rolled back');
    assert.equal(ofType((await clientEvents(prepaid.token)).data, 'invoice.paid').length, 0, 'and its event with it');

    // A command joined to a transaction that then rolls back leaves neither the contact nor its event.
    await assert.rejects(ctx.store.transaction(async (tx) => {
      await createContact({ ...ctx, store: tx }, {
        userId: prepaid.id,
        contact: { first_name: 'Peruttu', last_name: 'Yhteystieto', address: 'Katu 1', zip_code: '00100', city: 'Helsinki', country: 'FI', phone: '+358.401234567', email: 'p@example.fi' },
      });
      throw new Error('changed my mind');
    }), /changed my mind/);
    assert.equal(ofType((await clientEvents(prepaid.token)).data, 'contact.created').length, 0);

    // Paid for real: the event is there, by the system (no actor set around a direct core call).
    await markInvoicePaid(ctx, { invoiceId });
    const paid = ofType((await clientEvents(prepaid.token)).data, 'invoice.paid');
    assert.equal(paid.length, 1);
    assert.equal(paid[0]!.subject, String(invoiceId));
    assert.equal(paid[0]!.actor.kind, 'system');
  });

  it('Microsoft 365: the tenant and subscription added and the seats changed are the partner\'s events', async () => {
    const p = await t.partner();
    const call = (method: string, path: string, body?: unknown) => t.request(method, path, { token: p.apiKey, body });
    const tenant = await call('POST', '/products/m365/tenant', { tenant_name: `vuokraaja${++seq}${process.pid}` });
    assert.equal(tenant.status, 201, JSON.stringify(tenant.body));
    const serviceId = Number(tenant.body.data.service_id);
    const added = await call('POST', `/products/${serviceId}/m365/subscription`, { quantity: 3, term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: 1 });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const subscriptionId = added.body.data.Subscriptions[0].SubscriptionId as string;
    const more = await call('POST', `/products/${serviceId}/m365/subscription/${subscriptionId}/update/quantity`, { quantity: 5 });
    assert.equal(more.status, 200, JSON.stringify(more.body));

    const seen = (await partnerEvents(p.apiKey, '?per_page=100')).data;
    assert.deepEqual(ofType(seen, 'service.created').map((e) => e.data.kind).sort(), ['m365_subscription', 'm365_tenant']);
    const seats = ofType(seen, 'm365.seats_changed');
    assert.equal(seats.length, 1);
    assert.equal(seats[0]!.subject, subscriptionId);
    assert.deepEqual([seats[0]!.data.from, seats[0]!.data.to], [3, 5]);
    assert.equal(seats[0]!.request_id, more.headers.get('x-request-id'));
    assert.equal(seats[0]!.actor.kind, 'partner');
    // The seats billed on the monthly invoice are an invoice's events too, on the same partner's account.
    assert.equal(ofType(seen, 'invoice.created').length, 1, 'one monthly invoice for the month');
  });

  it('a write through each face names its actor, its request and its address: the client API, the partner API, the panel', async () => {
    const expect = (event: Event | undefined, actor: Event['actor'], res: { headers: Headers }) => {
      assert.ok(event, 'the write\'s event');
      assert.deepEqual(event.actor, actor);
      assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(event.request_id, res.headers.get('x-request-id'));
      assert.equal(event.address, '127.0.0.1');
    };
    const recordOf = (events: Event[], subject: string, content: string) =>
      // A TXT record's content may be kept quoted.
      ofType(events, 'dns.record_created').find((e) => e.subject === subject && String(e.data.content).includes(content));

    // The client API: the customer whose token it carries.
    const u = await t.user({ postpaid: true });
    const own = `kasvot${++seq}.fi`;
    await purchase(t, u.token, own);
    const api = await t.request('POST', `/api/v1/domain/domains/${own}/records`, { token: u.token, body: { host: 'api', type: 'TXT', content: 'by the client API' } });
    assert.equal(api.status, 201, JSON.stringify(api.body));

    // The panel, as that customer: the session's account.
    const b = new PanelClient(t);
    const csrf = await b.login(u.username, u.password);
    const page = await b.post(`/panel/domains/${own}/records/new`, { csrf, type: 'TXT', host: 'panel', content: 'by the panel', ttl: '' });
    assert.equal(page.status, 303, page.text.slice(0, 500));

    const mine = (await clientEvents(u.token, '?type=dns.record_created&limit=100')).data;
    expect(recordOf(mine, own, 'by the client API'), { kind: 'customer', id: String(u.id) }, api);
    expect(recordOf(mine, own, 'by the panel'), { kind: 'customer', id: String(u.id) }, page);

    // The partner API: the key's visible prefix; the panel, as the partner's person: person:<id>.
    const p = await t.partner();
    const client = await t.user({ partnerId: p.id, clientType: 'Managed Client', postpaid: true });
    const theirs = `kasvot${++seq}.fi`;
    await purchase(t, client.token, theirs);
    const partnerApi = await t.request('POST', `/domains/${theirs}/record`, {
      token: p.apiKey, body: { record_type_name: 'TXT', record_name: '@', record_data: 'by the partner API', priority: 1 },
    });
    assert.equal(partnerApi.status, 200, JSON.stringify(partnerApi.body));
    const email = `kasvot-${p.id}@partner.example`;
    const person = await partnerPerson(t, p.id, email);
    const pb = new PanelClient(t);
    const personCsrf = await pb.login(person.email, person.password);
    const personPage = await pb.post(`/panel/partner/domains/${theirs}/records/new`, {
      csrf: personCsrf, type: 'TXT', record_name: 'panel', record_data: 'by the partner\'s person',
    });
    assert.equal(personPage.status, 303, personPage.text.slice(0, 500));
    const personId = (await ctx.store.partnerUsers.findByEmail(email))!.id;

    const seen = (await partnerEvents(p.apiKey, '?type=dns.record_created&per_page=100')).data;
    expect(recordOf(seen, theirs, 'by the partner API'), { kind: 'partner', id: p.apiKey.split('_').slice(0, 2).join('_') }, partnerApi);
    expect(recordOf(seen, theirs, 'by the partner\'s person'), { kind: 'partner', id: `person:${personId}` }, personPage);
  });

  // Last: it moves the clock a year on.
  it('a domain\'s life: name servers, contact, transfer between accounts, renewal, then expiry to deletion by the schedule', async () => {
    const a = await t.user({ postpaid: true });
    const b = await t.user({ postpaid: true });
    const moving = `muuttava${++seq}.fi`;
    const lapsing = `raukeava${++seq}.fi`;
    await purchase(t, a.token, moving);
    await purchase(t, a.token, lapsing);

    const ns = await t.request('PUT', `/api/v1/domain/domains/${moving}/nameservers`, { token: a.token, body: { nameservers: ['ns1.example.net', 'ns2.example.net'] } });
    assert.equal(ns.status, 200, JSON.stringify(ns.body));
    const changed = ofType((await clientEvents(a.token)).data, 'domain.nameservers_changed')[0]!;
    assert.equal(changed.subject, moving);
    assert.deepEqual(changed.data.to, ['ns1.example.net', 'ns2.example.net']);
    assert.equal(changed.request_id, ns.headers.get('x-request-id'));

    const contactId = await identifyPrimaryContact(t, b.token);
    const contact = ofType((await clientEvents(b.token)).data, 'contact.updated')[0]!;
    assert.equal(contact.subject, String(contactId));
    assert.ok((contact.data.fields as string[]).includes('business_id'), 'the names of the fields changed');
    assert.ok(!JSON.stringify(contact.data).includes('1234567-8'), 'not their values');

    const code = (await t.request('GET', `/api/v1/domain/domains/${moving}/authcode`, { token: a.token })).body.data.authCode as string;
    const moved = await t.request('POST', '/api/v1/domain/domains/transfer', { token: b.token, body: { domain: moving, authCode: code } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(ofType((await clientEvents(b.token)).data, 'domain.transferred_in')[0]?.subject, moving);
    assert.equal(ofType((await clientEvents(a.token)).data, 'domain.transferred_away')[0]?.subject, moving);
    assert.equal((await t.request('POST', '/api/v1/domain/domains/renew', { token: b.token, body: { domain: moving, years: 1 } })).status, 200);
    const renewed = ofType((await clientEvents(b.token)).data, 'domain.renewed')[0]!;
    assert.equal(renewed.subject, moving);
    assert.equal(renewed.data.years, 1);

    assert.equal((await t.request('PATCH', `/api/v1/domain/domains/${lapsing}`, { token: a.token, body: { renew: false } })).status, 200);
    assert.deepEqual(ofType((await clientEvents(a.token)).data, 'domain.updated')[0]?.data, { renew: false });
    const expiry = (await ctx.store.domains.findLiveByFqdn(lapsing))!.exp_date!;
    for (const days of [1, 31, 61]) {
      t.clock.set(new Date(Date.parse(`${expiry}T12:00:00Z`) + days * 86_400_000));
      await t.server.worker!.tick();
    }
    const login = await t.request('POST', '/api/v1/auth', { body: { username: a.username, password: a.password } });
    const life = (await clientEvents(login.body.data.token)).data.filter((e) => e.subject === lapsing).map((e) => [e.type, e.actor.kind, e.actor.id]);
    assert.deepEqual(life.slice(0, 3), [
      ['domain.deleted', 'system', 'schedule'],
      ['domain.redemption_started', 'system', 'schedule'],
      ['domain.expired', 'system', 'schedule'],
    ]);
  });
});

/**
 * A postpaid purchase is fulfilled by the request's own drain of the outbox before it answers. Here no
 * worker runs beside the app (a runtime and the app alone, driven by inject), so nothing but that drain
 * can have run the job: its events still name the job, not the request whose drain ran it.
 */
describe('event log: a job drained by the request that queued it', () => {
  it('names the job as the actor, with neither the request\'s id nor its address', async () => {
    const rt = await startTestRuntime();
    const app = await buildApp(rt.ctx, rt.runtime.db, { logger: false });
    try {
      const username = 'jonottaja';
      const password = 'correct horse battery';
      const user = await createUser(rt.ctx, { username, password, postpaid: true });
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth', payload: { username, password } });
      assert.equal(login.statusCode, 200, login.body);
      const headers = { authorization: `Bearer ${login.json().data.token as string}` };
      const fqdn = 'jonosta.fi';
      const bought = await app.inject({
        method: 'POST', url: '/api/v1/domain/domains/purchase', headers, payload: { domain: fqdn, years: 1, registrantContact: REGISTRANT },
      });
      assert.equal(bought.statusCode, 200, bought.body);

      const read = await app.inject({ method: 'GET', url: '/api/v1/events?limit=100', headers });
      const events = (read.json().data as Event[]).filter((e) => e.subject === fqdn);
      const ordered = events.find((e) => e.type === 'domain.ordered');
      assert.deepEqual(ordered?.actor, { kind: 'customer', id: String(user.id) });
      assert.equal(ordered.request_id, bought.headers['x-request-id']);
      const registered = events.find((e) => e.type === 'domain.registered');
      assert.ok(registered, 'fulfilled before the purchase answered, by its own drain');
      assert.deepEqual(registered.actor, { kind: 'system', id: 'job:order.fulfil' });
      assert.equal(registered.request_id, null);
      assert.equal(registered.address, null);
    } finally {
      await app.close();
      await rt.close();
    }
  });
});
