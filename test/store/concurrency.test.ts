import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Ctx } from '../../src/core/context.js';
import { DomainError } from '../../src/core/errors.js';
import { createUser } from '../../src/core/accounts/create-user.js';
import { createPartner } from '../../src/core/partners/create-partner.js';
import { issuePartnerToken } from '../../src/core/partners/issue-token.js';
import { TokenError } from '../../src/core/partners/token-error.js';
import { addToMonthlyInvoice } from '../../src/core/billing/add-to-monthly-invoice.js';
import { createInvoice } from '../../src/core/billing/create-invoice.js';
import { markInvoicePaid } from '../../src/core/billing/mark-invoice-paid.js';
import { createZone } from '../../src/core/dns/create-zone.js';
import { createRecord } from '../../src/core/dns/create-record.js';
import { applyPlan } from '../../src/core/dns/apply-plan.js';
import { planChange } from '../../src/core/dns/plan-change.js';
import { startTestRuntime, type TestRuntime } from '../helpers/server.js';

const OURS = ['ns1.hostplane.test', 'ns2.hostplane.test', 'ns3.hostplane.test'];

/** Settles every promise; the fulfilled values and the rejections, apart. */
async function settle<T>(work: Array<Promise<T>>): Promise<{ ok: T[]; failed: unknown[] }> {
  const results = await Promise.allSettled(work);
  return {
    ok: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    failed: results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : [])),
  };
}

/**
 * Read-then-write commands run many at once. SQLite runs one write transaction at a time, so there
 * these hold by construction; PostgreSQL runs transactions concurrently (each on its own pooled
 * connection), and they hold only through the store's row locks (`lock`) and the atomic job claim.
 * Run on PostgreSQL (TEST_DATABASE_URL), each test fails without its lock.
 */
