import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Invoice, InvoiceItem } from '../../src/ports/store.js';
import type { Seller } from '../../src/core/billing/seller.js';
import { invoiceDocument } from '../../src/documents/invoice-document.js';
import { finvoice, FinvoiceError, type FinvoiceInput } from '../../src/documents/finvoice.js';
import { invoiceReferenceNumber } from '../../src/core/billing/reference-number.js';
import { finvoiceErrors, readFinvoice } from '../helpers/finvoice.js';
import { repoPath } from '../helpers/paths.js';

/**
 * Finvoice messages of invoice documents: one against a golden file (UPDATE_GOLDEN=1 rewrites it after
 * a deliberate change), and every one made here checked against Finance Finland's schema by xmllint.
 */
const SELLER: Seller = {
  name: 'Hostplane Oy', address: 'Palvelinkatu 5', zipCode: '00100', city: 'Helsinki', country: 'FI',
  businessId: '1234567-1', vatId: 'FI12345671', iban: 'FI7944052020036082', bic: 'OKOYFIHH',
  eInvoiceAddress: '003712345671', eInvoiceIntermediator: '003721291126',
};

/** A company's invoice with & and < in its name, Finnish letters, three lines at two VAT rates. */
const INVOICE: Invoice = {
  id: 42, user_id: 7, ref_number: invoiceReferenceNumber(42), date: '2026-03-01', due_date: '2026-03-15', total_cents: 0,
  paid: 0, date_paid: null, payment_method: null, delivery_method: 'e-invoice', recipient_company_name: 'Matti & Maija <Mökki> Oy',
  recipient_business_id: '7654321-6', recipient_name: 'Matti Meikäläinen', recipient_address: 'Esimerkkikatu 1',
  recipient_zip_code: '20100', recipient_city: 'Turku', recipient_country: 'FI', recipient_e_invoice_address: '003776543216',
  recipient_e_invoice_intermediator: 'NDEAFIHH', period: null, created_at: '2026-03-01T10:00:00.000Z', updated_at: '2026-03-01T10:00:00.000Z',
  dunning_stage: 0, dunning_at: null,
};

const item = (position: number, description: string, qty: number, unit: number, rateBp: number, vat: number): InvoiceItem => ({
  id: position, invoice_id: 42, position, description, qty, sub_total_cents: qty * unit, tax_rate_bp: rateBp,
  total_cents: qty * unit + vat, order_id: null,
});

const ITEMS: InvoiceItem[] = [
  item(1, 'matti.fi rekisteröinti 1.3.26-1.3.27', 1, 1490, 2550, 380),
  item(2, 'Webhotelli Pro 12 kk <perus> & "varmuuskopio"', 12, 10288, 2550, 31481),
  item(3, 'Tekninen tuki (alennettu verokanta)', 2, 5000, 1400, 1400),
];

const RECEIVER = { address: INVOICE.recipient_e_invoice_address, intermediator: INVOICE.recipient_e_invoice_intermediator };
const INPUT: FinvoiceInput = { receiver: RECEIVER, timestamp: INVOICE.created_at };

