import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { REGISTRANT } from '../helpers/fixtures.js';
import { markInvoicePaid } from '../../src/core/billing/mark-invoice-paid.js';

/**
 * Fifty purchases of one name at once, through both dialects, by prepaid and postpaid customers and by
 * partners: one wins, and the store holds exactly one order, one invoice line, one domain and one
 * registration for the name. The losers get their dialect's 4xx and leave nothing behind. On
 * PostgreSQL (TEST_DATABASE_URL) the requests really run in parallel transactions.
 */
describe('fifty concurrent purchases of one name', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const db = () => t.server.runtime.db;

  it("a partner's registrations of twenty different names at once all succeed, on one monthly invoice", async () => {
    // Each order's rows reference the partner's account before the monthly invoice locks it; on
    // PostgreSQL a lock that waited for those references deadlocked two orders (a 500).
    const p = await t.partner();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      t.request('POST', '/domains/register', { token: p.apiKey, body: { name: `rinnakkain-${i}.com`, period: 1, action: 'register' } })));
    assert.deepEqual(results.map((r) => r.status), results.map(() => 201), JSON.stringify(results.find((r) => r.status !== 201)?.body));
    const invoices = await db().selectFrom('invoices').select('id').where('user_id', '=', p.userId).execute();
    assert.equal(invoices.length, 1);
    const lines = await db().selectFrom('invoice_items').select('position').where('invoice_id', '=', invoices[0]!.id).orderBy('position').execute();
    assert.deepEqual(lines.map((l) => l.position), Array.from({ length: 20 }, (_, i) => i + 1));
  });

  for (const [label, name] of [['a new name', 'kilpajuoksu.fi'], ['a .com', 'rush-hour.com']] as const) {
    it(`${label}: exactly one order, one invoice line, one domain, one registration`, async () => {
      const customers = await Promise.all([
        ...Array.from({ length: 3 }, () => t.user()),
        ...Array.from({ length: 2 }, () => t.user({ postpaid: true })),
      ]);
      const partners = await Promise.all(Array.from({ length: 3 }, () => t.partner()));
      const requests = Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? t.request('POST', '/api/v1/domain/domains/purchase', {
              token: customers[i % customers.length]!.token,
              body: { domain: name, registrantContact: REGISTRANT },
            }).then((res) => ({ dialect: 'client' as const, res }))
          : t.request('POST', '/domains/register', {
              token: partners[i % partners.length]!.apiKey,
              body: { name, period: 1, action: 'register' },
            }).then((res) => ({ dialect: 'partner' as const, res })),
      );
      const results = await Promise.all(requests);

      const won = results.filter(({ res }) => res.status < 300);
      assert.equal(won.length, 1, `one success, got ${JSON.stringify(results.map(({ res }) => res.status))}`);
      for (const { dialect, res } of results.filter(({ res }) => res.status >= 300)) {
        assert.ok(res.status >= 400 && res.status < 500, `${dialect}: ${res.status} ${JSON.stringify(res.body)}`);
        // Each in its dialect's envelope (client: error.context per field; partner: message and errors).
        if (dialect === 'client') assert.ok(res.body.error?.context?.domain, JSON.stringify(res.body));
        else assert.equal(typeof res.body.message, 'string', JSON.stringify(res.body));
      }

      const orders = await db().selectFrom('orders').selectAll().where('fqdn', '=', name).execute();
      assert.equal(orders.length, 1, 'one order');
      const order = orders[0]!;
      const lines = await db().selectFrom('invoice_items').selectAll().where('order_id', '=', order.id).execute();
      assert.equal(lines.length, 1, 'one invoice line');
      // Lines for the name on any invoice, by description: none left by a losing attempt.
      const named = await db().selectFrom('invoice_items').select('id').where('description', 'like', `${name} %`).execute();
      assert.equal(named.length, 1, 'no other invoice line names the domain');

      // A prepaid winner's order waits for payment; paying it registers the name.
      if (order.status === 'open') await markInvoicePaid(t.server.runtime.ctx, { invoiceId: order.invoice_id! });
      assert.equal((await db().selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status, 'completed');
      const domains = await db().selectFrom('domains').selectAll().where('fqdn', '=', name).execute();
      assert.equal(domains.length, 1, 'one domain row');
      assert.equal(domains[0]!.user_id, order.user_id);
      const registrations = await db().selectFrom('registry_domains').selectAll().where('name', '=', name).execute();
      assert.equal(registrations.length, 1, 'one registration at the registry');
    });
  }
});
