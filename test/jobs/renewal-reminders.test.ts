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

  it('30, 7 and 1 days before expiry with renewal off, once each; none with renewal on', async () => {
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

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail('timed out waiting for the mail');
    await new Promise((r) => setTimeout(r, 50));
  }
}
