import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../../helpers/eventually.js';
import { assertDocumented, example } from '../../helpers/shape.js';
import { createInvoice } from '../../../src/core/billing/create-invoice.js';

const BASE = '/api/v1/invoice/invoices';

describe('client API: invoices', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;

  /** The document's first example invoice, written as stored rows for `userId`. */
  async function insertDocumentedInvoice(userId: number, ref: string) {
    return ctx().store.invoices.create(
      {
        user_id: userId, ref_number: ref, date: '2022-06-20', due_date: '2022-07-20', total_cents: 15460, paid: 0,
        date_paid: null, payment_method: null, delivery_method: 'e-invoice', recipient_company_name: 'Matti&Maija OY',
        recipient_business_id: '123456-7', recipient_name: 'Matti Meikäläinen', recipient_address: 'Esimerkkikatu 1',
        recipient_zip_code: '20100', recipient_city: 'Turku', recipient_country: 'FI', recipient_e_invoice_address: '',
        recipient_e_invoice_intermediator: '', period: null, created_at: '2022-06-20T10:00:00.000Z', updated_at: '2022-06-20T10:00:00.000Z',
      },
      [
        {
          position: 1, description: 'matti.fi rekisteröinnin uudistus 26.8.22-26.8.25', qty: 1, sub_total_cents: 2700,
          tax_rate_bp: 0, total_cents: 2700, order_id: null,
        },
        {
          position: 2, description: 'matti.com rekisteröinnin uudistus 26.8.22-26.8.25', qty: 1, sub_total_cents: 10290,
          tax_rate_bp: 2400, total_cents: 12760, order_id: null,
        },
      ],
    );
  }

  /** An invoice as a purchase writes it, billed to the user's first contact. */
  async function purchaseInvoice(userId: number, lines: Array<{ description: string; qty: number; unitCents: number }>) {
    const c = ctx();
    const user = await c.store.users.findById(userId);
    const recipient = await c.store.contacts.findById(user!.primary_contact_id!);
    return c.store.transaction((tx) => createInvoice(tx, c, { userId, recipient: recipient!, lines }));
  }

  it('GET /invoices/:id answers the document example exactly for the same data', async () => {
    const u = await t.user();
    const inv = await insertDocumentedInvoice(u.id, '11');
    const res = await t.request('GET', `${BASE}/${inv.id}`, { token: u.token });
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'GET /api/v1/invoice/invoices/1 200');
    const expected = structuredClone(example('GET /api/v1/invoice/invoices/1 200')) as any;
    expected.data.id = inv.id;
    assert.deepEqual(res.body, expected);
  });

  it('GET /invoices answers the documented list shape with items and meta', async () => {
    const u = await t.user();
    const first = await insertDocumentedInvoice(u.id, '12');
    const second = await insertDocumentedInvoice(u.id, '13');
    const res = await t.request('GET', BASE, { token: u.token });
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'GET /api/v1/invoice/invoices 200');
    assert.deepEqual(res.body.data.map((i: { id: number }) => i.id), [first.id, second.id]);
    assert.deepEqual(res.body.data.map((i: { ref_number: number }) => i.ref_number), [12, 13]);
    assert.deepEqual(res.body.meta, { limit: 100, offset: 0, count: 2, total: 2 });
    assert.deepEqual(res.body.data[1].items.map((i: { tax_rate: number }) => i.tax_rate), [0, 24]);
  });

  it('an invoice written by a purchase shows euros, 25.5 % VAT, a verifiable reference and the recipient', async () => {
    const u = await t.user({ name: 'Maija Meikäläinen', email: 'maija@example.fi' });
    const inv = await purchaseInvoice(u.id, [
      { description: 'maija.fi rekisteröinti', qty: 1, unitCents: 1490 },
      { description: 'Webhotelli', qty: 3, unitCents: 10 },
    ]);
    const res = await t.request('GET', `${BASE}/${inv.id}`, { token: u.token });
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'GET /api/v1/invoice/invoices/1 200');
    const d = res.body.data;
    assert.equal(d.ref_number, Number(inv.ref_number));
    assert.equal(d.date, '2026-03-01');
    assert.equal(d.due_date, '2026-03-15');
    assert.equal(d.paid, false);
    assert.equal(d.date_paid, null);
    assert.deepEqual(d.items, [
      { description: 'maija.fi rekisteröinti', qty: 1, sub_total: 14.9, total: 18.7, tax_rate: 25.5 },
      { description: 'Webhotelli', qty: 3, sub_total: 0.3, total: 0.38, tax_rate: 25.5 },
    ]);
    assert.equal(d.total, 19.08);
    assert.equal(d.recipient.name, 'Maija Meikäläinen');
    assert.equal(d.delivery_method, 'email');
  });

  it('a paid invoice shows paid, the payment date and method', async () => {
    const u = await t.user();
    const inv = await purchaseInvoice(u.id, [{ description: 'x', qty: 1, unitCents: 100 }]);
    await ctx().store.invoices.update(inv.id, { paid: 1, date_paid: '2026-03-02', payment_method: 'bank transfer' });
    const res = await t.request('GET', `${BASE}/${inv.id}`, { token: u.token });
    assert.equal(res.body.data.paid, true);
    assert.equal(res.body.data.date_paid, '2026-03-02');
    assert.equal(res.body.data.payment_method, 'bank transfer');
  });

  it('reads the lines of a whole page in one query', async () => {
    const u = await t.user();
    for (let i = 0; i < 3; i++) await purchaseInvoice(u.id, [{ description: `line ${i}`, qty: 1, unitCents: 100 }]);
    // The invoices' mail jobs read their lines too: counted only once the worker has run them.
    const unfinished = async () => {
      const { jobs } = ctx().store;
      return (await jobs.list({ status: 'pending' }, { limit: 1, offset: 0 })).total + (await jobs.list({ status: 'running' }, { limit: 1, offset: 0 })).total;
    };
    assert.equal(await eventually(unfinished, (n) => n === 0), 0, 'jobs still waiting');
    const invoices = ctx().store.invoices;
    const original = invoices.items.bind(invoices);
    let calls = 0;
    invoices.items = (ids: number[]) => {
      calls++;
      return original(ids);
    };
    try {
      const res = await t.request('GET', BASE, { token: u.token });
      assert.equal(res.body.data.length, 3);
      assert.ok(res.body.data.every((i: { items: unknown[] }) => i.items.length === 1));
    } finally {
      invoices.items = original;
    }
    assert.equal(calls, 1);
  });

  it('pages with limit and offset and answers meta', async () => {
    const u = await t.user();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await purchaseInvoice(u.id, [{ description: `n${i}`, qty: 1, unitCents: 100 }])).id);
    const page = await t.request('GET', `${BASE}?limit=2&offset=2`, { token: u.token });
    assert.deepEqual(page.body.meta, { limit: 2, offset: 2, count: 2, total: 5 });
    assert.deepEqual(page.body.data.map((i: { id: number }) => i.id), ids.slice(2, 4));
    const last = await t.request('GET', `${BASE}?limit=100&offset=4`, { token: u.token });
    assert.deepEqual(last.body.meta, { limit: 100, offset: 4, count: 1, total: 5 });
    for (const qs of ['limit=0', 'limit=101', 'offset=-1']) {
      assert.equal((await t.request('GET', `${BASE}?${qs}`, { token: u.token })).status, 422, qs);
    }
  });

  it("another user's invoice answers the documented 403; B's list shows none of A's", async () => {
    const a = await t.user();
    const b = await t.user();
    const inv = await purchaseInvoice(a.id, [{ description: 'a', qty: 1, unitCents: 100 }]);
    const res = await t.request('GET', `${BASE}/${inv.id}`, { token: b.token });
    assert.equal(res.status, 403);
    assert.deepEqual(res.body, example('GET /api/v1/invoice/invoices/1 403 Invoice is not assigned to the User'));
    const list = await t.request('GET', BASE, { token: b.token });
    assert.deepEqual(list.body.data, []);
    assert.deepEqual(list.body.meta, { limit: 100, offset: 0, count: 0, total: 0 });
  });

  it('unknown ids answer the documented 404, malformed ids 422, no token the documented 401', async () => {
    const u = await t.user();
    const missing = await t.request('GET', `${BASE}/999999`, { token: u.token });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, example('GET /api/v1/invoice/invoices/1 404 Invoice does not exist'));
    for (const bad of ['abc', '0', '-3', '1e400']) {
      assert.equal((await t.request('GET', `${BASE}/${bad}`, { token: u.token })).status, 422, bad);
    }
    const noToken = await t.request('GET', BASE);
    assert.deepEqual(noToken.body, example('GET /api/v1/invoice/invoices 401 Authorization token not provided or invalid'));
    const noToken1 = await t.request('GET', `${BASE}/1`);
    assert.deepEqual(noToken1.body, example('GET /api/v1/invoice/invoices/1 401 Authorization token not provided or invalid'));
  });
});
