import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { addDays, isoDate } from '../../src/core/dates.js';
import { markInvoicePaid } from '../../src/core/billing/mark-invoice-paid.js';
import { createService } from '../../src/core/services/create-service.js';
import { runLifecycle } from '../../src/core/lifecycle/run-lifecycle.js';
import type { Ctx } from '../../src/core/context.js';

type Event = { type: string; subject: string; data: Record<string, unknown> };
type WireInvoice = { id: number; ref_number: string | number; due_date: string; total: number; paid: boolean };

/**
 * Overdue invoices: reminders after the due date (7 and 21 days by default), then the final step
 * (35 days: DUNNING_FINAL_ACTION), driven by moving the clock and running the schedule's pass twice
 * at once (two workers) on every day that matters, over the test store (SQLite, or PostgreSQL under
 * TEST_DATABASE_URL). One server for the file: each test starts where the clock is and changes the
 * policy it needs on the running core's settings.
 */
describe('overdue invoices: reminders, then cancelled or suspended', () => {
  let t: TestServer;
  let ctx: Ctx;
  before(async () => {
    t = await startTestServer({ start: '2026-03-01T10:00:00Z' });
    ctx = t.server.runtime.ctx;
  });
  after(() => t.close());

  const policy = (finalAction: 'cancel' | 'suspend' | 'none') => {
    ctx.settings.dunning = { reminderDays: [7, 21], finalDays: 35, finalAction };
  };
  const today = () => isoDate(t.clock.now());
  /** A fresh login: tokens expire as the clock moves on. */
  const tok = async (u: { username: string; password: string }): Promise<string> => {
    const res = await t.request('POST', '/api/v1/auth', { body: { username: u.username, password: u.password } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data.token;
  };
  /** Two workers' passes at once on `day`, then the queue drained (as the worker's tick does). */
  const race = async (day: string) => {
    assert.ok(day >= today(), `the clock only moves on (${day} < ${today()})`);
    t.clock.set(`${day}T03:00:00Z`);
    await Promise.all([runLifecycle(ctx), runLifecycle(ctx)]);
    await ctx.jobs.drain();
  };
  const events = async (token: string, type: string): Promise<Event[]> => {
    const res = await t.request('GET', `/api/v1/events?type=${type}&limit=100`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.data as Event[]).reverse(); // oldest first
  };
  const partnerEvents = async (key: string, type: string): Promise<Event[]> => {
    const res = await t.request('GET', `/events?type=${type}&per_page=100`, { token: key });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.data as Event[]).reverse();
  };
  const lastInvoice = async (token: string): Promise<WireInvoice> => {
    const res = await t.request('GET', '/api/v1/invoice/invoices', { token });
    assert.equal(res.status, 200);
    return res.body.data[res.body.data.length - 1];
  };
  const shown = async (invoiceId: number) => {
    const run = await runCli({ databaseUrl: t.databaseUrl, env: { DATA_DIR: t.dir } }, 'invoices', 'show', String(invoiceId), '--json');
    assert.equal(run.code, 0, run.stderr);
    return run.json as { dunning_stage: string; dunning_at: string | null; paid: boolean };
  };
  const serviceStatus = async (token: string, id: number): Promise<string> => {
    const res = await t.request('GET', `/api/v1/service/services/${id}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data.status;
  };

  it('a prepaid purchase left unpaid: reminder 1, reminder 2, then the order cancelled and the name never registered, each once', async () => {
    policy('cancel');
    const u = await t.user();
    await purchase(t, await tok(u), 'maksamaton.fi');
    const invoice = await lastInvoice(await tok(u));
    const stored = (await ctx.store.invoices.findById(invoice.id))!;
    const due = invoice.due_date;
    assert.equal(due, addDays(today(), 14));

    await race(addDays(due, 6));
    assert.deepEqual(await events(await tok(u), 'invoice.overdue'), [], 'not before 7 days past due');
    await race(addDays(due, 7));
    const first = await events(await tok(u), 'invoice.overdue');
    assert.equal(first.length, 1, 'two workers, one reminder');
    assert.equal(first[0]!.subject, String(invoice.id));
    assert.deepEqual(first[0]!.data, { reminder: 1, due_date: due, total_cents: stored.total_cents, ref_number: stored.ref_number });
    assert.equal((await shown(invoice.id)).dunning_stage, 'reminder 1');

    await race(addDays(due, 20));
    assert.equal((await events(await tok(u), 'invoice.overdue')).length, 1);
    await race(addDays(due, 21));
    const both = await events(await tok(u), 'invoice.overdue');
    assert.deepEqual(both.map((e) => e.data.reminder), [1, 2]);
    const listed = await runCli({ databaseUrl: t.databaseUrl, env: { DATA_DIR: t.dir } }, 'invoices', 'list', '--overdue', '--user', u.username);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /DUNNING/);
    assert.match(listed.stdout, new RegExp(`reminder 2 \\(${addDays(due, 21)}\\)`));

    await race(addDays(due, 34));
    assert.deepEqual(await events(await tok(u), 'domain.order_cancelled'), []);
    const order = (await ctx.store.orders.findOpenByFqdn('maksamaton.fi'))!;
    assert.equal(order.status, 'open', 'still waiting for payment the day before');
    await race(addDays(due, 35));
    assert.equal((await ctx.store.orders.findById(order.id))?.status, 'cancelled');
    assert.equal(await ctx.registry.info('maksamaton.fi'), undefined, 'never registered');
    const cancelled = await events(await tok(u), 'domain.order_cancelled');
    assert.equal(cancelled.length, 1);
    assert.deepEqual(cancelled[0]!.data, { order_id: order.id, kind: 'register', invoice_id: invoice.id, ref_number: stored.ref_number });
    const voided = await events(await tok(u), 'invoice.cancelled');
    assert.equal(voided.length, 1);
    assert.deepEqual(voided[0]!.data, { ref_number: stored.ref_number, total_cents: stored.total_cents, due_date: due, orders: [order.id] });
    assert.equal((await shown(invoice.id)).dunning_stage, 'cancelled');
    await assert.rejects(markInvoicePaid(ctx, { invoiceId: invoice.id }), /Invoice was cancelled unpaid/, 'nothing left to pay for: refunded, not paid');
    const domains = (await t.request('GET', '/api/v1/domain/domains', { token: await tok(u) })).body.data as Array<{ fqdn: string }>;
    assert.ok(!domains.some((d) => d.fqdn === 'maksamaton.fi'), 'the pending name is gone from the customer\'s list');

    // Nothing more on later passes, and the name is free for anyone.
    await race(addDays(due, 90));
    assert.equal((await events(await tok(u), 'invoice.overdue')).length, 2);
    assert.equal((await events(await tok(u), 'invoice.cancelled')).length, 1);
    const other = await t.user();
    await purchase(t, await tok(other), 'maksamaton.fi');
  });

  it('paid after the first reminder: the chase stops and the domain is registered', async () => {
    policy('cancel');
    const u = await t.user();
    await purchase(t, await tok(u), 'maksettu.fi');
    const invoice = await lastInvoice(await tok(u));
    await race(addDays(invoice.due_date, 7));
    assert.equal((await events(await tok(u), 'invoice.overdue')).length, 1);
    await markInvoicePaid(ctx, { invoiceId: invoice.id });
    await race(addDays(invoice.due_date, 21));
    await race(addDays(invoice.due_date, 35));
    await race(addDays(invoice.due_date, 60));
    assert.deepEqual((await events(await tok(u), 'invoice.overdue')).map((e) => e.data.reminder), [1]);
    assert.deepEqual(await events(await tok(u), 'domain.order_cancelled'), []);
    assert.ok(await ctx.registry.info('maksettu.fi'), 'registered once paid');
    const shownPaid = await shown(invoice.id);
    assert.equal(shownPaid.paid, true);
    assert.equal(shownPaid.dunning_stage, 'reminder 1');
  });

  it('`suspend`: a postpaid account\'s unpaid service renewal suspends the service (paying resumes it); a purchase\'s order is kept', async () => {
    policy('suspend');
    const post = await t.user({ postpaid: true });
    const buyer = await t.user();
    const service = await createService(ctx, { userId: post.id, name: 'Webhotelli', priceCents: 1000, periodMonths: 1, renew: true });
    await purchase(t, await tok(buyer), 'pidetty.fi');
    const purchaseInvoice = await lastInvoice(await tok(buyer));
    await race(addDays(today(), 2));
    const renewal = await lastInvoice(await tok(post));
    assert.ok(renewal && !renewal.paid, 'the renewal is billed, to be paid later');
    assert.equal(await serviceStatus(await tok(post), service.id), 'active', 'renewed at once, as a postpaid account is');

    for (const days of [7, 21, 34]) await race(addDays(renewal.due_date, days));
    assert.equal(await serviceStatus(await tok(post), service.id), 'active');
    await race(addDays(renewal.due_date, 35));
    assert.equal(await serviceStatus(await tok(post), service.id), 'suspended');
    const suspended = await events(await tok(post), 'service.suspended');
    assert.equal(suspended.length, 1, 'two workers, one suspension');
    assert.equal(suspended[0]!.subject, String(service.id));
    assert.equal(suspended[0]!.data.invoice_id, renewal.id);
    assert.equal((await shown(renewal.id)).dunning_stage, 'final');

    // The purchase's invoice went the same way, but `suspend` keeps orders.
    assert.ok(addDays(purchaseInvoice.due_date, 35) <= today());
    assert.equal((await events(await tok(buyer), 'invoice.overdue')).length, 2);
    assert.equal((await ctx.store.orders.findOpenByFqdn('pidetty.fi'))?.status, 'open', 'still payable');
    assert.deepEqual(await events(await tok(buyer), 'domain.order_cancelled'), []);

    await markInvoicePaid(ctx, { invoiceId: renewal.id });
    assert.equal(await serviceStatus(await tok(post), service.id), 'active', 'paid: active again');
    assert.equal((await events(await tok(post), 'service.resumed')).length, 1);
  });

  it('`none` only reminds', async () => {
    policy('none');
    const u = await t.user();
    await purchase(t, await tok(u), 'muistutus.fi');
    const invoice = await lastInvoice(await tok(u));
    for (const days of [7, 21, 35, 90]) await race(addDays(invoice.due_date, days));
    assert.deepEqual((await events(await tok(u), 'invoice.overdue')).map((e) => e.data.reminder), [1, 2]);
    assert.equal((await ctx.store.orders.findOpenByFqdn('muistutus.fi'))?.status, 'open');
    assert.deepEqual(await events(await tok(u), 'domain.order_cancelled'), []);
    assert.deepEqual(await events(await tok(u), 'invoice.cancelled'), []);
    assert.equal((await shown(invoice.id)).dunning_stage, 'reminder 2');
  });

  it('a partner\'s monthly invoice is chased after its month; the final step suspends the partner\'s own services, not its clients\'', async () => {
    policy('cancel');
    const p = await t.partner();
    const client = await t.user({ partnerId: p.id });
    const own = await createService(ctx, { userId: p.userId, name: 'Oma palvelin', priceCents: 2000, periodMonths: 1, renew: true });
    const theirs = await createService(ctx, { userId: client.id, name: 'Asiakkaan webhotelli', priceCents: 1000, periodMonths: 1, renew: true });
    await race(addDays(today(), 2));
    const month = today().slice(0, 7);
    const monthly = (await ctx.store.invoices.list({ userId: p.userId }, { limit: 100, offset: 0 })).items.find((i) => i.period === month);
    assert.ok(monthly, 'the partner\'s invoice for the month');
    assert.equal((await ctx.store.invoices.items([monthly.id])).length, 2, 'both renewals on it');
    const overdueOfIt = async () => (await partnerEvents(p.apiKey, 'invoice.overdue')).filter((e) => e.subject === String(monthly.id));

    // Its own due date counts from its first line; the month's bill is due 14 days after the month.
    await race(addDays(monthly.due_date, 7));
    assert.deepEqual(await overdueOfIt(), [], 'not chased while its month may still add lines');
    const monthEnd = addDays(`${isoDate(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)))}`, -1);
    const due = addDays(monthEnd, 14);
    await race(addDays(due, 7));
    assert.deepEqual((await overdueOfIt()).map((e) => e.data.reminder), [1]);
    await race(addDays(due, 21));
    await race(addDays(due, 35));
    assert.deepEqual((await overdueOfIt()).map((e) => e.data.reminder), [1, 2]);
    assert.equal((await ctx.store.services.findById(own.id))?.status, 'suspended', 'the partner\'s own service');
    assert.equal(await serviceStatus(await tok(client), theirs.id), 'active', 'its client\'s service runs on');
    const suspended = (await partnerEvents(p.apiKey, 'service.suspended')).map((e) => e.subject);
    assert.deepEqual(suspended, [String(own.id)]);
    assert.deepEqual((await partnerEvents(p.apiKey, 'invoice.cancelled')).filter((e) => e.subject === String(monthly.id)), [], 'a monthly bill is owed, never voided');
  });
});