describe('store: concurrent commands', () => {
  let test: TestRuntime;
  let ctx: Ctx;
  let seq = 0;

  before(async () => {
    test = await startTestRuntime({ PROVIDER_DOMAIN: 'hostplane.test' });
    ctx = test.ctx;
  });
  after(() => test?.close());

  it('claimDue: workers claiming at once never take one job twice, and take them all', async () => {
    const now = '2026-03-01T10:00:00.000Z';
    const ids = new Set<number>();
    for (let i = 0; i < 40; i++) ids.add((await ctx.store.jobs.enqueue('test.claim', { i }, now)).id);
    const worker = async () => {
      const mine: number[] = [];
      for (;;) {
        const claimed = await ctx.store.jobs.claimDue(now, 3);
        if (claimed.length === 0) return mine;
        for (const job of claimed) {
          assert.equal(job.status, 'running');
          assert.equal(job.attempts, 1);
          assert.equal(job.updated_at, now);
          mine.push(job.id);
        }
      }
    };
    const claimed = (await Promise.all([worker(), worker(), worker(), worker()])).flat().filter((id) => ids.has(id));
    assert.equal(claimed.length, ids.size, 'every job claimed exactly once');
    assert.equal(new Set(claimed).size, ids.size);
    for (const id of ids) assert.equal((await ctx.store.jobs.findById(id))!.status, 'running');
    assert.deepEqual(await ctx.store.jobs.claimDue(now, 10), []);
  });

  it('claimDue leaves jobs that are not due yet, oldest due first', async () => {
    const now = '2026-03-01T10:00:00.000Z';
    const later = await ctx.store.jobs.enqueue('test.later', {}, '2026-03-01T11:00:00.000Z');
    const [a, b] = [await ctx.store.jobs.enqueue('test.due', {}, now), await ctx.store.jobs.enqueue('test.due', {}, now)];
    // Queued last but due first (a retry's backoff ran out before the others were queued).
    const c = await ctx.store.jobs.enqueue('test.due', {}, '2026-03-01T09:00:00.000Z');
    assert.deepEqual((await ctx.store.jobs.claimDue(now, 1)).map((j) => j.id), [c.id]);
    assert.deepEqual((await ctx.store.jobs.claimDue(now, 10)).map((j) => j.id), [a.id, b.id]);
    assert.equal((await ctx.store.jobs.findById(later.id))!.status, 'pending');
  });

  it('enqueueUnlessPending: one waiting job per kind and payload; a claimed one does not count', async () => {
    const now = '2026-03-01T10:00:00.000Z';
    const pendingFor = async (zone: string) =>
      (await ctx.store.jobs.list({ status: 'pending' }, { limit: 1000, offset: 0 })).items.filter(
        (j) => j.kind === 'test.publish' && JSON.parse(j.payload).zone === zone,
      );
    await Promise.all(Array.from({ length: 5 }, () => ctx.store.transaction((tx) => tx.jobs.enqueueUnlessPending('test.publish', { zone: 'a.fi' }, now))));
    await ctx.store.jobs.enqueueUnlessPending('test.publish', { zone: 'b.fi' }, now);
    // On PostgreSQL transactions at once may each queue one (allowed: the job may run twice).
    const waiting = await pendingFor('a.fi');
    assert.ok(waiting.length >= 1 && waiting.length <= 5);
    if (!process.env.TEST_DATABASE_URL) assert.equal(waiting.length, 1);
    assert.equal((await pendingFor('b.fi')).length, 1);

    // Claimed (running) jobs may have read the store already: a change after the claim queues anew.
    const claimed = await ctx.store.jobs.claimDue(now, 1000);
    assert.ok(claimed.some((j) => j.kind === 'test.publish'));
    await ctx.store.jobs.enqueueUnlessPending('test.publish', { zone: 'a.fi' }, now);
    assert.equal((await pendingFor('a.fi')).length, 1);
    await ctx.store.jobs.markDone(claimed.map((j) => j.id), now);
  });

  it("a partner's orders at once bill one open monthly invoice, lines numbered in turn", async () => {
    const { partner } = await createPartner(ctx, { name: `Concurrent ${++seq}` });
    const lines = Array.from({ length: 8 }, (_, i) => [{ description: `line ${i}`, qty: 1, unitCents: 100 * (i + 1) }]);
    await Promise.all(lines.map((l) => ctx.store.transaction((tx) => addToMonthlyInvoice(tx, ctx, { userId: partner.user_id, lines: l }))));
    const invoices = (await ctx.store.invoices.list({ userId: partner.user_id }, { limit: 100, offset: 0 })).items;
    assert.equal(invoices.length, 1, 'one open invoice for the month');
    const items = await ctx.store.invoices.items([invoices[0]!.id]);
    assert.deepEqual(items.map((i) => i.position), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(invoices[0]!.total_cents, items.reduce((sum, i) => sum + i.total_cents, 0));
  });

  it('an invoice paid twice at once is paid once: the second payment is refused', async () => {
    const user = await createUser(ctx, { username: `payer${++seq}`, password: 'correct horse battery' });
    const contact = (await ctx.store.contacts.findById(user.primary_contact_id!))!;
    const invoice = await ctx.store.transaction((tx) =>
      createInvoice(tx, ctx, { userId: user.id, recipient: contact, lines: [{ description: 'x', qty: 1, unitCents: 1000 }] }),
    );
    const { ok, failed } = await settle([1, 2, 3].map(() => markInvoicePaid(ctx, { invoiceId: invoice.id })));
    assert.equal(ok.length, 1);
    assert.equal(failed.length, 2);
    for (const err of failed) assert.ok(err instanceof DomainError && err.code === 'rejected', String(err));
  });

  it('a refresh token spent twice at once buys one new pair', async () => {
    const created = await createPartner(ctx, { name: `Refresher ${++seq}` });
    const first = await issuePartnerToken(ctx, {
      grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret,
    });
    const spend = () => issuePartnerToken(ctx, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    const { ok, failed } = await settle([spend(), spend(), spend()]);
    assert.equal(ok.length, 1);
    assert.equal(failed.length, 2);
    // The others find it spent: invalid_grant (RFC 6749 5.2), not a client error.
    for (const err of failed) assert.ok(err instanceof TokenError && err.oauthError === 'invalid_grant', String(err));
  });

  describe('one zone changed by many at once', () => {
    let userId: number;
    let fqdn: string;

    before(async () => {
      const user = await createUser(ctx, { username: `zoner${++seq}`, password: 'correct horse battery', postpaid: true });
      userId = user.id;
      fqdn = `concurrent${seq}.fi`;
      const at = '2026-03-01T10:00:00.000Z';
      await ctx.store.transaction(async (tx) => {
        const domain = await tx.domains.create({
          user_id: user.id, sld: fqdn.split('.')[0]!, tld: 'fi', fqdn, fqdn_unicode: fqdn, status: 'active',
          reg_date: '2026-03-01', exp_date: '2027-03-01', renew: 1, registrant_contact_id: null, billing_contact_id: null,
          nameservers: JSON.stringify(OURS), created_at: at, updated_at: null,
        });
        await createZone(tx, ctx, domain, OURS);
      });
    });

    it('every change gets a serial of its own', async () => {
      const before = (await ctx.store.zones.findByName(fqdn))!.serial;
      const hosts = Array.from({ length: 8 }, (_, i) => `host${i}`);
      await Promise.all(hosts.map((host) => createRecord(ctx, { userId, domain: fqdn, record: { host, type: 'A', content: '192.0.2.1' } })));
      const zone = (await ctx.store.zones.findByName(fqdn))!;
      assert.equal(zone.serial, before + hosts.length);
      const records = await ctx.store.records.listByZone(zone.id);
      assert.deepEqual(records.filter((r) => r.type === 'A').map((r) => r.name).sort(), hosts.map((h) => `${h}.${fqdn}`).sort());
    });

    it('the same record added five times at once is added once; the others are refused as duplicates', async () => {
      const add = () => createRecord(ctx, { userId, domain: fqdn, record: { host: 'same', type: 'A', content: '192.0.2.9' } });
      const { ok, failed } = await settle([add(), add(), add(), add(), add()]);
      assert.equal(ok.length, 1);
      for (const err of failed) assert.ok(err instanceof DomainError && err.code === 'invalid', String(err));
      const zone = (await ctx.store.zones.findByName(fqdn))!;
      assert.equal((await ctx.store.records.listByZone(zone.id)).filter((r) => r.name === `same.${fqdn}`).length, 1);
    });

    it('a plan made on a zone row read before another change committed still moves the serial past that change', async () => {
      const stale = (await ctx.store.zones.findByName(fqdn))!;
      await createRecord(ctx, { userId, domain: fqdn, record: { host: 'first', type: 'A', content: '192.0.2.10' } });
      const change = { adds: [{ host: 'second', type: 'A', content: '192.0.2.11' }] };
      const applied = await ctx.store.transaction((tx) => applyPlan(tx, ctx, planChange(stale, [], change)));
      const zone = (await ctx.store.zones.findByName(fqdn))!;
      assert.equal(applied.serial, stale.serial + 2);
      assert.equal(zone.serial, stale.serial + 2);
    });
  });

  it('enqueueUnlessPending: a job claimed while a change commits is not taken for the change\'s own', async () => {
    // The zone publish of a change is skipped when one is already pending. On PostgreSQL a worker could
    // claim that pending job after the change read it and before the change committed, publish the zone
    // as it was, and leave nothing to publish the change (a record the DNS server never served).
    const now = '2026-03-01T10:00:00.000Z';
    const payload = { zone: `race${++seq}.fi` };
    const ours = (jobs: Array<{ kind: string; payload: string }>) => jobs.filter((j) => j.kind === 'test.publish' && j.payload === JSON.stringify(payload));
    await ctx.store.jobs.enqueue('test.publish', payload, now);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let read!: () => void;
    const checked = new Promise<void>((resolve) => (read = resolve));
    const change = ctx.store.transaction(async (tx) => {
      await tx.jobs.enqueueUnlessPending('test.publish', payload, now);
      read();
      await held;
    });
    await checked;
    let committed = false;
    let claimedBeforeCommit: unknown[] = [];
    const claim = ctx.store.jobs.claimDue(now, 1000).then((jobs) => {
      if (!committed) claimedBeforeCommit = ours(jobs);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    committed = true;
    release();
    await change;
    await claim;
    const runsAfterCommit = ours(await ctx.store.jobs.claimDue(now, 1000));
    assert.ok(claimedBeforeCommit.length === 0 || runsAfterCommit.length > 0, 'the change has a publish that starts after it commits');
  });
});
