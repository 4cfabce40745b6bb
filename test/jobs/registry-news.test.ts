import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { identifiedClient, identifyPrimaryContact, purchase } from '../helpers/fixtures.js';
import { OTHER_REGISTRAR, ScriptedRegistry } from '../helpers/scripted-registry.js';
import { LocalRegistry } from '../../src/providers/registry/local/local-registry.js';
import { markInvoicePaid } from '../../src/core/billing/mark-invoice-paid.js';
import { Worker } from '../../src/jobs/worker.js';
import type { Order } from '../../src/ports/store.js';
import type { Notification } from '../../src/core/lifecycle/notify.js';

/**
 * Pending transfers, the registry's news (poll queue) and the nightly sync, through both APIs and the
 * job worker's schedule pass (Worker.tick), against a registry that keeps transfers pending and
 * makes news of its own.
 */
describe('registry news and the nightly sync', () => {
  let t: TestServer;
  let registry: ScriptedRegistry;
  let worker: Worker;
  const logged: Array<{ data: any; message: string }> = [];
  before(async () => {
    t = await startTestServer();
    const ctx = t.server.runtime.ctx;
    // .fi is an outside registry's, as the operator's `registries add` makes it (the nightly sync reads
    // only such TLDs), played by a scripted registry over the local one's store.
    await ctx.store.registries.add({
      name: 'fi-registry', host: '127.0.0.1', port: 700, username: 'hostplane', password_file: '/dev/null',
      ca_file: null, cert_file: null, key_file: null, sessions: 1, commands_per_second: 0,
      nameserver_style: 'hostObj', contact_roles: '[]', created_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z',
    }, ['fi']);
    registry = new ScriptedRegistry(new LocalRegistry(ctx.store, t.clock, ctx.settings.providerName), ctx.store, t.clock);
    ctx.registry = registry;
    const log = {
      info: (data: object, message: string) => logged.push({ data, message }),
      warn: (data: object, message: string) => logged.push({ data, message }),
      error: (data: object, message: string) => logged.push({ data, message }),
    };
    // The process's schedule pass, with a logger the test reads (the server's worker only drains here).
    worker = new Worker(ctx, t.server.runtime.runner, { log, scheduleMs: null });
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  const db = () => t.server.runtime.db;
  const order = async (fqdn: string): Promise<Order> =>
    (await db().selectFrom('orders').selectAll().where('fqdn', '=', fqdn).orderBy('id', 'desc').executeTakeFirstOrThrow()) as Order;
  const notifications = async (userId: number): Promise<Notification[]> =>
    (await db().selectFrom('jobs').select('payload').where('kind', '=', 'notification').orderBy('id').execute())
      .map((j) => JSON.parse(j.payload) as Notification)
      .filter((n) => n.user_id === userId);
  const clientStatus = async (token: string, fqdn: string) =>
    ((await t.request('GET', '/api/v1/domain/domains', { token })).body.data as Array<{ fqdn: string; status: string }>).find((d) => d.fqdn === fqdn)?.status;
  const partnerStatus = async (apiKey: string, fqdn: string) =>
    ((await t.request('GET', '/domains/list', { token: apiKey })).body.data as Array<{ domain: string; status: string }>).find((d) => d.domain === fqdn)?.status;
  /** A client's domain bought and paid: active. */
  const owned = async (fqdn: string) => {
    const u = await t.user();
    await purchase(t, u.token, fqdn);
    await markInvoicePaid(ctx(), { invoiceId: (await order(fqdn)).invoice_id! });
    await ctx().jobs.drain();
    const domain = (await ctx().store.domains.findLiveByFqdn(fqdn))!;
    assert.equal(domain.status, 'active');
    return { user: u, domain };
  };

  it('shows a pending transfer as pending in both APIs, and completes it when the registry approves', async () => {
    registry.transfersPending = true;
    await registry.otherRegisters('tuleva.fi', 'Siirto-Koodi-1');
    await registry.otherRegisters('tuleva2.fi', 'Siirto-Koodi-2');
    const u = await t.user();
    await identifyPrimaryContact(t, u.token);
    const res = await t.request('POST', '/api/v1/domain/domains/transfer', { token: u.token, body: { domain: 'tuleva.fi', authCode: 'Siirto-Koodi-1' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await markInvoicePaid(ctx(), { invoiceId: (await order('tuleva.fi')).invoice_id! });
    await ctx().jobs.drain();
    assert.equal((await order('tuleva.fi')).status, 'paid', 'unprocessed while the losing registrar decides');
    assert.equal(await clientStatus(u.token, 'tuleva.fi'), 'pending');

    const partner = await t.partner();
    const reg = await t.request('POST', '/domains/register', {
      token: partner.apiKey,
      body: { name: 'tuleva2.fi', period: 1, action: 'transfer', epp_code: 'Siirto-Koodi-2', client_id: await identifiedClient(t, partner.apiKey) },
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    assert.equal(reg.body.message, 'Transfer requested');
    assert.equal(await partnerStatus(partner.apiKey, 'tuleva2.fi'), 'Pending');
    assert.equal(registry.count('transfer', 'tuleva.fi'), 1);

    // A second pass before the registry answered sends nothing again.
    await worker.tick();
    assert.equal(registry.count('transfer', 'tuleva.fi'), 1);

    await registry.approveTransfer('tuleva.fi');
    await worker.tick();
    const done = await order('tuleva.fi');
    assert.equal(done.status, 'completed', done.error ?? '');
    const domain = (await ctx().store.domains.findLiveByFqdn('tuleva.fi'))!;
    assert.deepEqual([domain.user_id, domain.status, domain.id], [u.id, 'active', done.domain_id]);
    assert.equal(domain.exp_date, (await registry.info('tuleva.fi'))!.expiresAt.slice(0, 10));
    assert.equal(await clientStatus(u.token, 'tuleva.fi'), 'active');
    assert.equal(registry.queued.length, 0, 'acknowledged');
    assert.equal(registry.count('transfer', 'tuleva.fi'), 1, 'one transfer request in all');
    // The same news again (a crash before its ack): nothing changes.
    registry.queue('transfer_approved', 'tuleva.fi', 'Transfer approved');
    await worker.tick();
    const rows = await db().selectFrom('domains').select(['id', 'status']).where('fqdn', '=', 'tuleva.fi').execute();
    assert.deepEqual(rows, [{ id: domain.id, status: 'active' }]);
    registry.transfersPending = false;
  });

  it('fails, credits and tells of a transfer the losing registrar rejected', async () => {
    registry.transfersPending = true;
    await registry.otherRegisters('torjuttu.fi', 'Siirto-Koodi-3');
    const partner = await t.partner();
    const clientId = await identifiedClient(t, partner.apiKey);
    const reg = await t.request('POST', '/domains/register', {
      token: partner.apiKey,
      body: { name: 'torjuttu.fi', period: 1, action: 'transfer', epp_code: 'Siirto-Koodi-3', client_id: clientId },
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const placed = await order('torjuttu.fi');
    registry.rejectTransfer('torjuttu.fi', 'Registrant declined');
    await worker.tick();
    // Read twice (a crash before the ack): nothing more happens.
    registry.queue('transfer_rejected', 'torjuttu.fi', 'Registrant declined');
    await worker.tick();
    const failed = await order('torjuttu.fi');
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /rejected by the losing registrar: Registrant declined/);
    const lines = await ctx().store.invoices.items([placed.invoice_id!]);
    const line = lines.find((l) => l.order_id === placed.id)!;
    const credits = lines.filter((l) => l.description === `Hyvitys: ${line.description}`);
    assert.equal(credits.length, 1, 'credited once');
    assert.equal((await ctx().store.domains.findById(placed.domain_id!))?.status, 'deleted');
    assert.equal(await partnerStatus(partner.apiKey, 'torjuttu.fi'), undefined);
    const told = (await notifications(clientId)).filter((n) => n.subject.includes('torjuttu.fi'));
    assert.equal(told.length, 1);
    assert.equal(registry.queued.length, 0);
    registry.transfersPending = false;
  });

  it('approves another registrar\'s request for one of ours, then records the name as transferred away', async () => {
    const { user, domain } = await owned('lahteva.fi');
    registry.requestTransferAway('lahteva.fi');
    await worker.tick();
    assert.equal(registry.count('settleTransfer', 'lahteva.fi approve'), 1);
    // The approval made news of its own (transferred_away), read in the same pass.
    assert.equal((await ctx().store.domains.findById(domain.id))?.status, 'transferred');
    assert.equal((await registry.info('lahteva.fi'))?.registrar, OTHER_REGISTRAR);
    const subjects = (await notifications(user.id)).map((n) => n.subject);
    assert.ok(subjects.includes('lahteva.fi is being transferred away'), subjects.join(' | '));
    assert.ok(subjects.includes('lahteva.fi was transferred away'), subjects.join(' | '));
    assert.equal(await clientStatus(user.token, 'lahteva.fi'), undefined);
  });

  it('deletes a domain the registry deleted, with its zone and its unpaid renewal', async () => {
    const { user, domain } = await owned('poistettu.fi');
    assert.ok(await ctx().store.zones.findByDomainId(domain.id));
    const renew = await t.request('POST', '/api/v1/domain/domains/renew', { token: user.token, body: { domain: 'poistettu.fi', years: 1 } });
    assert.equal(renew.status, 200);
    const renewal = await order('poistettu.fi');
    await registry.deleteByRegistry('poistettu.fi');
    await worker.tick();
    assert.equal((await ctx().store.domains.findById(domain.id))?.status, 'deleted');
    assert.equal(await ctx().store.zones.findByDomainId(domain.id), undefined);
    assert.equal((await ctx().store.orders.findById(renewal.id))?.status, 'cancelled');
    assert.ok((await notifications(user.id)).some((n) => n.subject === 'poistettu.fi has been deleted'));
    assert.ok(logged.some((l) => l.data.after === 'deleted' && l.data.registryNews?.name === 'poistettu.fi'));
  });

  it('moves the expiry of a name the registry renewed of its own accord', async () => {
    const { domain } = await owned('automaatti.fi');
    const expiry = await registry.autoRenew('automaatti.fi');
    assert.notEqual(expiry, domain.exp_date);
    await worker.tick();
    assert.equal((await ctx().store.domains.findById(domain.id))?.exp_date, expiry);
  });

  it('logs and acknowledges news of a name it does not know, and other news', async () => {
    registry.queue('deleted', 'tuntematon.fi', 'Domain deleted');
    registry.queue('other', undefined, 'Maintenance on Sunday');
    await worker.tick();
    assert.equal(registry.queued.length, 0);
    assert.ok(logged.some((l) => l.message.includes('tuntematon.fi, which is not a domain held here')));
    assert.ok(logged.some((l) => l.message === 'registry news: Maintenance on Sunday'));
  });

  it('leaves news unacknowledged while the registry is down, and applies it when it is back', async () => {
    const { domain } = await owned('odottava.fi');
    const expiry = await registry.autoRenew('odottava.fi');
    registry.down = new Set(['info', 'ack']);
    await worker.tick();
    assert.equal(registry.queued.length, 1, 'not acknowledged');
    registry.down = false;
    await worker.tick();
    assert.equal(registry.queued.length, 0);
    assert.equal((await ctx().store.domains.findById(domain.id))?.exp_date, expiry);
  });

  it('the nightly sync corrects a drifted expiry and a name gone from the registry, once a day, and logs before and after', async () => {
    const drifted = await owned('ajelehtiva.fi');
    const gone = await owned('kadonnut.fi');
    await ctx().store.registry.update('ajelehtiva.fi', { expires_at: '2030-03-01T10:00:00.000Z' });
    await registry.deleteByRegistry('kadonnut.fi', false);
    t.clock.set('2026-03-02T00:30:00Z');
    await worker.tick();
    assert.equal((await ctx().store.domains.findById(drifted.domain.id))?.exp_date, '2030-03-01');
    assert.equal((await ctx().store.domains.findById(gone.domain.id))?.status, 'deleted');
    const line = logged.find((l) => l.data.domain === 'ajelehtiva.fi' && l.data.field === 'exp_date');
    assert.deepEqual([line?.data.before, line?.data.after], [drifted.domain.exp_date, '2030-03-01']);
    assert.ok(logged.some((l) => l.data.domain === 'kadonnut.fi' && l.data.before === 'active' && l.data.after === 'deleted'));

    const reads = registry.count('info', 'ajelehtiva.fi');
    await ctx().store.registry.update('ajelehtiva.fi', { expires_at: '2031-03-01T10:00:00.000Z' });
    await worker.tick();
    assert.equal(registry.count('info', 'ajelehtiva.fi'), reads, 'read once a day');
    t.clock.set('2026-03-03T00:30:00Z');
    await worker.tick();
    assert.equal((await ctx().store.domains.findById(drifted.domain.id))?.exp_date, '2031-03-01');
  });

  it('a registry down during the sync ends the pass; the next pass takes up the domains not reached', async () => {
    const drifted = await owned('myohassa.fi');
    await ctx().store.registry.update('myohassa.fi', { expires_at: '2029-03-01T10:00:00.000Z' });
    t.clock.set('2026-03-04T00:30:00Z');
    registry.down = new Set(['info']);
    await worker.tick();
    assert.equal((await ctx().store.domains.findById(drifted.domain.id))?.exp_date, drifted.domain.exp_date);
    assert.ok(logged.some((l) => l.data.step === 'registry sync' && /unavailable/.test(l.data.err)), 'the failure is reported');
    registry.down = false;
    await worker.tick();
    assert.equal((await ctx().store.domains.findById(drifted.domain.id))?.exp_date, '2029-03-01');
  });
});
