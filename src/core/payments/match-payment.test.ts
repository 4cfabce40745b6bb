import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchPayment, parsePaymentReference } from './match-payment.js';
import { parseCamt } from './camt.js';
import { creditorReference, invoiceReferenceNumber, mod97 } from '../billing/reference-number.js';
import { DomainError } from '../errors.js';

describe('payment references and the matching rule', () => {
  const ref = invoiceReferenceNumber(7); // 10074
  it('reads a national reference and the RF form of it as the same reference', () => {
    assert.deepEqual(parsePaymentReference(ref), { ok: true, national: ref });
    assert.deepEqual(parsePaymentReference(` 1 0074 `), { ok: true, national: ref });
    assert.deepEqual(parsePaymentReference(`0000${ref}`), { ok: true, national: ref }, 'a padded field');
    assert.deepEqual(parsePaymentReference(creditorReference(ref)), { ok: true, national: ref });
    assert.deepEqual(parsePaymentReference(creditorReference(ref).toLowerCase().replace(/(.{4})/g, '$1 ')), { ok: true, national: ref });
  });
  it('refuses bad check digits, other shapes and no reference, saying which', () => {
    assert.deepEqual(parsePaymentReference('10075'), { ok: false, reason: 'bad check digit in reference 10075' });
    const rf = creditorReference(ref);
    const badRf = `RF${rf[2] === '9' ? '0' : String(Number(rf[2]) + 1)}${rf.slice(3)}`;
    assert.deepEqual(parsePaymentReference(badRf), { ok: false, reason: `bad check digits in RF reference ${badRf}` });
    assert.equal(parsePaymentReference('Lasku 7').ok, false);
    assert.deepEqual(parsePaymentReference(null), { ok: false, reason: 'no structured reference' });
    // An RF reference whose check digits verify but which wraps letters, not a Finnish reference.
    const letters = `RF${String(98 - mod97('101112123271500')).padStart(2, '0')}ABC123`;
    assert.deepEqual(parsePaymentReference(letters), { ok: false, reason: `RF reference ${letters} holds no Finnish reference` });
  });
  it('exact pays, less is partial, more pays with the excess; a paid or unknown invoice is unmatched', () => {
    const national = { ok: true as const, national: ref };
    const invoice = { id: 7, paid: false, totalCents: 1870, appliedCents: 0 };
    assert.deepEqual(matchPayment(national, 1870, invoice), { status: 'matched', invoiceId: 7, reason: null, paysInvoice: true, excessCents: 0, dueAfterCents: 0 });
    assert.deepEqual(matchPayment(national, 1000, invoice), { status: 'partial', invoiceId: 7, reason: null, paysInvoice: false, excessCents: 0, dueAfterCents: 870 });
    assert.deepEqual(matchPayment(national, 870, { ...invoice, appliedCents: 1000 }).status, 'matched', 'the rest of a partial payment');
    assert.deepEqual(matchPayment(national, 2000, { ...invoice, appliedCents: 1000 }), { status: 'over', invoiceId: 7, reason: null, paysInvoice: true, excessCents: 1130, dueAfterCents: 0 });
    assert.deepEqual(matchPayment(national, 1870, { ...invoice, paid: true }).reason, `invoice 7 (reference ${ref}) is already paid`);
    assert.deepEqual(matchPayment(national, 1870, { ...invoice, cancelled: true }), {
      status: 'unmatched', invoiceId: null, reason: `invoice 7 (reference ${ref}) was cancelled unpaid`, paysInvoice: false, excessCents: 0, dueAfterCents: 0,
    });
    assert.deepEqual(matchPayment(national, 1870, undefined), { status: 'unmatched', invoiceId: null, reason: `no invoice has reference ${ref}`, paysInvoice: false, excessCents: 0, dueAfterCents: 0 });
    assert.equal(matchPayment({ ok: false, reason: 'x' }, 1870, invoice).status, 'unmatched');
  });
});

describe('camt parsing: what a file must hold', () => {
  const doc = (ntry: string) => `<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M</MsgId></GrpHdr>
<Ntfctn><Acct><Id><Othr><Id>12345</Id></Othr></Id></Acct>${ntry}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
  it('an entry without details is read under its own archive id, marked so; a date-time booking date is a date', () => {
    const file = parseCamt(doc(`<Ntry><Amt Ccy="EUR">5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><DtTm>2026-03-02T10:00:00</DtTm></BookgDt><AcctSvcrRef>X1</AcctSvcrRef></Ntry>`));
    assert.equal(file.version, 'camt.054.001.04');
    assert.deepEqual(file.transactions, [{
      account: '12345', credit: true, booked: true, status: 'BOOK', reversal: false, bookedOn: '2026-03-02', bankRef: 'X1',
      amount: '5', amountCents: 500, currency: 'EUR', reference: null, debtor: '', withoutDetails: true,
    }]);
  });
  it('several details without their own archive ids are told apart by position; a pending entry needs no date', () => {
    const tx = (amt: string) => `<TxDtls><Amt Ccy="EUR">${amt}</Amt><RmtInf><Ustrd>vapaa teksti</Ustrd><Strd><CdtrRefInf><Ref>10071</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>`;
    const file = parseCamt(doc(`<Ntry><Amt Ccy="EUR">3.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts><NtryRef>E9</NtryRef><NtryDtls>${tx('1.00')}${tx('2.00')}</NtryDtls></Ntry>`));
    assert.deepEqual(file.transactions.map((t) => [t.bankRef, t.amountCents, t.booked, t.reference]), [['E9/1', 100, false, '10071'], ['E9/2', 200, false, '10071']]);
  });
  it('refuses what cannot be imported once, or at all', () => {
    const refused = (xml: string, message: RegExp) =>
      assert.throws(() => parseCamt(xml), (err: unknown) => err instanceof DomainError && err.code === 'invalid' && message.test(err.message));
    refused(doc(`<Ntry><Amt Ccy="EUR">5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt></Ntry>`), /entry 1: neither AcctSvcrRef nor NtryRef/);
    refused(doc(`<Ntry><Amt Ccy="EUR">5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><AcctSvcrRef>X</AcctSvcrRef></Ntry>`), /entry 1 \(X\): a booked entry without a BookgDt date/);
    refused(doc(`<Ntry><Amt>5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>X</AcctSvcrRef></Ntry>`), /no currency/);
    refused(doc(`<Ntry><Amt Ccy="EUR">-5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>X</AcctSvcrRef></Ntry>`), /"-5" is not a decimal number/);
    refused(doc(`<Ntry><Amt Ccy="EUR">5</Amt><CdtDbtInd>CRDIT</CdtDbtInd><Sts>BOOK</Sts><AcctSvcrRef>X</AcctSvcrRef></Ntry>`), /CdtDbtInd is "CRDIT"/);
    refused(doc('').replace('camt.054.001.04', 'camt.053.001.02'), /the namespace says camt\.053\.001\.02 but the document is a camt\.054/);
    refused('<Document/>', /not a camt\.054 or camt\.053 document/);
    refused('{"not": "xml"}', /not well-formed XML/);
    refused('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "secrets.txt">]><Document>&x;</Document>', /External entities are not supported/);
  });
});
