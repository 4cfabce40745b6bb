import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { Receiver, verifies } from '../../helpers/webhook-receiver.js';

const CLIENT = {
  firstname: 'Joe', lastname: 'Bin', company: 'Firma', password: 'Pass!123', postcode: 1234, address1: 'Katu 1',
  city: 'Test', country: 'FI', phone: 123456789, client_type: 'Managed Client',
};

describe('partner API: webhooks (Standard Webhooks signing, retries, disabling, private addresses)', () => {
  let t: TestServer;
  const receiver = new Receiver();
  type P = Awaited<ReturnType<TestServer['partner']>>;
  let a: P;
  let b: P;
  let seq = 0;

  before(async () => {
    await receiver.start();
    t = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_DISABLE_AFTER_HOURS: '1' } });
    a = await t.partner('Partner A');
    b = await t.partner('Partner B');
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  const ctx = () => t.server.runtime.ctx;
  /** Runs what is due now on the server's clock, webhooks included, as the worker does (drains take turns). */
  const drain = () => t.server.runtime.runner.drain();
  const advance = async (ms: number) => {
    t.clock.advance(ms);
    await drain();
  };
  async function create(p: P, url: string, events: string[]) {
    const res = await t.request('POST', '/webhooks', { token: p.apiKey, body: { url, events } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data as { id: string; secret: string; url: string; events: string[] };
  }
  async function addClient(p: P): Promise<number> {
    const res = await t.request('POST', '/clients/add', { token: p.apiKey, body: { ...CLIENT, email: `webhooks${++seq}@example.fi` } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return Number(res.body.data[0].id);
  }
  async function deliveries(p: P, id: string, query = '') {
    const res = await t.request('GET', `/webhooks/${id}/deliveries${query}`, { token: p.apiKey });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  }
  const nowSeconds = () => String(Math.floor(t.clock.now().getTime() / 1000));

  it('shows the secret once, at creation, and keeps it sealed in the store', async () => {
    const made = await create(a, receiver.url('/once'), ['domain.registered', 'domain.renewed']);
    assert.match(made.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
    assert.ok(Buffer.from(made.secret.slice(6), 'base64').length >= 24, 'at least 24 bytes, as the specification asks');
    assert.deepEqual(made.events, ['domain.registered', 'domain.renewed']);
    const list = await t.request('GET', '/webhooks', { token: a.apiKey });
    assert.equal(list.status, 200);
    const listed = list.body.data.find((w: any) => w.id === made.id);
    assert.ok(listed);
    assert.equal(listed.secret, undefined, 'not shown again');
    assert.equal(listed.enabled, true);
    const row = await ctx().store.webhooks.findEndpoint(Number(made.id));
    assert.ok(row && !row.secret.includes(made.secret.slice(6)), 'sealed, not plain');
    await t.request('DELETE', `/webhooks/${made.id}`, { token: a.apiKey });
    // Both changes are in the partner's event log, the secret in neither.
    for (const type of ['webhook.created', 'webhook.deleted']) {
      const logged = await t.request('GET', `/events?type=${type}`, { token: a.apiKey });
      const event = logged.body.data.find((e: any) => e.subject === made.id);
      assert.ok(event, type);
      assert.equal(event.data.url, made.url);
      assert.equal(JSON.stringify(event).includes(made.secret.slice(6)), false);
    }
    // An Idempotency-Key would keep the answer, secret and all, in the store: it is ignored here.
    const body = { url: receiver.url('/idem'), events: ['domain.renewed'] };
    const headers = { 'idempotency-key': `webhook-${++seq}` };
    const first = await t.request('POST', '/webhooks', { token: a.apiKey, body, headers });
    const again = await t.request('POST', '/webhooks', { token: a.apiKey, body, headers });
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), null);
    assert.notEqual(first.body.data.secret, again.body.data.secret);
    assert.equal(await ctx().store.idempotency.find(`partner:${a.id}`, headers['idempotency-key']), undefined);
    for (const id of [first.body.data.id, again.body.data.id]) await t.request('DELETE', `/webhooks/${id}`, { token: a.apiKey });
  });

  it('refuses per field: unknown types, "*" with others, no types, a non-URL', async () => {
    const res = await t.request('POST', '/webhooks', { token: a.apiKey, body: { url: 'not a url', events: ['domain.registerd'] } });
    assert.equal(res.status, 422);
    assert.ok(res.body.errors.url, JSON.stringify(res.body));
    assert.match(res.body.errors.events.join(' '), /domain\.registerd/);
    const star = await t.request('POST', '/webhooks', { token: a.apiKey, body: { url: receiver.url('/x'), events: ['*', 'domain.registered'] } });
    assert.equal(star.status, 422);
    assert.ok(star.body.errors.events);
    const none = await t.request('POST', '/webhooks', { token: a.apiKey, body: { url: receiver.url('/x'), events: [] } });
    assert.equal(none.status, 422);
    assert.ok(none.body.errors.events);
  });

  it('delivers a signed domain.registered when the partner registers a client\'s domain, and only the types subscribed', async () => {
    const hook = await create(a, receiver.url('/registered'), ['domain.registered']);
    const client = await addClient(a);
    const fqdn = `webhook-${++seq}.com`;
    const reg = await t.request('POST', '/domains/register', { token: a.apiKey, body: { name: fqdn, period: 1, action: 'register', client_id: client } });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    await drain();
    const got = receiver.at('/registered');
    assert.equal(got.length, 1, 'domain.registered only, not domain.ordered or account.created');
    const r = got[0]!;
    assert.ok(verifies(hook.secret, r), 'the signature verifies');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.match(r.headers['webhook-id'] as string, /^msg_\d+$/);
    assert.equal(r.headers['webhook-timestamp'], nowSeconds());
    const body = JSON.parse(r.body);
    assert.equal(body.type, 'domain.registered');
    assert.equal(body.data.subject, fqdn);
    assert.equal(body.data.account, client);
    assert.equal(body.data.exp_date, '2027-03-01');
    // The same event in the partner's log, by the id the body carries.
    const events = await t.request('GET', '/events?type=domain.registered', { token: a.apiKey });
    assert.ok(events.body.data.some((e: any) => e.id === body.data.id && e.subject === fqdn));
    // A tampered body does not verify.
    assert.equal(verifies(hook.secret, { ...r, body: r.body.replace(fqdn, 'other.com') }), false);
    const listed = await deliveries(a, hook.id);
    assert.equal(listed.data.length, 1);
    assert.equal(listed.data[0].status, 'delivered');
    assert.equal(listed.data[0].event_type, 'domain.registered');
    assert.equal(listed.data[0].last_response_status, 200);
    assert.equal(`msg_${listed.data[0].id}`, r.headers['webhook-id']);
  });

  it('makes the attempts in the worker: a slow receiver holds up neither the request that caused the event nor other endpoints', async () => {
    const slow = await create(a, receiver.url('/slow'), ['domain.registered']);
    const quick = await create(a, receiver.url('/quick'), ['domain.registered']);
    receiver.delays.set('/slow', 4_000);
    const client = await addClient(a);
    const started = performance.now();
    const reg = await t.request('POST', '/domains/register', { token: a.apiKey, body: { name: `slow-${++seq}.com`, period: 1, action: 'register', client_id: client } });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    assert.ok(performance.now() - started < 3_000, `the registration answered in ${Math.round(performance.now() - started)} ms`);
    const waitFor = async (path: string) => {
      for (let i = 0; i < 100 && receiver.at(path).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      return receiver.at(path).length;
    };
    assert.equal(await waitFor('/slow'), 1);
    assert.equal(await waitFor('/quick'), 1, 'the other endpoint got its delivery while /slow was still answering');
    assert.ok(performance.now() - started < 4_000, 'before the slow answer');
    await drain();
    const [d] = (await deliveries(a, slow.id)).data;
    assert.equal(d.status, 'delivered');
    receiver.delays.delete('/slow');
    await t.request('DELETE', `/webhooks/${slow.id}`, { token: a.apiKey });
    await t.request('DELETE', `/webhooks/${quick.id}`, { token: a.apiKey });
  });

  it('retries a failing receiver on the schedule with the same webhook-id, then delivers; a resend keeps the id', async () => {
    const hook = await create(a, receiver.url('/flaky'), ['domain.renewed']);
    receiver.queued.set('/flaky', [500, 503]);
    const test = await t.request('POST', `/webhooks/${hook.id}/test`, { token: a.apiKey });
    assert.equal(test.status, 202, JSON.stringify(test.body));
    assert.equal(test.body.data.event_type, 'webhook.test');
    await drain();
    assert.equal(receiver.at('/flaky').length, 1);
    let [d] = (await deliveries(a, hook.id)).data;
    assert.equal(d.status, 'pending');
    assert.equal(d.attempts, 1);
    assert.equal(d.last_response_status, 500);
    assert.equal(d.next_attempt_at, new Date(t.clock.now().getTime() + 5_000).toISOString());
    await advance(4_000);
    assert.equal(receiver.at('/flaky').length, 1, 'not before its time');
    await advance(1_000);
    assert.equal(receiver.at('/flaky').length, 2);
    await advance(5 * 60_000);
    const got = receiver.at('/flaky');
    assert.equal(got.length, 3);
    [d] = (await deliveries(a, hook.id)).data;
    assert.equal(d.status, 'delivered');
    assert.equal(d.attempts, 3);
    assert.equal(new Set(got.map((r) => r.headers['webhook-id'])).size, 1, 'one webhook-id for every attempt');
    assert.equal(new Set(got.map((r) => r.headers['webhook-timestamp'])).size, 3, 'each attempt its own timestamp');
    assert.ok(got.every((r) => verifies(hook.secret, r)));
    assert.equal(JSON.parse(got[0]!.body).type, 'webhook.test');
    // The endpoint's run of failures ended with the success.
    const listed = (await t.request('GET', '/webhooks', { token: a.apiKey })).body.data.find((w: any) => w.id === hook.id);
    assert.equal(listed.first_failure_at, null);
    // Resend: the same body and id again.
    const resent = await t.request('POST', `/webhooks/${hook.id}/deliveries/${d.id}/resend`, { token: a.apiKey });
    assert.equal(resent.status, 202, JSON.stringify(resent.body));
    await drain();
    const all = receiver.at('/flaky');
    assert.equal(all.length, 4);
    assert.equal(all[3]!.headers['webhook-id'], got[0]!.headers['webhook-id']);
    assert.equal(all[3]!.body, got[0]!.body);
    assert.ok(verifies(hook.secret, all[3]!));
    // A pending one is not resent (its retries run).
    receiver.always.set('/flaky', 500);
    await t.request('POST', `/webhooks/${hook.id}/test`, { token: a.apiKey });
    await drain();
    const [pending] = (await deliveries(a, hook.id)).data;
    assert.equal(pending.status, 'pending');
    const refused = await t.request('POST', `/webhooks/${hook.id}/deliveries/${pending.id}/resend`, { token: a.apiKey });
    assert.equal(refused.status, 422);
    await t.request('DELETE', `/webhooks/${hook.id}`, { token: a.apiKey });
  });

  it('pages deliveries as the event list pages', async () => {
    const hook = await create(a, receiver.url('/paged'), ['domain.renewed']);
    for (let i = 0; i < 3; i++) await t.request('POST', `/webhooks/${hook.id}/test`, { token: a.apiKey });
    await drain();
    const page = await deliveries(a, hook.id, '?per_page=2&page=2');
    assert.deepEqual(page.meta, { current_page: 2, per_page: 2, last_page: 2, total: 3 });
    assert.equal(page.data.length, 1);
    const bad = await t.request('GET', `/webhooks/${hook.id}/deliveries?per_page=0`, { token: a.apiKey });
    assert.equal(bad.status, 422);
  });

  it('disables an endpoint failing for WEBHOOK_DISABLE_AFTER_HOURS and tells the partner', async () => {
    const hook = await create(a, receiver.url('/down'), ['domain.renewed']);
    receiver.always.set('/down', 500);
    await t.request('POST', `/webhooks/${hook.id}/test`, { token: a.apiKey });
    await drain();
    const firstFailure = t.clock.now().toISOString();
    // 5 s, 5 min, 30 min: still within the hour.
    for (const ms of [5_000, 300_000, 1_800_000]) await advance(ms);
    let listed = (await t.request('GET', '/webhooks', { token: a.apiKey })).body.data.find((w: any) => w.id === hook.id);
    assert.equal(listed.enabled, true);
    assert.equal(listed.first_failure_at, firstFailure);
    assert.equal(receiver.at('/down').length, 4);
    // The next attempt, two hours later, is past the hour: the endpoint is disabled.
    await advance(7_200_000);
    assert.equal(receiver.at('/down').length, 5);
    listed = (await t.request('GET', '/webhooks', { token: a.apiKey })).body.data.find((w: any) => w.id === hook.id);
    assert.equal(listed.enabled, false);
    assert.equal(listed.disabled_at, t.clock.now().toISOString());
    assert.match(listed.disabled_reason, /failed since/);
    const [d] = (await deliveries(a, hook.id)).data;
    assert.equal(d.status, 'failed');
    assert.equal(d.next_attempt_at, null);
    // Told: an event in the partner's log and a notification to its account.
    const events = await t.request('GET', '/events?type=webhook.disabled', { token: a.apiKey });
    assert.equal(events.status, 200);
    assert.ok(events.body.data.some((e: any) => e.subject === hook.id && e.data.url === hook.url), JSON.stringify(events.body));
    const jobs = await ctx().store.jobs.list({}, { limit: 500, offset: 0 });
    const notice = jobs.items.find((j) => j.kind === 'notification' && JSON.parse(j.payload).subject.includes(hook.url));
    assert.ok(notice, 'a notification queued');
    assert.equal(JSON.parse(notice.payload).user_id, a.userId);
    // Nothing more goes to it.
    await advance(86_400_000);
    assert.equal(receiver.at('/down').length, 5);
    const test = await t.request('POST', `/webhooks/${hook.id}/test`, { token: a.apiKey });
    assert.equal(test.status, 422);
  });

  it('disables an endpoint at once when it answers 410 Gone', async () => {
    const hook = await create(a, receiver.url('/gone'), ['domain.renewed']);
    receiver.always.set('/gone', 410);
    await t.request('POST', `/webhooks/${hook.id}/test`, { token: a.apiKey });
    await drain();
    const listed = (await t.request('GET', '/webhooks', { token: a.apiKey })).body.data.find((w: any) => w.id === hook.id);
    assert.equal(listed.enabled, false);
    assert.match(listed.disabled_reason, /410/);
    const [d] = (await deliveries(a, hook.id)).data;
    assert.equal(d.status, 'failed');
    assert.equal(d.last_response_status, 410);
  });

  it('refuses private addresses without WEBHOOK_ALLOW_PRIVATE: at creation, and a name resolving to 127.0.0.1 at delivery', async () => {
    // Made while allowed (http on loopback), then delivered with the setting off, as a server without it would.
    const hook = await create(a, receiver.url('/private', 'localhost'), ['domain.renewed']);
    const settings = ctx().settings.webhooks;
    settings.allowPrivate = false;
    try {
      for (const url of [
        'https://127.0.0.1/hook', 'https://[::1]/hook', 'https://10.1.2.3/hook', 'https://192.168.1.1/hook', 'https://169.254.169.254/latest',
        'https://100.64.0.1/hook', 'https://[fd00::1]/hook', 'https://[::ffff:127.0.0.1]/hook', 'https://localhost/hook', 'http://example.com/hook',
        'https://user:pass@example.com/hook',
      ]) {
        const res = await t.request('POST', '/webhooks', { token: a.apiKey, body: { url, events: ['domain.registered'] } });
        assert.equal(res.status, 422, url);
        assert.ok(res.body.errors.url, `${url}: ${JSON.stringify(res.body)}`);
      }
      const fine = await t.request('POST', '/webhooks', { token: a.apiKey, body: { url: 'https://hooks.example.com/in', events: ['domain.registered'] } });
      assert.equal(fine.status, 201, JSON.stringify(fine.body));
      await t.request('DELETE', `/webhooks/${fine.body.data.id}`, { token: a.apiKey });

      await t.request('POST', `/webhooks/${hook.id}/test`, { token: a.apiKey });
      await drain();
      assert.equal(receiver.at('/private').length, 0, 'nothing sent');
      const [d] = (await deliveries(a, hook.id)).data;
      assert.equal(d.status, 'pending', 'retried later, as any failure');
      assert.equal(d.last_response_status, null);
      assert.match(d.last_error, /127\.0\.0\.1|::1/);
      assert.match(d.last_error, /not a public address/);
    } finally {
      settings.allowPrivate = true;
    }
    await t.request('DELETE', `/webhooks/${hook.id}`, { token: a.apiKey });
  });

  it('answers 404 for another partner\'s webhook on every route', async () => {
    const hook = await create(a, receiver.url('/mine'), ['domain.renewed']);
    await t.request('POST', `/webhooks/${hook.id}/test`, { token: a.apiKey });
    await drain();
    const [d] = (await deliveries(a, hook.id)).data;
    for (const [method, path] of [
      ['GET', `/webhooks/${hook.id}/deliveries`],
      ['POST', `/webhooks/${hook.id}/test`],
      ['POST', `/webhooks/${hook.id}/deliveries/${d.id}/resend`],
      ['DELETE', `/webhooks/${hook.id}`],
    ] as const) {
      const res = await t.request(method, path, { token: b.apiKey });
      assert.equal(res.status, 404, `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.success, false);
    }
    const listed = await t.request('GET', '/webhooks', { token: b.apiKey });
    assert.equal(listed.body.data.some((w: any) => w.id === hook.id), false);
    assert.equal(receiver.at('/mine').length, 1, 'B\'s test sent nothing to A\'s endpoint');
    // A's own delivery of another endpoint is not found through this one either.
    const other = await create(a, receiver.url('/other'), ['domain.renewed']);
    const cross = await t.request('POST', `/webhooks/${other.id}/deliveries/${d.id}/resend`, { token: a.apiKey });
    assert.equal(cross.status, 404);
    // Deleted: gone from the list, its routes 404.
    const del = await t.request('DELETE', `/webhooks/${hook.id}`, { token: a.apiKey });
    assert.equal(del.status, 200);
    assert.equal((await t.request('GET', `/webhooks/${hook.id}/deliveries`, { token: a.apiKey })).status, 404);
    await t.request('DELETE', `/webhooks/${other.id}`, { token: a.apiKey });
  });

  it('sends a partner\'s events to a "*" endpoint, and never a direct customer\'s', async () => {
    const hook = await create(b, receiver.url('/all'), ['*']);
    assert.deepEqual(hook.events, ['*']);
    await drain();
    // A new endpoint for every type hears of its own creation.
    const own = receiver.at('/all');
    assert.deepEqual(own.map((r) => JSON.parse(r.body).type), ['webhook.created']);
    assert.equal(JSON.parse(own[0]!.body).data.subject, hook.id);
    const customer = await t.user();
    const refused = await t.request('POST', '/api/v1/auth', { body: { username: customer.username, password: 'not the password' } });
    assert.equal(refused.status, 422, 'the client API refuses a wrong password with 422');
    const logged = await ctx().store.events.list({ userId: customer.id, type: 'auth.login_failed' }, { limit: 10, offset: 0 });
    assert.equal(logged.total, 1, 'the customer\'s event is in the log');
    assert.equal(logged.items[0]!.partner_id, null);
    await drain();
    assert.equal(receiver.at('/all').length, 1, 'nothing of the customer\'s');
    // The partner's own change does reach it (so the silence above is not a broken endpoint).
    await addClient(b);
    await drain();
    const got = receiver.at('/all');
    assert.ok(got.length >= 2);
    assert.ok(got.every((r) => verifies(hook.secret, r)));
    assert.ok(got.some((r) => JSON.parse(r.body).type === 'account.created'));
    assert.equal((await deliveries(b, hook.id)).meta.total, got.length);
  });

  it('drops settled deliveries after a month, with the schedule\'s housekeeping', async () => {
    const hook = await create(a, receiver.url('/kept'), ['domain.renewed']);
    await t.request('POST', `/webhooks/${hook.id}/test`, { token: a.apiKey });
    await drain();
    assert.equal((await deliveries(a, hook.id)).meta.total, 1);
    t.clock.advance(29 * 86_400_000);
    await t.server.worker!.tick();
    assert.equal((await deliveries(a, hook.id)).meta.total, 1, 'kept for a month');
    t.clock.advance(2 * 86_400_000);
    await t.server.worker!.tick();
    assert.equal((await deliveries(a, hook.id)).meta.total, 0);
  });
});
