// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the panel's pages, and the
// store is read here only through core commands the API suites, which run on both stores, drive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PanelClient } from '../helpers/panel.js';
import { createInvoice, type InvoiceLineInput } from '../../src/core/billing/create-invoice.js';
import { pdfText } from '../documents/pdf-tools.js';

/**
 * The customer's invoices in the panel over HTTP: the list (paged, paid or unpaid), one invoice's
 * lines with VAT per line and its totals, the PDF in the panel's language, another customer's invoice
 * (a 404 for the page and the PDF), and the links from the start page and the navigation.
 */
describe('panel: invoices', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: { SELLER_NAME: 'Hostplane Oy', SELLER_IBAN: 'FI79 4405 2020 0360 82', SELLER_BIC: 'OKOYFIHH', VAT_RATE: '25.5' } });
  });
  after(async () => t.close());

  /** An invoice written as purchases write them (createInvoice, at the configured VAT of 25.5 %). */
  async function invoiceOf(userId: number, lines: InvoiceLineInput[] = [{ description: 'paneeli.fi registration', qty: 1, unitCents: 1490 }]) {
    const c = t.server.runtime.ctx;
    const user = await c.store.users.findById(userId);
    const recipient = await c.store.contacts.findById(user!.primary_contact_id!);
    return c.store.transaction((tx) => createInvoice(tx, c, { userId, recipient: recipient!, lines }));
  }

  /** The PDF's bytes, fetched with the client's cookies (PanelClient reads bodies as text). */
  async function pdfOf(b: PanelClient, path: string): Promise<Response> {
    return fetch(t.url + path, { redirect: 'manual', headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'en' } });
  }

  test('the list shows number, date, due date, total and paid or unpaid, and pages in the store; the start page and the navigation link to it', async () => {
    const u = await t.user();
    const first = await invoiceOf(u.id);
    await t.server.runtime.ctx.store.invoices.update(first.id, { paid: 1, date_paid: first.date, payment_method: 'bank transfer' });
    const unpaid = await invoiceOf(u.id);
    for (let i = 0; i < 25; i++) await invoiceOf(u.id, [{ description: `line ${i}`, qty: 1, unitCents: 100 }]);
    const b = new PanelClient(t);
    await b.login(u.username, u.password);

    const start = await b.get('/panel');
    assert.match(start.text, /<a href="\/panel\/invoices">Invoices<\/a>/, 'the navigation has Invoices');
    assert.match(start.text, new RegExp(`<a href="/panel/invoices/${unpaid.id}">${unpaid.id}</a>`), 'an unpaid invoice links to its page');
    assert.doesNotMatch(start.text, new RegExp(`href="/panel/invoices/${first.id}"`), 'a paid one is not on the start page');

    const list = await b.get('/panel/invoices');
    assert.equal(list.status, 200);
    assert.match(list.text, /27 invoices/);
    assert.match(list.text, /Page 1 of 2/);
    assert.match(list.text, /<a href="\/panel\/invoices" aria-current="page">/);
    assert.equal((list.text.match(/<tr><td><a href="\/panel\/invoices\/[0-9]+">/g) ?? []).length, 25);
    const row = (id: number) => new RegExp(`<tr><td><a href="/panel/invoices/${id}">${id}</a></td><td class="nowrap">([^<]*)</td><td class="nowrap">([^<]*)</td><td class="num">([^<]*)</td><td>([^<]*)</td></tr>`).exec(list.text);
    assert.deepEqual(row(first.id)?.slice(1), [first.date, first.due_date, '€18.70', 'Paid']);
    assert.deepEqual(row(unpaid.id)?.slice(1), [unpaid.date, unpaid.due_date, '€18.70', 'Unpaid']);
    const second = await b.get('/panel/invoices?page=2');
    assert.equal((second.text.match(/<tr><td><a href="\/panel\/invoices\/[0-9]+">/g) ?? []).length, 2);
    assert.match(second.text, /rel="prev"/);

    const none = new PanelClient(t);
    const nobody = await t.user();
    await none.login(nobody.username, nobody.password);
    assert.match((await none.get('/panel/invoices')).text, /You have no invoices\./);
  });

  test("one invoice: its lines with VAT per line, totals, reference, due date and status; in Finnish after the switch", async () => {
    const u = await t.user();
    const inv = await invoiceOf(u.id, [
      { description: 'paneeli.fi registration', qty: 1, unitCents: 1490 },
      { description: 'DNS <hosting> & more', qty: 3, unitCents: 200 },
    ]);
    const b = new PanelClient(t);
    await b.login(u.username, u.password);
    const page = await b.get(`/panel/invoices/${inv.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<h1>Invoice ${inv.id}</h1>`));
    assert.match(page.text, /<dt>Status<\/dt><dd>Unpaid<\/dd>/);
    assert.match(page.text, new RegExp(`<dt>Due</dt><dd>${inv.due_date}</dd>`));
    // The reference as banks print it, in fives from the right, and its RF form.
    const grouped = inv.ref_number.replace(/(\d)(?=(\d{5})+$)/g, '$1 ');
    assert.match(page.text, new RegExp(`<dt>Reference</dt><dd>${grouped}</dd>`));
    assert.match(page.text, /<dt>RF reference<\/dt><dd>RF\d\d( \d{1,4})+<\/dd>/);
    // VAT per line, rounded once per line: 14.90 x 25.5 % = 3.7995 -> 3.80; 6.00 x 25.5 % = 1.53.
    assert.match(page.text, /<tr><td>paneeli\.fi registration<br>1 × €14\.90<\/td><td class="num">€14\.90<\/td><td class="num">€3\.80<br>25\.5%<\/td><td class="num">€18\.70<\/td><\/tr>/);
    assert.match(page.text, /<tr><td>DNS &lt;hosting&gt; &amp; more<br>3 × €2\.00<\/td><td class="num">€6\.00<\/td><td class="num">€1\.53<br>25\.5%<\/td><td class="num">€7\.53<\/td><\/tr>/);
    assert.match(page.text, /Total excluding VAT<\/th><td class="num">€20\.90</);
    assert.match(page.text, /VAT 25\.5%<\/th><td class="num">€5\.33</);
    assert.match(page.text, /<th scope="row" colspan="3">Total<\/th><td class="num">€26\.23</);
    assert.match(page.text, new RegExp(`<a href="/panel/invoices/${inv.id}/pdf" type="application/pdf">Download the invoice as PDF</a>`));

    await t.server.runtime.ctx.store.invoices.update(inv.id, { paid: 1, date_paid: '2026-03-02', payment_method: 'bank transfer' });
    const switched = await b.get(`/panel/language?lang=fi&back=${encodeURIComponent(`/panel/invoices/${inv.id}`)}`);
    assert.equal(switched.status, 303);
    const fi = await b.get(`/panel/invoices/${inv.id}`);
    assert.match(fi.text, /<html lang="fi">/);
    assert.match(fi.text, /<dt>Tila<\/dt><dd>Maksettu 2\.3\.2026<\/dd>/);
    assert.match(fi.text, /<td class="num">1,53 €<br>25,5 %<\/td>/);
    assert.match(fi.text, /Maksettava yhteensä<\/th><td class="num">26,23 €/);
  });

  test('the PDF: application/pdf with the invoice number and total, in English, then in Finnish after the language switch', async () => {
    const u = await t.user();
    const inv = await invoiceOf(u.id);
    const b = new PanelClient(t);
    await b.login(u.username, u.password);

    const en = await pdfOf(b, `/panel/invoices/${inv.id}/pdf`);
    assert.equal(en.status, 200);
    assert.equal(en.headers.get('content-type'), 'application/pdf');
    assert.equal(en.headers.get('content-disposition'), `inline; filename="invoice-${inv.id}.pdf"`);
    assert.equal(en.headers.get('content-language'), 'en');
    assert.equal(en.headers.get('cache-control'), 'private, no-cache');
    const enText = pdfText(Buffer.from(await en.arrayBuffer()));
    assert.match(enText, /\bINVOICE\b/);
    assert.match(enText, new RegExp(`Invoice number\\s+${inv.id}\\n`));
    assert.match(enText, /Total due\s+€18\.70/);

    await b.get('/panel/language?lang=fi&back=/panel');
    // Accept-Language still says English: the panel's switch decides the PDF's language.
    const fi = await pdfOf(b, `/panel/invoices/${inv.id}/pdf`);
    assert.equal(fi.status, 200);
    assert.equal(fi.headers.get('content-type'), 'application/pdf');
    assert.equal(fi.headers.get('content-language'), 'fi');
    const fiText = pdfText(Buffer.from(await fi.arrayBuffer()));
    assert.match(fiText, /\bLASKU\b/);
    assert.match(fiText, new RegExp(`Laskun numero\\s+${inv.id}\\n`));
    assert.match(fiText, /Maksettava yhteensä\s+18,70 €/);
  });

  test("another customer's invoice is 404 for the page and the PDF, as is one that does not exist; logged out goes to the login page", async () => {
    const owner = await t.user();
    const inv = await invoiceOf(owner.id);
    const other = await t.user();
    const b = new PanelClient(t);
    await b.login(other.username, other.password);
    const page = await b.get(`/panel/invoices/${inv.id}`);
    assert.equal(page.status, 404);
    assert.doesNotMatch(page.text, /paneeli\.fi/);
    const pdf = await pdfOf(b, `/panel/invoices/${inv.id}/pdf`);
    assert.equal(pdf.status, 404);
    assert.match(pdf.headers.get('content-type')!, /^text\/html/);
    assert.doesNotMatch((await b.get('/panel/invoices')).text, new RegExp(`href="/panel/invoices/${inv.id}"`));
    assert.equal((await b.get('/panel/invoices/999999')).status, 404);
    assert.equal((await b.get('/panel/invoices/abc')).status, 404);
    assert.equal((await b.get('/panel/invoices/99999999999999999999/pdf')).status, 404);

    const anonymous = new PanelClient(t);
    for (const path of ['/panel/invoices', `/panel/invoices/${inv.id}`, `/panel/invoices/${inv.id}/pdf`]) {
      const res = await anonymous.get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.get('location'), '/panel/login');
    }
  });
});
