import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invoiceReferenceNumber, isValidReferenceNumber, referenceCheckDigit, referenceNumber } from './reference-number.js';
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
