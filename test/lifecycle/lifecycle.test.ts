import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { REGISTRANT } from '../helpers/fixtures.js';
import { markInvoicePaid } from '../../src/core/billing/mark-invoice-paid.js';
import { createService } from '../../src/core/services/create-service.js';
import { runLifecycle } from '../../src/core/lifecycle/run-lifecycle.js';
import type { Notification } from '../../src/core/lifecycle/notify.js';

/**
 * The lifecycle schedule, driven by moving the test clock and calling the worker's tick() (one
 * scheduling pass, then a drain of the outbox): renewal invoices 30 days ahead, renewal on payment,
 * expiry, redemption after 30 days, deletion and release at the registry after 30 more.
 * Everything starts on 2026-03-01: a one-year domain bought then expires on 2027-03-01.
 */
async function world() {
  const t = await startTestServer({ start: '2026-03-01T10:00:00Z' });
  const ctx = t.server.runtime.ctx;
  const notifications: Notification[] = [];
  const log = t.server.runtime.runner.log;
  t.server.runtime.runner.log = {
    ...log,
    info(data: object, message: string) {
      if ('notification' in data) notifications.push((data as { notification: Notification }).notification);
      log.info(data, message);
    },
  };
  const at = async (day: string) => {
    t.clock.set(`${day}T12:00:00Z`);
    return t.server.worker!.tick();
  };
  /** Buys `fqdn` for one year over HTTP and pays its invoice: active until 2027-03-01. */
  const owned = async (token: string, fqdn: string) => {
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', {
      token, body: { domain: fqdn, years: 1, registrantContact: REGISTRANT },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const order = await ctx.store.orders.findOpenByFqdn(fqdn);
    if (order?.status === 'open') await markInvoicePaid(ctx, { invoiceId: order.invoice_id! });
    const domain = await ctx.store.domains.findLiveByFqdn(fqdn);
    assert.equal(domain?.status, 'active');
    assert.equal(domain?.exp_date, '2027-03-01');
    return domain!;
  };
  const domain = async (id: number) => (await ctx.store.domains.findById(id))!;
  const invoicesOf = async (userId: number) => (await ctx.store.invoices.list({ userId }, { limit: 100, offset: 0 })).items;
  const linesOf = async (invoiceId: number) => (await ctx.store.invoices.items([invoiceId])).map((l) => l.description);
  return { t, ctx, notifications, at, owned, domain, invoicesOf, linesOf };
}

