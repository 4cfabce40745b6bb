import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { REGISTRANT } from '../helpers/fixtures.js';
import { TestSmtp, decodeHeader, parseMime } from '../helpers/smtp.js';
import { markInvoicePaid } from '../../src/core/billing/mark-invoice-paid.js';
import { remindExpiringDomains } from '../../src/core/lifecycle/remind-expiring-domains.js';

/**
 * Renewal reminders 30, 7 and 1 days before expiry for a domain whose automatic renewal is off, driven
 * by moving the clock and the worker's tick(), mailed to a real SMTP server. A one-year domain bought
 * on 2026-03-01 expires on 2027-03-01.
 */
describe('renewal reminders', () => {
  let smtp: TestSmtp;
  let t: TestServer;
  before(async () => {
    smtp = await new TestSmtp().start();
    t = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  const ctx = () => t.server.runtime.ctx;
  const owned = async (token: string, fqdn: string) => {
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', { token, body: { domain: fqdn, years: 1, registrantContact: REGISTRANT } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const order = await ctx().store.orders.findOpenByFqdn(fqdn);
    if (order?.status === 'open') await markInvoicePaid(ctx(), { invoiceId: order.invoice_id! });
    const domain = await ctx().store.domains.findLiveByFqdn(fqdn);
    assert.equal(domain?.exp_date, '2027-03-01');
    return domain!;
  };
  const at = async (day: string) => {
    t.clock.set(`${day}T12:00:00Z`);
    await t.server.worker!.tick();
    await t.server.runtime.runner.drain();
  };
  const reminders = async (fqdn: string) =>
    (await ctx().store.events.list({ type: 'domain.expiring' }, { limit: 100, offset: 0 })).items
      .filter((e) => e.subject === fqdn)
      .map((e) => JSON.parse(e.data) as { days: number; exp_date: string })
      .sort((a, b) => b.days - a.days);
  const mailedTo = (address: string) => smtp.received.filter((m) => m.to.includes(address)).map((m) => decodeHeader(parseMime(m.raw).headers.subject ?? ''));

  // First: it runs in 2026, before the next test moves the clock to 2027.
  it('an unpaid invoice\'s reminder and its cancellation are mailed', async () => {
    const user = await t.user({ email: 'maksamatta@example.com' });
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', { token: user.token, body: { domain: 'maksamatta.com', years: 1, registrantContact: REGISTRANT } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const invoice = (await t.request('GET', '/api/v1/invoice/invoices', { token: user.token })).body.data[0];
    assert.equal(invoice.due_date, '2026-03-15');
    // Reminders 7 and 21 days after the due date, the last step 35 days after it (the defaults).
    await at('2026-03-22');
    await at('2026-04-05');
    await at('2026-04-19');
    const expected = [
      `Invoice ${invoice.ref_number}`, `Payment reminder: invoice ${invoice.ref_number}`, `Second reminder: invoice ${invoice.ref_number}`,
      'maksamatta.com: the order was cancelled', `Invoice ${invoice.ref_number} was cancelled`,
    ];
    await until(() => mailedTo('maksamatta@example.com').length >= expected.length, 10_000, () => JSON.stringify(mailedTo('maksamatta@example.com')));
    assert.deepEqual(mailedTo('maksamatta@example.com'), expected);
  });

  it('30, 7 and 1 days before expiry with renewal off, once each; none with renewal on', async () => {
    t.clock.set('2026-03-01T10:00:00Z');
    const off = await t.user({ email: 'muistutus@example.com' });
    const on = await t.user({ email: 'automaatti@example.com' });
    const d = await owned(off.token, 'muistuta.com');
    await ctx().store.domains.update(d.id, { renew: 0 });
    await owned(on.token, 'uusiutuu.com');

    await at('2027-01-29');
    assert.deepEqual(await reminders('muistuta.com'), [], '31 days before: nothing yet');
    await at('2027-01-30');
    assert.deepEqual(await reminders('muistuta.com'), [{ days: 30, exp_date: '2027-03-01' }]);
    // Ticks on the same day and the days after record nothing new until the next threshold.
    await at('2027-01-30');
    await at('2027-02-10');
    await at('2027-02-21');
    assert.equal((await reminders('muistuta.com')).length, 1);
    await at('2027-02-22');
    await at('2027-02-23');
    assert.deepEqual((await reminders('muistuta.com')).map((r) => r.days), [30, 7]);
    await at('2027-02-28');
    await at('2027-02-28');
    assert.deepEqual((await reminders('muistuta.com')).map((r) => r.days), [30, 7, 1]);
    await at('2027-03-01');
    // A second worker's pass at the same time finds every reminder recorded.
    assert.equal((await remindExpiringDomains(ctx(), '2027-02-28')).done, 0);
    assert.equal((await reminders('muistuta.com')).length, 3);

    const expiring = () => mailedTo('muistutus@example.com').filter((s) => /expires/.test(s));
    await until(() => expiring().length >= 3);
    assert.deepEqual(expiring(), Array(3).fill('muistuta.com expires on 2027-03-01'));
    assert.ok(mailedTo('muistutus@example.com').includes('muistuta.com is registered'), 'the registration was mailed too');
    assert.deepEqual(await reminders('uusiutuu.com'), [], 'renewal on: billed, not reminded');
    assert.deepEqual(mailedTo('automaatti@example.com').filter((s) => /expires/.test(s)), []);
  });
});

async function until(check: () => boolean, ms = 10_000, seen: () => string = () => ''): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for the mail ${seen()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
