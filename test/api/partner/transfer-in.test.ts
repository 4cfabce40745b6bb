import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { identifiedClient, identifyPrimaryContact, purchase } from '../../helpers/fixtures.js';
import { markInvoicePaid } from '../../../src/core/billing/mark-invoice-paid.js';

/** POST domains/register with action=transfer, for a name whose holder has left its renewal unpaid. */
describe('partner API: transfer in beside the holder\'s renewal', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  const register = (apiKey: string, name: string, epp_code: string, client_id: number) =>
    t.request('POST', '/domains/register', { token: apiKey, body: { name, period: 1, action: 'transfer', epp_code, client_id } });

  /** A prepaid customer's domain, paid, with its renewal ordered and unpaid; its auth code. */
  async function heldWithUnpaidRenewal(fqdn: string) {
    const holder = await t.user();
    await purchase(t, holder.token, fqdn);
    const invoices = (await t.request('GET', '/api/v1/invoice/invoices', { token: holder.token })).body.data;
    await markInvoicePaid(ctx(), { invoiceId: invoices[0].id });
    assert.equal((await t.request('POST', '/api/v1/domain/domains/renew', { token: holder.token, body: { domain: fqdn, years: 1 } })).status, 200);
    const renewal = (await ctx().store.orders.findOpenByFqdn(fqdn))!;
    assert.equal(renewal.kind, 'renew');
    const code: string = (await t.request('GET', `/api/v1/domain/domains/${fqdn}/authcode`, { token: holder.token })).body.data.authCode;
    return { holder, renewal, code };
  }

  it('transfers the name in and cancels the holder\'s unpaid renewal', async () => {
    const { renewal, code } = await heldWithUnpaidRenewal('siirtyva.fi');
    const partner = await t.partner();
    const client = await identifiedClient(t, partner.apiKey);
    const res = await register(partner.apiKey, 'siirtyva.fi', code, client);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.message, 'Transferred successfully');
    assert.equal((await ctx().store.domains.findLiveByFqdn('siirtyva.fi'))?.user_id, client);
    assert.equal((await ctx().store.orders.findById(renewal.id))?.status, 'cancelled');
  });

  it('names another account\'s unprocessed transfer as what blocks, under name, and writes nothing', async () => {
    const { code } = await heldWithUnpaidRenewal('haluttu.fi');
    const customer = await t.user();
    await identifyPrimaryContact(t, customer.token); // a .fi transfer's registrant is identified
    const first = await t.request('POST', '/api/v1/domain/domains/transfer', { token: customer.token, body: { domain: 'haluttu.fi', authCode: code } });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const partner = await t.partner();
    const res = await register(partner.apiKey, 'haluttu.fi', code, await identifiedClient(t, partner.apiKey));
    assert.equal(res.status, 422);
    assert.deepEqual(res.body, {
      success: false,
      message: 'The given data was invalid.',
      errors: { name: ["Unable to transfer domain. Another account's unprocessed transfer order already exists for the domain."] },
    });
    const orders = await ctx().store.orders.findOpenByFqdn('haluttu.fi', ['transfer']);
    assert.equal(orders?.user_id, customer.id);
  });
});