describe('lifecycle: domains', () => {
  it('bills a renewal 30 days before expiry, once, and renews at the registry when it is paid', async () => {
    const w = await world();
    try {
      const u = await w.t.user({ email: 'owner@example.fi' });
      const d = await w.owned(u.token, 'uusi.fi');
      await w.at('2027-01-29');
      assert.equal((await w.invoicesOf(u.id)).length, 1, '31 days before: nothing yet');

      await w.at('2027-01-30');
      const invoices = await w.invoicesOf(u.id);
      assert.equal(invoices.length, 2);
      const renewal = invoices[1]!;
      assert.equal(renewal.paid, 0);
      assert.equal(renewal.date, '2027-01-30');
      assert.deepEqual(await w.linesOf(renewal.id), ['uusi.fi rekisteröinnin uudistus 1.3.27-1.3.28']);
      const order = await w.ctx.store.orders.findOpenByFqdn('uusi.fi');
      assert.equal(order?.kind, 'renew');
      assert.equal(order?.status, 'open');
      assert.equal(order?.invoice_id, renewal.id);
      const told = w.notifications.filter((n) => n.user_id === u.id);
      assert.equal(told.length, 1);
      assert.equal(told[0]!.to, 'owner@example.fi');
      assert.equal(told[0]!.subject, 'Renewal of uusi.fi');
      assert.match(told[0]!.text, new RegExp(`Invoice ${renewal.ref_number}, 18\\.70 EUR .* due 2027-02-13`));

      // Once: a later pass, and two passes at once (two workers), bill nothing more.
      await w.at('2027-02-10');
      await Promise.all([runLifecycle(w.ctx), runLifecycle(w.ctx)]);
      assert.equal((await w.invoicesOf(u.id)).length, 2);

      await markInvoicePaid(w.ctx, { invoiceId: renewal.id });
      assert.equal((await w.domain(d.id)).exp_date, '2028-03-01');
      assert.equal((await w.ctx.registry.info('uusi.fi'))?.expiresAt.slice(0, 10), '2028-03-01');
      // The next renewal is billed 30 days before the new expiry (2028 is a leap year).
      await w.at('2028-01-30');
      assert.equal((await w.invoicesOf(u.id)).length, 2);
      await w.at('2028-01-31');
      assert.equal((await w.invoicesOf(u.id)).length, 3);
    } finally {
      await w.t.close();
    }
  });

  it('renewal off: expired the day after expiry, redemption after 30 days, deleted and free after 30 more', async () => {
    const w = await world();
    try {
      const u = await w.t.user();
      const d = await w.owned(u.token, 'loppu.fi');
      await w.ctx.store.domains.update(d.id, { renew: 0 });
      assert.ok(await w.ctx.store.zones.findByDomainId(d.id), 'a zone on our nameservers');

      await w.at('2027-01-30');
      assert.equal((await w.invoicesOf(u.id)).length, 1, 'no renewal invoice with renewal off');
      await w.at('2027-03-01');
      assert.equal((await w.domain(d.id)).status, 'active', 'its last day');
      await w.at('2027-03-02');
      assert.equal((await w.domain(d.id)).status, 'expired');
      // Expiry is told by the domain.expired event's mail (core/messages), not a notification too.
      assert.deepEqual(w.notifications.map((n) => n.subject), []);

      await w.at('2027-03-31');
      assert.equal((await w.domain(d.id)).status, 'expired', '30 days after expiry: still in grace');
      await w.at('2027-04-01');
      assert.equal((await w.domain(d.id)).status, 'redemption');
      assert.ok(await w.ctx.registry.info('loppu.fi'), 'still registered in redemption');

      await w.at('2027-04-30');
      assert.equal((await w.domain(d.id)).status, 'redemption');
      await w.at('2027-05-01');
      assert.equal((await w.domain(d.id)).status, 'deleted');
      assert.equal(await w.ctx.registry.info('loppu.fi'), undefined, 'released at the registry');
      assert.equal(await w.ctx.store.zones.findByDomainId(d.id), undefined, 'its zone is gone');
      assert.deepEqual(w.notifications.map((n) => n.subject), ['loppu.fi is in redemption', 'loppu.fi has been deleted']);
      const jobs = (await w.ctx.store.jobs.list({}, { limit: 100, offset: 0 })).items;
      assert.ok(jobs.every((j) => j.status === 'done'), JSON.stringify(jobs.filter((j) => j.status !== 'done')));

      // Anyone may register it now.
      const other = await w.t.user();
      const again = await w.t.request('POST', '/api/v1/domain/domains/purchase', {
        token: other.token, body: { domain: 'loppu.fi', years: 1, registrantContact: REGISTRANT },
      });
      assert.equal(again.status, 200, JSON.stringify(again.body));
    } finally {
      await w.t.close();
    }
  });

  it('an unpaid renewal: expired and in redemption; paid late it is restored; never paid it is deleted with its order cancelled', async () => {
    const w = await world();
    try {
      const u = await w.t.user();
      const late = await w.owned(u.token, 'myohassa.fi');
      const never = await w.owned(u.token, 'unohdettu.fi');
      await w.at('2027-01-30');
      const lateOrder = (await w.ctx.store.orders.findOpenByFqdn('myohassa.fi'))!;
      const neverOrder = (await w.ctx.store.orders.findOpenByFqdn('unohdettu.fi'))!;
      await w.at('2027-03-02');
      assert.equal((await w.domain(late.id)).status, 'expired');
      await w.at('2027-04-01');
      assert.equal((await w.domain(late.id)).status, 'redemption');

      await markInvoicePaid(w.ctx, { invoiceId: lateOrder.invoice_id! });
      assert.equal((await w.domain(late.id)).exp_date, '2028-03-01');
      await w.at('2027-04-02');
      assert.equal((await w.domain(late.id)).status, 'active', 'restored by the late payment');

      await w.at('2027-05-01');
      assert.equal((await w.domain(never.id)).status, 'deleted');
      assert.equal((await w.ctx.store.orders.findById(neverOrder.id))?.status, 'cancelled');
      assert.equal(await w.ctx.store.orders.findOpenByFqdn('unohdettu.fi'), undefined, 'nothing keeps the name from being bought');
      assert.equal((await w.domain(late.id)).status, 'active');
    } finally {
      await w.t.close();
    }
  });

  it('a postpaid account and a partner are renewed at once, the partner on its monthly invoice', async () => {
    const w = await world();
    try {
      const post = await w.t.user({ postpaid: true });
      const res = await w.t.request('POST', '/api/v1/domain/domains/purchase', {
        token: post.token, body: { domain: 'jalkeen.fi', years: 1, registrantContact: REGISTRANT },
      });
      assert.equal(res.status, 200);
      const p = await w.t.partner();
      const reg = await w.t.request('POST', '/domains/register', { token: p.apiKey, body: { name: 'jalleenmyyja.com', period: 1, action: 'register' } });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));

      await w.at('2027-01-30');
      const postDomain = (await w.ctx.store.domains.findLiveByFqdn('jalkeen.fi'))!;
      assert.equal(postDomain.exp_date, '2028-03-01', 'renewed at once');
      const postInvoices = await w.invoicesOf(post.id);
      assert.equal(postInvoices.length, 2);
      assert.equal(postInvoices[1]!.paid, 0, 'billed, to be paid later');

      const partnerDomain = (await w.ctx.store.domains.findLiveByFqdn('jalleenmyyja.com'))!;
      assert.equal(partnerDomain.exp_date, '2028-03-01');
      const monthly = (await w.invoicesOf(p.userId)).find((i) => i.period === '2027-01');
      assert.ok(monthly, 'the partner\'s January invoice');
      assert.deepEqual(await w.linesOf(monthly.id), ['jalleenmyyja.com rekisteröinnin uudistus 1.3.27-1.3.28']);
    } finally {
      await w.t.close();
    }
  });
});

