import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { REGISTRANT, identifiedClient, purchase } from '../helpers/fixtures.js';
import { ScriptedRegistry } from '../helpers/scripted-registry.js';
import { markInvoicePaid } from '../../src/core/billing/mark-invoice-paid.js';
import { MAX_ATTEMPTS, OUTAGE_BACKOFF_MS } from '../../src/jobs/runner.js';
import type { Order } from '../../src/ports/store.js';

/**
 * Fulfilment against a registry that goes down, loses answers and sees other registrars: an order is
 * never lost (it waits, paid, in the job queue), never carried out twice (a command that may have
 * been performed is settled by domain:info before it is sent again), and a name taken meanwhile fails
 * the order and credits it. Driven over both APIs and the job worker, with the clock moved by hand.
 */
describe('fulfilment against an outside registry', () => {
  let t: TestServer;
  let registry: ScriptedRegistry;
  before(async () => {
    t = await startTestServer();
    const ctx = t.server.runtime.ctx;
    registry = new ScriptedRegistry(ctx.registry, ctx.store, t.clock);
    ctx.registry = registry;
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  const later = async (ms: number) => {
    t.clock.set(new Date(t.clock.now().getTime() + ms).toISOString());
    await ctx().jobs.drain();
  };
  const order = async (fqdn: string): Promise<Order> => {
    const row = await t.server.runtime.db.selectFrom('orders').selectAll().where('fqdn', '=', fqdn).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return row as Order;
  };
  const jobOf = async (orderId: number) =>
    t.server.runtime.db.selectFrom('jobs').selectAll().where('kind', '=', 'order.fulfil').where('payload', '=', JSON.stringify({ orderId })).executeTakeFirstOrThrow();

  it('keeps a paid order waiting through an outage of hours, then registers it once', async () => {
    const u = await t.user();
    await purchase(t, u.token, 'katkos.fi');
    registry.down = true;
    const placed = await order('katkos.fi');
    await markInvoicePaid(ctx(), { invoiceId: placed.invoice_id! });
    await ctx().jobs.drain();
    assert.equal((await order('katkos.fi')).status, 'paid');
    const list = await t.request('GET', '/api/v1/domain/domains', { token: u.token });
    assert.equal(list.status, 200, 'the API answers while the registry is down');
    assert.equal(list.body.data.find((d: { fqdn: string }) => d.fqdn === 'katkos.fi')?.status, 'pending');

    // Five hours of retries: more than MAX_ATTEMPTS, never dead-lettered, never further apart than the outage backoff.
    for (let hour = 0; hour < 5 * 6; hour++) await later(OUTAGE_BACKOFF_MS);
    const waiting = await jobOf(placed.id);
    assert.equal(waiting.status, 'pending', `still queued: ${waiting.last_error}`);
    assert.match(waiting.last_error ?? '', /unavailable/);
    assert.ok(waiting.attempts < MAX_ATTEMPTS, 'held below the dead-letter count, so a stale lease requeues it');
    assert.ok(Date.parse(waiting.run_after) - t.clock.now().getTime() <= OUTAGE_BACKOFF_MS);
    assert.equal(registry.count('create', 'katkos.fi'), 0);

    registry.down = false;
    await later(OUTAGE_BACKOFF_MS);
    const done = await order('katkos.fi');
    assert.equal(done.status, 'completed', done.error ?? '');
    assert.equal(registry.count('create', 'katkos.fi'), 1, 'registered once');
    assert.equal((await jobOf(placed.id)).status, 'done');
    assert.equal((await ctx().store.domains.findLiveByFqdn('katkos.fi'))?.status, 'active');
  });

  it('settles a create whose answer was lost by domain:info, and does not send it again', async () => {
    const partner = await t.partner();
    registry.loseAnswer.add('create');
    const res = await t.request('POST', '/domains/register', { token: partner.apiKey, body: { name: 'kadonnut-vastaus.fi', period: 1, action: 'register', client_id: await identifiedClient(t, partner.apiKey) } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.message, 'Registration requested');
    const first = await order('kadonnut-vastaus.fi');
    assert.equal(first.status, 'paid');
    assert.ok(first.registry_attempted_at, 'the attempt is on the order');
    assert.ok(await registry.info('kadonnut-vastaus.fi'), 'the registry did register it');

    await later(5_000);
    const done = await order('kadonnut-vastaus.fi');
    assert.equal(done.status, 'completed', done.error ?? '');
    assert.equal(registry.count('create', 'kadonnut-vastaus.fi'), 1, 'one create, settled by info');
    const domain = await ctx().store.domains.findLiveByFqdn('kadonnut-vastaus.fi');
    assert.equal(domain?.status, 'active');
    assert.equal(domain?.exp_date, (await registry.info('kadonnut-vastaus.fi'))!.expiresAt.slice(0, 10));
  });

  it('fails and credits an order whose name another registrar registered while the registry was not answering', async () => {
    const partner = await t.partner();
    registry.down = new Set(['create']);
    const res = await t.request('POST', '/domains/register', { token: partner.apiKey, body: { name: 'viety.fi', period: 1, action: 'register', client_id: await identifiedClient(t, partner.apiKey) } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const placed = await order('viety.fi');
    assert.equal(placed.status, 'paid');
    await registry.otherRegisters('viety.fi');
    registry.down = false;
    await later(5_000);
    const failed = await order('viety.fi');
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /registered by another registrar/);
    assert.equal(registry.count('create', 'viety.fi'), 0, 'settled by info: no create sent');
    const lines = await ctx().store.invoices.items([placed.invoice_id!]);
    const credit = lines.find((l) => l.description.startsWith('Hyvitys: ') && l.description.includes('viety.fi'));
    assert.ok(credit, `credited: ${lines.map((l) => l.description).join(' | ')}`);
    assert.ok(credit.sub_total_cents < 0);
    const domain = await ctx().store.domains.findById(placed.domain_id!);
    assert.equal(domain?.status, 'deleted', 'the name can be ordered again');
  });

  it('restores a name in redemption at the registry before renewing it', async () => {
    const u = await t.user();
    await purchase(t, u.token, 'lunastus.fi');
    await markInvoicePaid(ctx(), { invoiceId: (await order('lunastus.fi')).invoice_id! });
    await ctx().jobs.drain();
    const domain = (await ctx().store.domains.findLiveByFqdn('lunastus.fi'))!;
    assert.equal(domain.status, 'active');
    registry.redemption.add('lunastus.fi');
    const renew = await t.request('POST', '/api/v1/domain/domains/renew', { token: u.token, body: { domain: 'lunastus.fi', years: 1 } });
    assert.equal(renew.status, 200, JSON.stringify(renew.body));
    const placed = await order('lunastus.fi');
    assert.equal(placed.kind, 'renew');
    const before = registry.performed.length;
    await markInvoicePaid(ctx(), { invoiceId: placed.invoice_id! });
    await ctx().jobs.drain();
    assert.equal((await order('lunastus.fi')).status, 'completed', (await order('lunastus.fi')).error ?? '');
    const sent = registry.performed.slice(before).filter((p) => !p.startsWith('info') && !p.startsWith('poll'));
    assert.deepEqual(sent, ['restore lunastus.fi', 'renew lunastus.fi']);
    assert.equal((await ctx().store.domains.findById(domain.id))?.exp_date, '2028-03-01');
  });

  it('renews once when the renew answer was lost (the expiry had already moved)', async () => {
    const u = await t.user();
    await purchase(t, u.token, 'uusinta.fi');
    await markInvoicePaid(ctx(), { invoiceId: (await order('uusinta.fi')).invoice_id! });
    await ctx().jobs.drain();
    await t.request('POST', '/api/v1/domain/domains/renew', { token: u.token, body: { domain: 'uusinta.fi', years: 2 } });
    registry.loseAnswer.add('renew');
    await markInvoicePaid(ctx(), { invoiceId: (await order('uusinta.fi')).invoice_id! });
    await ctx().jobs.drain();
    assert.equal((await order('uusinta.fi')).status, 'paid');
    await later(5_000);
    assert.equal((await order('uusinta.fi')).status, 'completed');
    assert.equal(registry.count('renew', 'uusinta.fi'), 1);
    assert.equal((await ctx().store.domains.findLiveByFqdn('uusinta.fi'))?.exp_date, '2029-03-01');
  });

  it('refuses a nameserver inside the domain without addresses, per field, in both APIs', async () => {
    const u = await t.user();
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', {
      token: u.token,
      body: { domain: 'liima.fi', years: 1, registrantContact: REGISTRANT, nameServers: ['ns1.liima.fi', 'ns.example.com'] },
    });
    assert.equal(res.status, 422);
    assert.match(res.body.error.context['nameServers.0'][0], /ns1\.liima\.fi is inside liima\.fi and needs its addresses/);
    assert.equal(res.body.error.context['nameServers.1'], undefined);
    const partner = await t.partner();
    const reg = await t.request('POST', '/domains/register', {
      token: partner.apiKey, body: { name: 'liima2.fi', period: 1, action: 'register', ns1: 'ns.example.com', ns2: 'ns2.liima2.fi', client_id: await identifiedClient(t, partner.apiKey) },
    });
    assert.equal(reg.status, 422);
    assert.deepEqual(Object.keys(reg.body.errors), ['ns2']);
  });

  it('sends the addresses of a nameserver inside the domain from its zone here as glue', async () => {
    const u = await t.user();
    await purchase(t, u.token, 'liimattu.fi');
    await markInvoicePaid(ctx(), { invoiceId: (await order('liimattu.fi')).invoice_id! });
    await ctx().jobs.drain();
    const add = await t.request('POST', '/api/v1/domain/domains/liimattu.fi/records', {
      token: u.token, body: { host: 'ns1', type: 'A', content: '192.0.2.53', ttl: 3600 },
    });
    assert.ok(add.status === 200 || add.status === 201, JSON.stringify(add.body));
    const refused = await t.request('PUT', '/api/v1/domain/domains/liimattu.fi/nameservers', {
      token: u.token, body: { nameservers: ['ns1.liimattu.fi', 'ns2.liimattu.fi'] },
    });
    assert.equal(refused.status, 422);
    assert.deepEqual(Object.keys(refused.body.error.context), ['nameservers.1']);
    const set = await t.request('PUT', '/api/v1/domain/domains/liimattu.fi/nameservers', {
      token: u.token, body: { nameservers: ['ns1.liimattu.fi', 'ns.example.com'] },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(registry.lastGlue, { 'ns1.liimattu.fi': ['192.0.2.53'] });
  });
});
