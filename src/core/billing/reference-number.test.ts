import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  creditorReference, formatCreditorReference, formatReferenceNumber, invoiceReferenceNumber, isValidCreditorReference,
  isValidReferenceNumber, referenceCheckDigit, referenceNumber,
} from './reference-number.js';
import { isValidBic, isValidIban, formatIban } from './iban.js';
import { finnishVatId, isValidBusinessId } from './business-id.js';
import { divRoundHalfUp, lineAmounts } from './money.js';

describe('Finnish reference numbers (7-3-1)', () => {
  it('computes check digits from the rightmost digit', () => {
    // Worked examples: 1234 -> 4*7 + 3*3 + 2*1 + 1*7 = 46 -> 4; 1000 -> 0*7+0*3+0*1+1*7 = 7 -> 3.
    assert.equal(referenceCheckDigit('1234'), 4);
    assert.equal(referenceNumber('1234'), '12344');
    assert.equal(referenceNumber(1000), '10003');
    // 1001: 1*7 + 0 + 0 + 1*7 = 14 -> 6; a sum that is already a multiple of ten gives 0.
    assert.equal(invoiceReferenceNumber(1), '10016');
    assert.equal(referenceCheckDigit('5555'), 0); // 5*7+5*3+5*1+5*7 = 90
  });
  it('verifies references and refuses a wrong check digit or shape', () => {
    assert.equal(isValidReferenceNumber('12344'), true);
    assert.equal(isValidReferenceNumber('1234 4'), true);
    assert.equal(isValidReferenceNumber('12345'), false);
    assert.equal(isValidReferenceNumber('123'), false);
    assert.equal(isValidReferenceNumber('12a44'), false);
    for (let id = 1; id < 500; id++) assert.equal(isValidReferenceNumber(invoiceReferenceNumber(id)), true);
  });
  it('refuses bases outside 3-19 digits', () => {
    assert.throws(() => referenceCheckDigit('12'));
    assert.throws(() => referenceCheckDigit('1'.repeat(20)));
  });
});

describe('line amounts: VAT per line, rounded half-up once', () => {
  it('rounds half up', () => {
    assert.equal(divRoundHalfUp(5000, 10_000), 1);
    assert.equal(divRoundHalfUp(4999, 10_000), 0);
    assert.equal(divRoundHalfUp(-5000, 10_000), -1);
  });
  it('computes sub total, tax and total', () => {
    // 14.90 EUR at 25.5 %: 379.95 c of tax -> 380 c.
    assert.deepEqual(lineAmounts(1, 1490, 2550), { subTotalCents: 1490, taxCents: 380, totalCents: 1870 });
    // 3 x 0.10 EUR at 25.5 %: 7.65 c -> 8 c on the line, not 3 x 3 c.
    assert.deepEqual(lineAmounts(3, 10, 2550), { subTotalCents: 30, taxCents: 8, totalCents: 38 });
    assert.deepEqual(lineAmounts(1, 2700, 0), { subTotalCents: 2700, taxCents: 0, totalCents: 2700 });
  });
});

describe('RF creditor references (ISO 11649) and printed forms', () => {
  it('builds the RF form of a national reference: the guide\'s worked example and the bank barcode guide\'s', () => {
    // Finanssiala's "Kansainvälisen viitteen käyttöönotto": 2348236 -> 2348236271500 mod 97 = 65 -> 98 - 65 = 33.
    assert.equal(creditorReference('2348236'), 'RF332348236');
    assert.equal(creditorReference('86851 62596 19897'), 'RF09868516259619897');
    assert.equal(creditorReference('8 68624'), 'RF10868624');
    assert.equal(isValidCreditorReference('RF33 2348 236'), true);
    assert.equal(isValidCreditorReference('RF34 2348 236'), false);
    assert.equal(isValidCreditorReference('RF18 5390 0754 7034'), true); // ISO 11649's own example
    assert.throws(() => creditorReference('2348237'), /not a Finnish reference/);
    for (let id = 1; id < 300; id++) assert.equal(isValidCreditorReference(creditorReference(invoiceReferenceNumber(id))), true);
  });
  it('prints national references in fives from the right, RF references and IBANs in fours from the left', () => {
    assert.equal(formatReferenceNumber('868516259619897'), '86851 62596 19897');
    assert.equal(formatReferenceNumber('69875672083435364'), '69 87567 20834 35364');
    assert.equal(formatReferenceNumber('10016'), '10016');
    assert.equal(formatCreditorReference('RF09868516259619897'), 'RF09 8685 1625 9619 897');
    assert.equal(formatIban('FI7944052020036082'), 'FI79 4405 2020 0360 82');
  });
});

describe('seller identifiers: IBAN, BIC, Finnish business id', () => {
  it('verifies IBAN check digits (mod 97) and a Finnish IBAN\'s length', () => {
    assert.equal(isValidIban('FI79 4405 2020 0360 82'), true);
    assert.equal(isValidIban('FI79 4405 2020 0360 83'), false);
    assert.equal(isValidIban('FI79 4405 2020 0360 8'), false);
    assert.equal(isValidIban('DE89 3704 0044 0532 0130 00'), true);
    assert.equal(isValidIban('GB82 WEST 1234 5698 7654 32'), true);
  });
  it('takes BICs of 8 and 11 characters', () => {
    assert.equal(isValidBic('OKOYFIHH'), true);
    assert.equal(isValidBic('NDEAFIHHXXX'), true);
    assert.equal(isValidBic('OKOYFIH'), false);
    assert.equal(isValidBic('okoyfihh'), false);
  });
  it('verifies a business id\'s check digit (weights 7 9 10 5 8 4 2, mod 11) and derives the VAT number', () => {
    // 0737546-2: 0*7+7*9+3*10+7*5+5*8+4*4+6*2 = 196; 196 mod 11 = 9; 11 - 9 = 2.
    assert.equal(isValidBusinessId('0737546-2'), true);
    assert.equal(isValidBusinessId('0737546-3'), false);
    assert.equal(isValidBusinessId('1234567-1'), true); // 153 mod 11 = 10 -> 1
    assert.equal(isValidBusinessId('1234567-8'), false);
    assert.equal(isValidBusinessId('12345678'), false);
    assert.equal(finnishVatId('0737546-2'), 'FI07375462');
  });
});