describe('lifecycle: services', () => {
  it('bills a renewal 30 days ahead, renews it when paid; unpaid or renewal off, it expires', async () => {
    const w = await world();
    try {
      const u = await w.t.user();
      const paid = await createService(w.ctx, { userId: u.id, name: 'Webhotelli', priceCents: 990, periodMonths: 12, renew: true });
      const unpaid = await createService(w.ctx, { userId: u.id, name: 'Varmuuskopio', priceCents: 500, periodMonths: 12, renew: true });
      const off = await createService(w.ctx, { userId: u.id, name: 'Vanha', priceCents: 100, periodMonths: 12 });
      const free = await createService(w.ctx, { userId: u.id, name: 'Ilmainen', priceCents: 0, periodMonths: 1, renew: true });
      assert.equal(paid.exp_date, '2027-03-01');

      await w.at('2027-01-30');
      const invoices = await w.invoicesOf(u.id);
      assert.equal(invoices.length, 2, 'one invoice per service with renewal on and a price');
      const [first, second] = invoices;
      assert.deepEqual(await w.linesOf(first!.id), ['Webhotelli 1.3.27-29.2.28']);
      assert.deepEqual(await w.linesOf(second!.id), ['Varmuuskopio 1.3.27-29.2.28']);
      assert.equal(first!.total_cents, 1242, '9.90 + 25.5 % VAT');
      assert.equal((await w.ctx.store.services.findById(paid.id))?.exp_date, '2027-03-01', 'not renewed before payment');
      assert.ok(((await w.ctx.store.services.findById(free.id))?.exp_date ?? '') > '2027-03-01', 'a free service renews itself');

      await markInvoicePaid(w.ctx, { invoiceId: first!.id });
      await w.at('2027-01-31');
      assert.equal((await w.ctx.store.services.findById(paid.id))?.exp_date, '2028-03-01');
      assert.ok(w.notifications.some((n) => n.text.startsWith('Thank you for your payment: Webhotelli is renewed until 2028-03-01')));
      await w.at('2027-02-15');
      assert.equal((await w.invoicesOf(u.id)).length, 2, 'billed once');

      await w.at('2027-03-02');
      assert.equal((await w.ctx.store.services.findById(unpaid.id))?.status, 'expired');
      assert.equal((await w.ctx.store.services.findById(off.id))?.status, 'expired');
      assert.equal((await w.ctx.store.services.findById(paid.id))?.status, 'active');

      // Paid after it expired: active again, for the period it paid for.
      await markInvoicePaid(w.ctx, { invoiceId: second!.id });
      await w.at('2027-03-03');
      const back = await w.ctx.store.services.findById(unpaid.id);
      assert.equal(back?.status, 'active');
      assert.equal(back?.exp_date, '2028-03-01');
    } finally {
      await w.t.close();
    }
  });

  it('a Microsoft 365 subscription is billed on its next billing date on the partner\'s invoice and checked at Microsoft', async () => {
    const w = await world();
    try {
      const p = await w.t.partner();
      const tenant = await w.t.request('POST', '/products/m365/tenant', { token: p.apiKey, body: { tenant_name: `lifecycle${Date.now()}` } });
      assert.equal(tenant.status, 201, JSON.stringify(tenant.body));
      const serviceId = tenant.body.data.service_id;
      const sub = await w.t.request('POST', `/products/${serviceId}/m365/subscription`, {
        token: p.apiKey, body: { quantity: 3, term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: 1 },
      });
      assert.equal(sub.status, 200, JSON.stringify(sub.body));
      const service = (await w.ctx.store.services.listByUser(p.userId, { limit: 10, offset: 0 })).items.find((s) => s.kind === 'm365_subscription')!;
      assert.equal(service.exp_date, '2026-04-01');

      await w.at('2026-03-31');
      assert.equal((await w.ctx.store.services.findById(service.id))?.exp_date, '2026-04-01', 'not billed ahead');
      await w.at('2026-04-01');
      assert.equal((await w.ctx.store.services.findById(service.id))?.exp_date, '2026-05-01');
      const april = (await w.invoicesOf(p.userId)).find((i) => i.period === '2026-04');
      assert.ok(april);
      const lines = await w.ctx.store.invoices.items([april.id]);
      assert.equal(lines.length, 1);
      assert.match(lines[0]!.description, / 1\.4\.26-30\.4\.26$/);
      assert.equal(lines[0]!.qty, 3);
      const sync = (await w.ctx.store.jobs.list({}, { limit: 100, offset: 0 })).items.find((j) => j.kind === 'm365.sync');
      assert.equal(sync?.status, 'done');
      await w.at('2026-04-02');
      assert.equal((await w.ctx.store.services.findById(service.id))?.status, 'active');
    } finally {
      await w.t.close();
    }
  });
});
