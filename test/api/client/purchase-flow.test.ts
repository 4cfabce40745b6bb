import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { REGISTRANT as registrant, identifyPrimaryContact } from '../../helpers/fixtures.js';
import { markInvoicePaid } from '../../../src/core/billing/mark-invoice-paid.js';
import { isValidReferenceNumber } from '../../../src/core/billing/reference-number.js';
import { fulfilOrder } from '../../../src/core/domains/fulfil-order.js';
import { UniqueViolation } from '../../../src/ports/store.js';


describe('client API: purchase, pay, renew, transfer (the whole story)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ start: '2026-03-01T10:00:00Z' });
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  /** The invoice that bills the unprocessed order for `fqdn`. */
  const openInvoiceId = async (fqdn: string): Promise<number> => {
    const order = await ctx().store.orders.findOpenByFqdn(fqdn);
    assert.ok(order?.invoice_id, `open order with an invoice for ${fqdn}`);
    return order.invoice_id;
  };

  it('purchase -> unpaid invoice with VAT -> pay -> active -> renew -> pay -> transfer to another account', async () => {
    const a = await t.user();
    const b = await t.user();
    await identifyPrimaryContact(t, b.token); // the registrant of its .fi transfer

    // Purchase: 200, the domain is pending without dates, the invoice is unpaid.
    const bought = await t.request('POST', '/api/v1/domain/domains/purchase', {
      token: a.token,
      body: { domain: 'tarina.fi', years: 2, registrantContact: registrant },
    });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    assert.deepEqual(bought.body, { message: 'Request was successful', data: null });

    const pending = await t.request('GET', '/api/v1/domain/domains/tarina.fi', { token: a.token });
    assert.equal(pending.status, 200);
    assert.equal(pending.body.data.status, 'pending');
    assert.equal(pending.body.data.reg_date, null);
    assert.equal(pending.body.data.exp_date, null);

    const invoices = await t.request('GET', '/api/v1/invoice/invoices', { token: a.token });
    assert.equal(invoices.status, 200);
    assert.equal(invoices.body.data.length, 1);
    const invoice = invoices.body.data[0];
    assert.equal(invoice.paid, false);
    assert.equal(invoice.date, '2026-03-01');
    assert.equal(invoice.due_date, '2026-03-15');
    // .fi for 2 years is 29.80 EUR; 25.5 % VAT is 7.599 -> 7.60, rounded once on the line.
    assert.deepEqual(invoice.items, [
      { description: 'tarina.fi rekisteröinti 1.3.26-1.3.28', qty: 1, sub_total: 29.8, total: 37.4, tax_rate: 25.5 },
    ]);
    assert.equal(invoice.total, 37.4);
    assert.ok(isValidReferenceNumber(String(invoice.ref_number)), `reference ${invoice.ref_number} verifies`);
    assert.equal(String(invoice.ref_number).slice(0, -1), String(1000 + invoice.id));

    // The registrant became a contact of A; the domain is billed to A's primary contact.
    const domainRow = await ctx().store.domains.findLiveByFqdn('tarina.fi');
    const registrantRow = await ctx().store.contacts.findById(domainRow!.registrant_contact_id!);
    assert.equal(registrantRow?.identity_number, '010190-123A');
    assert.equal(registrantRow?.user_id, a.id);
    assert.notEqual(domainRow!.billing_contact_id, domainRow!.registrant_contact_id);

    // Payment: the order is fulfilled at the registry, the domain becomes active with our nameservers and a zone.
    // Paid the next day (14 hours on: still within the login token's day).
    t.clock.advance(14 * 3_600_000);
    const paid = await markInvoicePaid(ctx(), { invoiceId: invoice.id });
    assert.equal(paid.paid, 1);
    assert.equal(paid.payment_method, 'bank transfer');
    const active = await t.request('GET', '/api/v1/domain/domains/tarina.fi', { token: a.token });
    assert.equal(active.status, 200, JSON.stringify(active.body));
    assert.equal(active.body.data.status, 'active');
    assert.equal(active.body.data.reg_date, '2026-03-02');
    assert.equal(active.body.data.exp_date, '2028-03-02');
    const ns = await t.request('GET', '/api/v1/domain/domains/tarina.fi/nameservers', { token: a.token });
    assert.deepEqual(ns.body.data, ctx().settings.nameservers.map((nameserver) => ({ nameserver })));
    const zone = await ctx().store.zones.findByName('tarina.fi');
    assert.ok(zone, 'zone created');
    const records = await t.request('GET', '/api/v1/domain/domains/tarina.fi/records', { token: a.token });
    assert.equal(records.status, 200, JSON.stringify(records.body));
    assert.deepEqual(
      (await ctx().store.records.listByZone(zone.id)).filter((r) => r.type === 'NS').map((r) => r.content).sort(),
      [...ctx().settings.nameservers].sort(),
    );
    await assert.rejects(markInvoicePaid(ctx(), { invoiceId: invoice.id }), { code: 'rejected', message: 'Invoice is already paid' });

    // Renew: a second invoice; paying it moves the expiry one year on.
    const renewed = await t.request('POST', '/api/v1/domain/domains/renew', { token: a.token, body: { domain: 'tarina.fi', years: 1 } });
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    assert.deepEqual(renewed.body, { message: 'Request was successful', data: null });
    const renewInvoiceId = await openInvoiceId('tarina.fi');
    const [renewLine] = await ctx().store.invoices.items([renewInvoiceId]);
    assert.equal(renewLine?.description, 'tarina.fi rekisteröinnin uudistus 2.3.28-2.3.29');
    await markInvoicePaid(ctx(), { invoiceId: renewInvoiceId, method: 'card' });
    const afterRenew = await t.request('GET', '/api/v1/domain/domains/tarina.fi', { token: a.token });
    assert.equal(afterRenew.body.data.exp_date, '2029-03-02');
    assert.equal((await ctx().registry.info('tarina.fi'))?.expiresAt.slice(0, 10), '2029-03-02');

    // A asks for the auth code, B transfers with it and pays.
    const code = await t.request('GET', '/api/v1/domain/domains/tarina.fi/authcode', { token: a.token });
    assert.equal(code.status, 200);
    const transfer = await t.request('POST', '/api/v1/domain/domains/transfer', {
      token: b.token,
      body: { domain: 'tarina.fi', authCode: code.body.data.authCode },
    });
    assert.equal(transfer.status, 200, JSON.stringify(transfer.body));
    const transferInvoiceId = await openInvoiceId('tarina.fi');
    const [transferLine] = await ctx().store.invoices.items([transferInvoiceId]);
    assert.equal(transferLine?.description, 'tarina.fi siirto 2.3.29-2.3.30');
    assert.equal(transferLine?.sub_total_cents, 1490);
    // Until B pays, A still holds the domain.
    assert.equal((await t.request('GET', '/api/v1/domain/domains/tarina.fi', { token: a.token })).status, 200);
    await markInvoicePaid(ctx(), { invoiceId: transferInvoiceId });

    const bView = await t.request('GET', '/api/v1/domain/domains/tarina.fi', { token: b.token });
    assert.equal(bView.status, 200);
    assert.equal(bView.body.data.status, 'active');
    assert.equal(bView.body.data.exp_date, '2030-03-02', 'a transfer adds a year');
    assert.equal(bView.body.data.reg_date, '2026-03-02', 'the registration date is the original one');
    const aList = await t.request('GET', '/api/v1/domain/domains', { token: a.token });
    assert.deepEqual(aList.body.data.map((d: { fqdn: string }) => d.fqdn), []);
    assert.equal((await t.request('GET', '/api/v1/domain/domains/tarina.fi', { token: a.token })).status, 403);
    // The zone moved with the name; the old code is spent.
    assert.equal((await ctx().store.zones.findByName('tarina.fi'))?.domain_id, bView.body.data.id);
    assert.equal(await ctx().registry.verifyAuthCode('tarina.fi', code.body.data.authCode), false);
    const orders = await Promise.all([1, 2, 3].map((id) => ctx().store.orders.findById(id)));
    assert.deepEqual(orders.map((o) => [o?.kind, o?.status]), [['register', 'completed'], ['renew', 'completed'], ['transfer', 'completed']]);
  });

  it('an IDN is stored as punycode with its unicode form, and answers to either', async () => {
    const u = await t.user({ postpaid: true });
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', {
      token: u.token,
      body: { domain: 'Mäkiläinen.fi', registrantContact: registrant },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const list = await t.request('GET', '/api/v1/domain/domains', { token: u.token });
    assert.equal(list.body.data[0].fqdn, 'xn--mkilinen-0zad.fi');
    assert.equal(list.body.data[0].fqdn_unicode, 'mäkiläinen.fi');
    assert.equal(list.body.data[0].sld, 'xn--mkilinen-0zad');
    for (const name of ['xn--mkilinen-0zad.fi', encodeURIComponent('mäkiläinen.fi')]) {
      const one = await t.request('GET', `/api/v1/domain/domains/${name}`, { token: u.token });
      assert.equal(one.status, 200, name);
      assert.equal(one.body.data.fqdn, 'xn--mkilinen-0zad.fi');
    }
    const [line] = await ctx().store.invoices.items([(await ctx().store.orders.findById((await lastOrder()).id))!.invoice_id!]);
    assert.match(line!.description, /^mäkiläinen\.fi rekisteröinti /);
  });

  const lastOrder = async () => {
    for (let id = 1000; id > 0; id--) {
      const o = await ctx().store.orders.findById(id);
      if (o) return o;
    }
    throw new Error('no orders');
  };

  it('a postpaid account gets its domain at once; the invoice stays unpaid', async () => {
    const u = await t.user({ postpaid: true });
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', {
      token: u.token,
      body: { domain: 'jalkikateen.com', years: 3, nameServers: ['ns1.example.net', 'ns2.example.net'], registrantContact: registrant },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const one = await t.request('GET', '/api/v1/domain/domains/jalkikateen.com', { token: u.token });
    assert.equal(one.body.data.status, 'active');
    assert.ok(one.body.data.exp_date > one.body.data.reg_date);
    const invoices = await t.request('GET', '/api/v1/invoice/invoices', { token: u.token });
    assert.equal(invoices.body.data.length, 1);
    assert.equal(invoices.body.data[0].paid, false);
    assert.equal((await lastOrder()).status, 'completed');
    // Foreign nameservers: no zone here.
    assert.equal(await ctx().store.zones.findByName('jalkikateen.com'), undefined);
    const ns = await t.request('GET', '/api/v1/domain/domains/jalkikateen.com/nameservers', { token: u.token });
    assert.deepEqual(ns.body.data, [{ nameserver: 'ns1.example.net' }, { nameserver: 'ns2.example.net' }]);
  });

  it('ten concurrent purchases of one name: exactly one succeeds and one order exists', async () => {
    const users = await Promise.all(Array.from({ length: 3 }, () => t.user()));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.request('POST', '/api/v1/domain/domains/purchase', {
          token: users[i % users.length]!.token,
          body: { domain: 'kilpa.fi', registrantContact: registrant },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 422, 422, 422, 422, 422, 422, 422, 422, 422]);
    for (const r of results.filter((r) => r.status === 422)) {
      assert.deepEqual(r.body.error.context, { domain: ['Unable to purchase domain. Unprocessed purchase order already exists for the domain.'] });
    }
    const orders = [];
    for (let id = 1; id <= 100; id++) {
      const o = await ctx().store.orders.findById(id);
      if (o?.fqdn === 'kilpa.fi') orders.push(o);
    }
    assert.equal(orders.length, 1);
  });

  it('the unique indexes are the backstop: a duplicate open order is a unique violation the API maps to 422', async () => {
    const u = await t.user();
    const at = new Date().toISOString();
    const order = {
      user_id: u.id, kind: 'register', fqdn: 'tupla.fi', domain_id: null, years: 1, status: 'open', invoice_id: null,
      nameservers: '[]', auth_code: null, error: null, created_at: at, updated_at: at, fulfilled_at: null, request_key: null, registry_attempted_at: null, delegate_to: null,
    };
    await ctx().store.orders.create(order);
    const err = await ctx().store.orders.create(order).then(() => undefined, (e: unknown) => e);
    assert.ok(err, 'the second open order is refused by the store');
    assert.ok(err instanceof UniqueViolation, `the store reports a UniqueViolation, got ${String(err)}`);
  });

  it('fulfilment is idempotent: a registration already made by an earlier attempt is taken as done; a re-run changes nothing', async () => {
    const u = await t.user();
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', { token: u.token, body: { domain: 'kaatuminen.fi', registrantContact: registrant } });
    assert.equal(res.status, 200);
    const order = (await ctx().store.orders.findOpenByFqdn('kaatuminen.fi'))!;
    // As if an earlier run registered the name and then crashed before recording it.
    await ctx().registry.create({ name: 'kaatuminen.fi', years: 1, registrant: { key: 'contact:0', name: 'x', organization: '', email: 'x@example.fi', phone: '+358.1', address: 'a', zipCode: '1', city: 'c', country: 'FI', identityNumber: '1' }, nameservers: ctx().settings.nameservers });
    await markInvoicePaid(ctx(), { invoiceId: order.invoice_id! });
    const done = await ctx().store.orders.findById(order.id);
    assert.equal(done?.status, 'completed');
    const domain = await ctx().store.domains.findLiveByFqdn('kaatuminen.fi');
    assert.equal(domain?.status, 'active');
    await fulfilOrder(ctx(), order.id);
    assert.deepEqual(await ctx().store.domains.findLiveByFqdn('kaatuminen.fi'), domain);
  });

  it('a registry refusal fails the order (not the job) and releases the pending domain', async () => {
    const u = await t.user();
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', { token: u.token, body: { domain: 'muualla.fi', registrantContact: registrant } });
    assert.equal(res.status, 200);
    const order = (await ctx().store.orders.findOpenByFqdn('muualla.fi'))!;
    // Another registrar registers the name before the customer pays.
    const at = new Date().toISOString();
    await ctx().store.registry.create({
      name: 'muualla.fi', registrar: 'Other Registrar Oy', registrant: '{}', registrant_key: '', auth_code: 'x', nameservers: '[]', ds: '[]',
      created_at: at, updated_at: at, expires_at: '2027-01-01T00:00:00.000Z',
    });
    await markInvoicePaid(ctx(), { invoiceId: order.invoice_id! });
    const failed = await ctx().store.orders.findById(order.id);
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.error ?? '', /already registered/);
    assert.equal(await ctx().store.domains.findLiveByFqdn('muualla.fi'), undefined);
    const list = await t.request('GET', '/api/v1/domain/domains', { token: u.token });
    assert.deepEqual(list.body.data, []);
  });
});