/** The message of `invoice` and `items`, asserted valid against the schema. */
function valid(invoice: Invoice, items: InvoiceItem[], seller = SELLER, input = INPUT): Buffer {
  const message = finvoice(invoiceDocument(invoice, items, seller), input);
  assert.equal(finvoiceErrors(message), '', 'the message validates against Finvoice3.0.xsd');
  return message;
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('Finvoice 3.0 e-invoice', () => {
  it('is the golden message, byte for byte, and validates against the schema', () => {
    const message = valid(INVOICE, ITEMS);
    const file = repoPath('test/golden/documents/finvoice-42.xml');
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, message);
    assert.ok(message.equals(readFileSync(file)), 'finvoice-42.xml differs from the message');
  });

  it('the schema check can fail: a message with its payment details removed or a decimal point does not validate', () => {
    const good = finvoice(invoiceDocument(INVOICE, ITEMS, SELLER), INPUT).toString('latin1');
    const withoutEpi = Buffer.from(good.replace(/<EpiDetails>[\s\S]*<\/EpiDetails>/, ''), 'latin1');
    assert.match(finvoiceErrors(withoutEpi), /EpiDetails/);
    const pointed = Buffer.from(good.replace('<InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier="EUR">1682,07<', '<InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier="EUR">1682.07<'), 'latin1');
    assert.notEqual(pointed.toString('latin1'), good);
    assert.match(finvoiceErrors(pointed), /InvoiceTotalVatIncludedAmount/);
  });

  it('carries the invoice document: parties, totals and VAT per rate, each row with its VAT, payment details', () => {
    const doc = invoiceDocument(INVOICE, ITEMS, SELLER);
    const m = readFinvoice(valid(INVOICE, ITEMS));
    assert.equal(m['@_Version'], '3.0');
    assert.deepEqual(m.MessageTransmissionDetails.MessageSenderDetails, {
      FromIdentifier: { '#text': '003712345671', '@_SchemeID': '0037' }, FromIntermediator: '003721291126',
    });
    assert.deepEqual(m.MessageTransmissionDetails.MessageReceiverDetails, {
      ToIdentifier: { '#text': '003776543216', '@_SchemeID': '0037' }, ToIntermediator: 'NDEAFIHH',
    });
    assert.equal(m.SellerPartyDetails.SellerPartyIdentifier, '1234567-1');
    assert.equal(m.BuyerPartyDetails.BuyerOrganisationName, 'Matti & Maija <Mökki> Oy');
    assert.equal(m.BuyerPartyDetails.BuyerPartyIdentifier, '7654321-6');
    assert.equal(m.BuyerContactPersonName, 'Matti Meikäläinen');

    const details = m.InvoiceDetails;
    assert.equal(details.InvoiceNumber, '42');
    assert.deepEqual(details.InvoiceDate, { '#text': '20260301', '@_Format': 'CCYYMMDD' });
    assert.equal(details.PaymentTermsDetails.InvoiceDueDate['#text'], '20260315');
    const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
    assert.equal(details.InvoiceTotalVatExcludedAmount['#text'], euros(doc.netCents));
    assert.equal(details.InvoiceTotalVatAmount['#text'], euros(doc.vatCents));
    assert.equal(details.InvoiceTotalVatIncludedAmount['#text'], '1682,07');
    assert.equal(doc.grossCents, 168207);
    assert.deepEqual(
      list(details.VatSpecificationDetails).map((v: any) => [v.VatRatePercent, v.VatBaseAmount['#text'], v.VatRateAmount['#text']]),
      [['25,5', '1249,46', '318,61'], ['14', '100,00', '14,00']],
    );

    const rows = list(m.InvoiceRow);
    assert.deepEqual(rows.map((r: any) => r.ArticleName), ITEMS.map((i) => i.description));
    assert.deepEqual(
      rows.map((r: any) => [r.InvoicedQuantity, r.UnitPriceAmount['#text'], r.RowVatRatePercent, r.RowVatAmount['#text'], r.RowVatExcludedAmount['#text'], r.RowAmount['#text']]),
      [['1', '14,90', '25,5', '3,80', '14,90', '18,70'], ['12', '102,88', '25,5', '314,81', '1234,56', '1549,37'], ['2', '50,00', '14', '14,00', '100,00', '114,00']],
    );

    assert.equal(m.VirtualBankBarcode, doc.bankBarcode);
    const epi = m.EpiDetails;
    assert.deepEqual(epi.EpiPartyDetails.EpiBeneficiaryPartyDetails.EpiAccountID, { '#text': 'FI7944052020036082', '@_IdentificationSchemeName': 'IBAN' });
    assert.deepEqual(epi.EpiPaymentInstructionDetails.EpiRemittanceInfoIdentifier, { '#text': '10427', '@_IdentificationSchemeName': 'SPY' });
    assert.equal(epi.EpiPaymentInstructionDetails.EpiInstructedAmount['#text'], '1682,07');
    assert.equal(epi.EpiPaymentInstructionDetails.EpiDateOptionDate['#text'], '20260315');
  });

  it('is ISO-8859-15 as declared: ä, € and Š are one byte each, at their Latin-9 places', () => {
    const message = valid(INVOICE, [item(1, 'Šampanja ja ä-kirjain maksaa 5 €', 1, 500, 2550, 128)]);
    const text = message.toString('latin1');
    assert.match(text, /^<\?xml version="1\.0" encoding="ISO-8859-15"\?>\n/);
    const line = message.subarray(message.indexOf('<ArticleName>'), message.indexOf('</ArticleName>'));
    assert.ok(line.includes(Buffer.from([0xa6])), 'Š is 0xA6');
    assert.ok(line.includes(Buffer.from([0xe4])), 'ä is 0xE4');
    assert.ok(line.includes(Buffer.from([0xa4])), '€ is 0xA4');
    assert.ok(!message.includes(Buffer.from('ä', 'utf8')), 'no UTF-8 sequences');
  });

  it('writes what ISO-8859-15 lacks by its nearest form, and cuts long text to its field', () => {
    const long = `Łódź–Kraków “palvelin” ${'pitkä kuvaus '.repeat(12)}\u0007loppu 😀`;
    const m = readFinvoice(valid(
      { ...INVOICE, recipient_address: 'Hyvin pitkän kadunnimen asuinalue, porras B, huoneisto 12, Esimerkkikaupunginosa', recipient_name: 'Zoë Łukasiewicz' },
      [item(1, long, 1, 1000, 2550, 255)],
    ));
    const row = m.InvoiceRow;
    assert.equal(row.ArticleName.length, 100);
    assert.match(row.ArticleName, /^Lódz-Kraków "palvelin" pitkä kuvaus/);
    assert.match(row.ArticleDescription, /loppu \?$/, 'a control character is a space, an emoji "?"');
    assert.equal(m.BuyerContactPersonName, 'Zoë Lukasiewicz');
    const streets = list(m.BuyerPartyDetails.BuyerPostalAddressDetails.BuyerStreetName);
    assert.ok(streets.length >= 2 && streets.length <= 3 && streets.every((s: string) => s.length <= 35), JSON.stringify(streets));
  });

  it('a private person is the buyer by name; a paid invoice says so and asks for nothing', () => {
    const paid = { ...INVOICE, recipient_company_name: '', recipient_business_id: '', paid: 1, date_paid: '2026-03-02', payment_method: 'card' };
    const m = readFinvoice(valid(paid, ITEMS));
    assert.equal(m.BuyerPartyDetails.BuyerOrganisationName, 'Matti Meikäläinen');
    assert.equal(m.BuyerPartyDetails.BuyerPartyIdentifier, undefined);
    assert.equal(m.BuyerContactPersonName, undefined);
    assert.equal(m.PaymentStatusDetails.PaymentStatusCode, 'PAID');
    assert.equal(m.VirtualBankBarcode, undefined);
    assert.equal(m.EpiDetails.EpiPaymentInstructionDetails.EpiInstructedAmount['#text'], '0,00');
  });

  it("a partner's monthly invoice names its period; a reference that does not verify is left out, not sent", () => {
    const monthly = { ...INVOICE, period: '2026-02', ref_number: '11', recipient_e_invoice_address: 'FI7944052020036082', recipient_e_invoice_intermediator: 'OKOYFIHH' };
    const m = readFinvoice(valid(monthly, ITEMS.slice(0, 1), SELLER, { ...INPUT, receiver: { address: 'FI7944052020036082', intermediator: 'OKOYFIHH' } }));
    assert.equal(m.InvoiceDetails.InvoicingPeriodStartDate['#text'], '20260201');
    assert.equal(m.InvoiceDetails.InvoicingPeriodEndDate['#text'], '20260228');
    assert.equal(m.EpiDetails.EpiPaymentInstructionDetails.EpiRemittanceInfoIdentifier, undefined);
    assert.equal(m.MessageTransmissionDetails.MessageReceiverDetails.ToIdentifier, 'FI7944052020036082', 'no OVT scheme on a bank e-invoice address');
  });

  it('a seller with only a name and an account still makes a valid message', () => {
    const bare: Seller = { ...SELLER, address: '', zipCode: '', city: '', businessId: '', vatId: '' };
    const m = readFinvoice(valid(INVOICE, ITEMS, bare));
    assert.equal(m.SellerPartyDetails.SellerPostalAddressDetails, undefined);
    assert.equal(m.SellerPartyDetails.SellerPartyIdentifier, undefined);
  });

  it('is the same bytes every time, dated by the invoice rather than by when it is made', () => {
    const a = finvoice(invoiceDocument(INVOICE, ITEMS, SELLER), INPUT);
    const b = finvoice(invoiceDocument(INVOICE, ITEMS, SELLER), INPUT);
    assert.ok(a.equals(b));
    assert.equal(readFinvoice(a).MessageTransmissionDetails.MessageDetails.MessageTimeStamp, '2026-03-01T10:00:00Z');
  });

  it('refuses, naming the settings, when the seller has no e-invoice address or account', () => {
    const unset: Seller = { ...SELLER, eInvoiceAddress: '', eInvoiceIntermediator: '', iban: '', bic: '' };
    assert.throws(
      () => finvoice(invoiceDocument(INVOICE, ITEMS, unset), INPUT),
      (err: unknown) => err instanceof FinvoiceError && /SELLER_EINVOICE_ADDRESS/.test(err.message) && /SELLER_EINVOICE_INTERMEDIATOR/.test(err.message) && /SELLER_IBAN/.test(err.message),
    );
    assert.throws(() => finvoice(invoiceDocument(INVOICE, ITEMS, SELLER), { ...INPUT, receiver: { address: '', intermediator: 'X' } }), /buyer's e-invoice address/);
  });
});
