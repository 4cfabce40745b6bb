import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { identifyPrimaryContact, purchase } from '../../helpers/fixtures.js';
import { example } from '../../helpers/shape.js';
import { markInvoicePaid } from '../../../src/core/billing/mark-invoice-paid.js';
import { RegistryError } from '../../../src/ports/registry.js';
import type { Notification } from '../../../src/core/lifecycle/notify.js';

const OTHERS_TRANSFER = { error: { status: 422, message: 'The given data was invalid.', context: { domain: ["Unable to transfer domain. Another account's unprocessed transfer order already exists for the domain."] } } };

/**
 * A transfer in is blocked only by another order that would make someone the name's holder (a
 * registration or a transfer), never by the holder's own renewal; the refusal names the order's kind
 * and whether it is the caller's. The holder's renewal ends when the transfer goes through.
 */
describe('client API: transfer in beside the holder\'s renewal', () => {
  let t: TestServer;
  type U = Awaited<ReturnType<TestServer['user']>>;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  // A .fi transfer registers the name to the gaining account's primary contact, which .fi wants
  // identified (a business id): given once per account, before its first transfer.
  const identified = new Set<number>();
  const transfer = async (u: U, domain: string, authCode: string) => {
    if (!identified.has(u.id)) {
      await identifyPrimaryContact(t, u.token);
      identified.add(u.id);
    }
    return t.request('POST', '/api/v1/domain/domains/transfer', { token: u.token, body: { domain, authCode } });
  };
  const renew = (u: U, domain: string) => t.request('POST', '/api/v1/domain/domains/renew', { token: u.token, body: { domain, years: 1 } });
  const authCode = async (u: U, domain: string) => (await t.request('GET', `/api/v1/domain/domains/${domain}/authcode`, { token: u.token })).body.data.authCode as string;
  const ordersOf = async (fqdn: string) => {
    const all = [];
    for (let id = 1; ; id++) {
      const order = await ctx().store.orders.findById(id);
      if (!order) break;
      if (order.fqdn === fqdn) all.push(order);
    }
    return all.map((o) => ({ kind: o.kind, user: o.user_id, status: o.status }));
  };
  const notifications = async (userId: number) =>
    (await ctx().store.jobs.list({}, { limit: 1000, offset: 0 })).items
      .filter((j) => j.kind === 'notification')
      .map((j) => JSON.parse(j.payload) as Notification)
      .filter((n) => n.user_id === userId);
  /** A prepaid holder of `fqdn` (bought and paid) with its renewal ordered and left unpaid. */
  async function heldWithUnpaidRenewal(fqdn: string): Promise<U> {
    const holder = await t.user();
    await purchase(t, holder.token, fqdn);
    const invoices = (await t.request('GET', '/api/v1/invoice/invoices', { token: holder.token })).body.data;
    await markInvoicePaid(ctx(), { invoiceId: invoices[0].id });
    assert.equal((await renew(holder, fqdn)).status, 200);
    assert.deepEqual((await ordersOf(fqdn)).map((o) => [o.kind, o.status]), [['register', 'completed'], ['renew', 'open']]);
    return holder;
  }

  it('the holder\'s unpaid renewal does not block a transfer in, and is cancelled when the transfer goes through', async () => {
    const holder = await heldWithUnpaidRenewal('uusiutuva.fi');
    const gaining = await t.user({ postpaid: true });
    const res = await transfer(gaining, 'uusiutuva.fi', await authCode(holder, 'uusiutuva.fi'));
    assert.deepEqual(res.body, example('POST /api/v1/domain/domains/transfer 200'), JSON.stringify(res.body));

    const live = await ctx().store.domains.findLiveByFqdn('uusiutuva.fi');
    assert.equal(live?.user_id, gaining.id, 'the name moved');
    assert.deepEqual((await ordersOf('uusiutuva.fi')).map((o) => [o.kind, o.user, o.status]), [
      ['register', holder.id, 'completed'],
      ['renew', holder.id, 'cancelled'],
      ['transfer', gaining.id, 'completed'],
    ]);
    const told = await notifications(holder.id);
    assert.ok(told.some((n) => n.subject === 'uusiutuva.fi was transferred away' && n.text.includes('renewal was cancelled')), JSON.stringify(told));

    // Paying the old renewal invoice afterwards renews nothing: the new holder's expiry stays.
    const expiry = live!.exp_date;
    const invoices = (await t.request('GET', '/api/v1/invoice/invoices', { token: holder.token })).body.data;
    await markInvoicePaid(ctx(), { invoiceId: invoices.at(-1).id });
    assert.equal((await ctx().store.domains.findLiveByFqdn('uusiutuva.fi'))?.exp_date, expiry);
    assert.equal((await ordersOf('uusiutuva.fi'))[1]!.status, 'cancelled');
  });

  it('a prepaid gaining account\'s transfer waits for payment beside the renewal; the holder may still renew meanwhile', async () => {
    const holder = await t.user();
    await purchase(t, holder.token, 'odottava.fi');
    const paid = (await t.request('GET', '/api/v1/invoice/invoices', { token: holder.token })).body.data[0];
    await markInvoicePaid(ctx(), { invoiceId: paid.id });
    const gaining = await t.user();
    assert.equal((await transfer(gaining, 'odottava.fi', await authCode(holder, 'odottava.fi'))).status, 200);
    // A stranger's unpaid transfer does not keep the holder from renewing either.
    assert.equal((await renew(holder, 'odottava.fi')).status, 200);
    assert.deepEqual((await ordersOf('odottava.fi')).map((o) => [o.kind, o.status]), [['register', 'completed'], ['transfer', 'open'], ['renew', 'open']]);
    // One renewal at a time still.
    assert.deepEqual((await renew(holder, 'odottava.fi')).body, example('POST /api/v1/domain/domains/renew 422 Validation error (Unpaid order already exists)'));

    const invoice = (await t.request('GET', '/api/v1/invoice/invoices', { token: gaining.token })).body.data[0];
    await markInvoicePaid(ctx(), { invoiceId: invoice.id });
    assert.equal((await ctx().store.domains.findLiveByFqdn('odottava.fi'))?.user_id, gaining.id);
    assert.deepEqual((await ordersOf('odottava.fi')).map((o) => [o.kind, o.status]), [['register', 'completed'], ['transfer', 'completed'], ['renew', 'cancelled']]);
  });

  it('a refusal names the order that blocks: the caller\'s own transfer in the document\'s words, another account\'s as such', async () => {
    const holder = await heldWithUnpaidRenewal('kiistelty.fi');
    const code = await authCode(holder, 'kiistelty.fi');
    const first = await t.user();
    const second = await t.user();
    assert.equal((await transfer(first, 'kiistelty.fi', code)).status, 200);
    assert.deepEqual((await transfer(first, 'kiistelty.fi', code)).body, example('POST /api/v1/domain/domains/transfer 422 Validation error (Unpaid order already exists)'));
    const refused = await transfer(second, 'kiistelty.fi', code);
    assert.deepEqual(refused.body, OTHERS_TRANSFER);
    assert.ok(!JSON.stringify(refused.body).includes(String(first.id)), 'nothing of the other account');
    assert.deepEqual((await ordersOf('kiistelty.fi')).map((o) => [o.kind, o.status]), [['register', 'completed'], ['renew', 'open'], ['transfer', 'open']]);
  });

  it('a paid renewal still waiting for the registry fails when the transfer goes through, and is never carried out', async () => {
    const holder = await t.user({ postpaid: true });
    await purchase(t, holder.token, 'kesken.fi');
    const registry = ctx().registry;
    const renewAtRegistry = registry.renew;
    registry.renew = async () => {
      throw new RegistryError('unavailable', 'registry maintenance');
    };
    try {
      assert.equal((await renew(holder, 'kesken.fi')).status, 200);
      assert.deepEqual((await ordersOf('kesken.fi')).map((o) => [o.kind, o.status]), [['register', 'completed'], ['renew', 'paid']]);
      const gaining = await t.user({ postpaid: true });
      assert.equal((await transfer(gaining, 'kesken.fi', await authCode(holder, 'kesken.fi'))).status, 200);
    } finally {
      registry.renew = renewAtRegistry;
    }
    const expiry = (await ctx().store.domains.findLiveByFqdn('kesken.fi'))!.exp_date;
    // The renewal's retry finds it failed and leaves the new holder's registration alone.
    t.clock.advance(3_600_000);
    await ctx().jobs.drain();
    const orders = await ordersOf('kesken.fi');
    assert.deepEqual(orders.map((o) => [o.kind, o.status]), [['register', 'completed'], ['renew', 'failed'], ['transfer', 'completed']]);
    assert.equal((await ctx().store.domains.findLiveByFqdn('kesken.fi'))!.exp_date, expiry);
    assert.equal((await registry.info('kesken.fi'))!.expiresAt.slice(0, 10), expiry);
  });
});
