import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { example } from '../../helpers/shape.js';
import { createInvoice } from '../../../src/core/billing/create-invoice.js';
import { bankBarcode } from '../../../src/documents/bank-barcode.js';
import { pdfText } from '../../documents/pdf-tools.js';

const BASE = '/api/v1/invoice/invoices';

/** GET /invoice/invoices/{id}/pdf: an addition to the client API, the invoice as its owner's PDF. */
describe('client API: invoice PDF', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({
      env: {
        SELLER_NAME: 'Hostplane Oy', SELLER_ADDRESS: 'Palvelinkatu 5', SELLER_ZIP_CODE: '00100', SELLER_CITY: 'Helsinki',
        SELLER_BUSINESS_ID: '1234567-1', SELLER_IBAN: 'FI79 4405 2020 0360 82', SELLER_BIC: 'OKOYFIHH',
      },
    });
  });
  after(() => t.close());

  async function invoiceOf(userId: number) {
    const c = t.server.runtime.ctx;
    const user = await c.store.users.findById(userId);
    const recipient = await c.store.contacts.findById(user!.primary_contact_id!);
    return c.store.transaction((tx) =>
      createInvoice(tx, c, { userId, recipient: recipient!, lines: [{ description: 'maija.fi rekisteröinti', qty: 1, unitCents: 1490 }] }));
  }

  const get = (path: string, headers: Record<string, string>) => fetch(t.url + path, { headers });

  it('answers the owner a PDF of the invoice: seller, buyer, lines, reference and the bank barcode', async () => {
    const u = await t.user({ name: 'Maija Meikäläinen', email: 'maija@example.fi' });
    const inv = await invoiceOf(u.id);
    const res = await get(`${BASE}/${inv.id}/pdf?lang=fi`, { authorization: `Bearer ${u.token}` });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(res.headers.get('content-disposition'), `inline; filename="invoice-${inv.id}.pdf"`);
    assert.equal(res.headers.get('content-language'), 'fi');
    const pdf = Buffer.from(await res.arrayBuffer());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(pdf);
    assert.match(text, /LASKU/);
    assert.match(text, /Hostplane Oy/);
    assert.match(text, /Y-tunnus: 1234567-1/);
    assert.match(text, /ALV-tunniste: FI12345671/); // derived from the business id
    assert.match(text, /Maija Meikäläinen/);
    assert.match(text, /maija\.fi rekisteröinti\s+1\s+14,90 €\s+14,90 €\s+25,5 %\s+3,80 €\s+18,70 €/);
    assert.match(text, /Maksettava yhteensä\s+18,70 €/);
    assert.match(text, new RegExp(`Viitenumero\\s+${inv.ref_number}`));
    assert.match(text, /FI79 4405 2020 0360 82/);
    const code = bankBarcode({ iban: 'FI7944052020036082', cents: 1870, reference: inv.ref_number, dueDate: inv.due_date });
    assert.match(text, new RegExp(`Virtuaaliviivakoodi: ${code}`));
  });

  it('speaks the language asked for: ?lang first, then Accept-Language, else English', async () => {
    const u = await t.user();
    const inv = await invoiceOf(u.id);
    const auth = { authorization: `Bearer ${u.token}` };
    const cases: Array<[string, Record<string, string>, string]> = [
      ['', {}, 'INVOICE'],
      ['', { 'accept-language': 'fi-FI,fi;q=0.9,en;q=0.8' }, 'LASKU'],
      ['', { 'accept-language': 'sv-FI, en;q=0.5, fi;q=0.7' }, 'LASKU'],
      ['', { 'accept-language': 'de, en-GB;q=0.8' }, 'INVOICE'],
      ['?lang=en', { 'accept-language': 'fi' }, 'INVOICE'],
    ];
    for (const [query, headers, title] of cases) {
      const res = await get(`${BASE}/${inv.id}/pdf${query}`, { ...auth, ...headers });
      assert.equal(res.status, 200);
      assert.match(pdfText(Buffer.from(await res.arrayBuffer())), new RegExp(`\\b${title}\\b`), `${query} ${JSON.stringify(headers)}`);
    }
    const bad = await t.request('GET', `${BASE}/${inv.id}/pdf?lang=sv`, { token: u.token });
    assert.equal(bad.status, 422);
  });

  it("another user's invoice answers the invoice's documented 403, an unknown one 404, no token 401: never a PDF", async () => {
    const a = await t.user();
    const b = await t.user();
    const inv = await invoiceOf(a.id);
    const foreign = await t.request('GET', `${BASE}/${inv.id}/pdf`, { token: b.token });
    assert.equal(foreign.status, 403);
    assert.deepEqual(foreign.body, example('GET /api/v1/invoice/invoices/1 403 Invoice is not assigned to the User'));
    const none = await t.request('GET', `${BASE}/999999/pdf`, { token: a.token });
    assert.equal(none.status, 404);
    assert.deepEqual(none.body, example('GET /api/v1/invoice/invoices/1 404 Invoice does not exist'));
    const anonymous = await t.request('GET', `${BASE}/${inv.id}/pdf`);
    assert.equal(anonymous.status, 401);
  });

  it('a paid invoice has no barcode and says when it was paid', async () => {
    const u = await t.user();
    const inv = await invoiceOf(u.id);
    await t.server.runtime.ctx.store.invoices.update(inv.id, { paid: 1, date_paid: '2026-03-02', payment_method: 'bank transfer' });
    const res = await get(`${BASE}/${inv.id}/pdf?lang=en`, { authorization: `Bearer ${u.token}` });
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    assert.match(text, /Paid on 2 March 2026\. Thank you!/);
    assert.doesNotMatch(text, /Virtual bank barcode/);
  });
});
