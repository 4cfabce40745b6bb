import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Invoice, InvoiceItem } from '../../src/ports/store.js';
import type { Seller } from '../../src/core/billing/seller.js';
import { invoiceDocument } from '../../src/documents/invoice-document.js';
import { invoicePdf } from '../../src/documents/invoice-pdf.js';
import { PATTERNS, START_C, STOP, code128cCheck } from '../../src/documents/code128.js';
import { invoiceReferenceNumber } from '../../src/core/billing/reference-number.js';
import { pdfGrey, pdfText } from './pdf-tools.js';
import { repoPath } from '../helpers/paths.js';

/**
 * The invoice PDF read back: its text through pdftotext against golden files (UPDATE_GOLDEN=1 rewrites
 * them after a deliberate layout change), and its barcode through a raster of the page, decoded bar by
 * bar with the Code 128 table.
 */
const SELLER: Seller = {
  name: 'Hostplane Oy', address: 'Palvelinkatu 5', zipCode: '00100', city: 'Helsinki', country: 'FI',
  businessId: '1234567-1', vatId: 'FI12345671', iban: 'FI7944052020036082', bic: 'OKOYFIHH',
  eInvoiceAddress: '', eInvoiceIntermediator: '',
};

const INVOICE: Invoice = {
  id: 42, user_id: 7, ref_number: invoiceReferenceNumber(42), date: '2026-03-01', due_date: '2026-03-15', total_cents: 159507,
  paid: 0, date_paid: null, payment_method: null, delivery_method: 'email', recipient_company_name: 'Matti&Maija Oy',
  recipient_business_id: '7654321-6', recipient_name: 'Matti Meikäläinen', recipient_address: 'Esimerkkikatu 1',
  recipient_zip_code: '20100', recipient_city: 'Turku', recipient_country: 'FI', recipient_e_invoice_address: '',
  recipient_e_invoice_intermediator: '', period: null, created_at: '2026-03-01T10:00:00.000Z', updated_at: '2026-03-01T10:00:00.000Z',
  dunning_stage: 0, dunning_at: null,
};

const item = (position: number, description: string, qty: number, unit: number, rateBp: number, vat: number): InvoiceItem => ({
  id: position, invoice_id: 42, position, description, qty, sub_total_cents: qty * unit, tax_rate_bp: rateBp,
  total_cents: qty * unit + vat, order_id: null,
});

const ITEMS: InvoiceItem[] = [
  item(1, 'matti.fi rekisteröinti 1.3.2026–1.3.2027', 1, 1490, 2550, 380),
  item(2, 'Webhotelli Pro 12 kk, Łódź-palvelin: kuvaus joka on niin pitkä, että se rivittyy sarakkeessaan', 12, 10288, 2550, 31481),
  item(3, 'matti.com uudistus (käännetty verovelvollisuus)', 1, 2700, 0, 0),
];

async function golden(name: string, text: string) {
  const file = repoPath(`test/golden/documents/${name}`);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
  assert.equal(text, readFileSync(file, 'utf8'), `${name} differs from the PDF's text`);
}

describe('invoice PDF', () => {
  const doc = invoiceDocument(INVOICE, ITEMS, SELLER);

  it('sums VAT per line and by rate, and makes the bank barcode of the amount due', () => {
    assert.equal(doc.netCents, 1490 + 123456 + 2700);
    assert.equal(doc.vatCents, 380 + 31481);
    assert.equal(doc.grossCents, 159507);
    assert.deepEqual(doc.vatByRate, [{ rateBp: 2550, netCents: 124946, vatCents: 31861 }, { rateBp: 0, netCents: 2700, vatCents: 0 }]);
    assert.equal(doc.creditorReference, 'RF6610427');
    assert.equal(doc.bankBarcode, '479440520200360820015950700000000000000000010427260315');
  });

  it('reads as the golden text in Finnish', async () => {
    await golden('invoice-fi.txt', pdfText(await invoicePdf(doc, 'fi')));
  });

  it('reads as the golden text in English', async () => {
    await golden('invoice-en.txt', pdfText(await invoicePdf(doc, 'en')));
  });

  it('is the same bytes every time, dated by the invoice', async () => {
    const a = await invoicePdf(doc, 'fi');
    const b = await invoicePdf(doc, 'fi');
    assert.ok(a.equals(b));
    assert.match(a.toString('latin1'), /\(D:20260301000000Z\)/);
  });

  it('a paid invoice says so and asks for nothing: no barcode, no account', async () => {
    const paid = invoiceDocument({ ...INVOICE, paid: 1, date_paid: '2026-03-02', payment_method: 'bank transfer' }, ITEMS, SELLER);
    assert.equal(paid.bankBarcode, null);
    const text = pdfText(await invoicePdf(paid, 'fi'));
    assert.match(text, /Maksettu 2\.3\.2026\. Kiitos!/);
    assert.doesNotMatch(text, /Virtuaaliviivakoodi|FI79 4405/);
  });

  it('without an IBAN configured it prints no account and no barcode, and says the details are missing', async () => {
    const bare = invoiceDocument(INVOICE, ITEMS, { ...SELLER, iban: '', bic: '' });
    assert.equal(bare.bankBarcode, null);
    const text = pdfText(await invoicePdf(bare, 'en'));
    assert.match(text, /Payment details are missing: please contact the seller\./);
    assert.doesNotMatch(text, /Virtual bank barcode/);
  });

  it('many lines go on as many pages, each with the column headings and its page number', async () => {
    const many = Array.from({ length: 70 }, (_, i) => item(i + 1, `rivi ${i + 1}`, 1, 100, 2550, 26));
    const text = pdfText(await invoicePdf(invoiceDocument(INVOICE, many, SELLER), 'fi'));
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    pages.forEach((page, i) => assert.match(page, new RegExp(`Sivu ${i + 1}/${pages.length}`)));
    const withLines = pages.filter((page) => /rivi \d+/.test(page));
    assert.ok(withLines.length >= 2);
    for (const page of withLines) assert.match(page, /Kuvaus\s+Määrä\s+À-hinta/);
    for (let n = 1; n <= 70; n++) assert.match(text, new RegExp(`rivi ${n}\\s`));
    assert.match(text, /Maksettava yhteensä\s+88,20 €/);
    assert.match(pages.at(-1)!, /Summa\s+88,20 €/);
  });

  it('the drawn barcode decodes back to the 54 digits', async () => {
    const digits = decodeBarcode(await invoicePdf(doc, 'en'));
    assert.equal(digits, doc.bankBarcode);
  });
});

/**
 * Finds the row of the page's raster that crosses the barcode (Code 128 set C of 54 digits has 91 bars:
 * three per symbol, four in the stop) and reads it: element widths in modules from the pixel runs,
 * each six a symbol by the table, then the start, check and stop symbols verified.
 */
function decodeBarcode(pdf: Buffer): string {
  const { width, height, pixels } = pdfGrey(pdf, 1, 600);
  for (let y = height - 1; y >= 0; y--) {
    const runs: number[] = [];
    let dark = false;
    let length = 0;
    let started = false;
    for (let x = 0; x < width; x++) {
      const black = pixels[y * width + x]! < 128;
      if (!started) {
        if (!black) continue;
        started = true;
        dark = true;
      }
      if (black === dark) length++;
      else {
        runs.push(length);
        dark = black;
        length = 1;
      }
    }
    if (dark) runs.push(length);
    if (runs.length !== 181) continue; // 91 bars and the 90 spaces between them: or a line of text
    const module = runs.reduce((a, b) => a + b) / 332;
    const widths = runs.map((r) => Math.round(r / module));
    const values: number[] = [];
    for (let i = 0; i < 174; i += 6) values.push(PATTERNS.indexOf(widths.slice(i, i + 6).join('')));
    if (values[0] !== START_C || widths.slice(174).join('') !== PATTERNS[STOP]) continue;
    const data = values.slice(1, -1);
    assert.ok(data.every((v) => v >= 0 && v < 100), `not set C digits: ${values}`);
    assert.equal(values.at(-1), code128cCheck(data));
    return data.map((v) => String(v).padStart(2, '0')).join('');
  }
  return assert.fail('no row of the page crosses a barcode of 54 digits');
}
