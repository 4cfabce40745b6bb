import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bankBarcode } from './bank-barcode.js';
import { code128cCheck, code128cValues, code128cWidths, PATTERNS, START_C, STOP } from './code128.js';
import { creditorReference } from '../core/billing/reference-number.js';

/**
 * The example invoices of Finanssiala's "Pankkiviivakoodi-opas" (5.3), each with its account, amount,
 * reference and due date, and the 54 digits the guide gives for it, in both versions.
 */
const GUIDE = [
  { iban: 'FI79 4405 2020 0360 82', cents: 488315, due: '2010-06-12', v4: '86851 62596 19897', v5: 'RF09 8685 1625 9619 897',
    code4: '479440520200360820048831500000000868516259619897100612', code5: '579440520200360820048831509000000868516259619897100612' },
  { iban: 'FI58 1017 1000 0001 22', cents: 48299, due4: '2012-01-31', due5: '2010-01-31', v4: '55958 22432 94671', v5: 'RF06 5595 8224 3294 671',
    code4: '458101710000001220004829900000000559582243294671120131', code5: '558101710000001220004829906000000559582243294671100131' },
  { iban: 'FI02 5000 4640 0013 02', cents: 69380, due: '2011-07-24', v4: '69 87567 20834 35364', v5: 'RF02 6987 5672 0834',
    code4: '402500046400013020006938000000069875672083435364110724', code5: '502500046400013020006938002000000000698756720834110724' },
  { iban: 'FI15 6601 0001 5306 41', cents: 744454, due: '2019-12-19', v4: '7 75847 47906 47489', v5: 'RF84 7758 4747 9064 7489',
    code4: '415660100015306410074445400000007758474790647489191219', code5: '515660100015306410074445484000007758474790647489191219' },
  { iban: 'FI16 8000 1400 0502 67', cents: 93585, due: null, v4: '78 77767 96566 28687', v5: 'RF60 7877 7679 6566 2868 7',
    code4: '416800014000502670009358500000078777679656628687000000', code5: '516800014000502670009358560000078777679656628687000000' },
  { iban: 'FI73 3131 3001 0000 58', cents: 0, due: '2013-08-09', v4: '8 68624', v5: 'RF10 8686 24',
    code4: '473313130010000580000000000000000000000000868624130809', code5: '573313130010000580000000010000000000000000868624130809' },
  { iban: 'FI83 3301 0001 1007 75', cents: 15000020, due: '2016-05-25', v4: '92125 37425 25398 97737', v5: 'RF71 9212 5374 2525 3989 7737',
    code4: '483330100011007751500002000092125374252539897737160525', code5: '583330100011007751500002071092125374252539897737160525' },
  { iban: 'FI39 3636 3002 0924 92', cents: 103, due: '2023-03-11', v4: '5907 38390', v5: 'RF66 5907 3839 0',
    code4: '439363630020924920000010300000000000000590738390230311', code5: '539363630020924920000010366000000000000590738390230311' },
  { iban: 'FI92 3939 0001 0033 91', cents: 2, due: '2099-12-24', v4: '13 57914', v5: 'RF95 1357 914',
    code4: '492393900010033910000000200000000000000001357914991224', code5: '592393900010033910000000295000000000000001357914991224' },
];

describe('virtuaaliviivakoodi (Pankkiviivakoodi-opas)', () => {
  it('version 4 (national reference): every example of the guide', () => {
    for (const g of GUIDE) {
      const code = bankBarcode({ iban: g.iban, cents: g.cents, reference: g.v4, dueDate: g.due4 ?? g.due ?? null });
      assert.equal(code, g.code4, g.v4);
      assert.equal(code.length, 54);
    }
  });

  it('version 5 (RF reference): every example of the guide', () => {
    for (const g of GUIDE) {
      const code = bankBarcode({ iban: g.iban, cents: g.cents, reference: g.v5, dueDate: g.due5 ?? g.due ?? null });
      assert.equal(code, g.code5, g.v5);
    }
  });

  it('the RF form of a national reference is the one the guide pairs with it', () => {
    // The third example's RF reference is built from another base, so it is not compared here.
    for (const g of GUIDE.filter((x) => x.v4 !== '69 87567 20834 35364')) {
      assert.equal(creditorReference(g.v4), g.v5.replace(/\s/g, ''), g.v4);
    }
  });

  it('an amount of a million euros or more is left for the payer: zeros', () => {
    const code = bankBarcode({ iban: 'FI79 4405 2020 0360 82', cents: 100_000_000, reference: '86851 62596 19897', dueDate: '2010-06-12' });
    assert.equal(code.slice(17, 25), '00000000');
  });

  it('refuses what the barcode cannot carry', () => {
    const ok = { iban: 'FI79 4405 2020 0360 82', cents: 100, reference: '86851 62596 19897', dueDate: '2010-06-12' };
    assert.throws(() => bankBarcode({ ...ok, iban: 'DE89 3704 0044 0532 0130 00' }), /Finnish IBAN/);
    assert.throws(() => bankBarcode({ ...ok, iban: 'FI79 4405 2020 0360 83' }), /Finnish IBAN/);
    assert.throws(() => bankBarcode({ ...ok, reference: '86851 62596 19898' }), /reference/);
    assert.throws(() => bankBarcode({ ...ok, reference: 'RF10 8686 25' }), /RF/);
    assert.throws(() => bankBarcode({ ...ok, cents: -1 }), /amount/);
    assert.throws(() => bankBarcode({ ...ok, dueDate: '12.6.2010' }), /due date/);
  });
});

describe('Code 128 set C', () => {
  it('the check symbols of the guide\'s examples (40, 55, 14)', () => {
    assert.equal(code128cValues(GUIDE[0]!.code4).at(-2), 40);
    assert.equal(code128cValues(GUIDE[1]!.code4).at(-2), 55);
    assert.equal(code128cValues(GUIDE[2]!.code4).at(-2), 14);
  });

  it('the check is (105 + sum of value x position) mod 103', () => {
    // Start C 105 + 12*1 + 34*2 = 185 -> 82.
    assert.equal(code128cCheck([12, 34]), 82);
    assert.deepEqual(code128cValues('1234'), [START_C, 12, 34, 82, STOP]);
    assert.throws(() => code128cValues('123'), /even number/);
  });

  it('every symbol is 11 modules (the stop 13) with an even number of bar modules, and all differ', () => {
    assert.equal(PATTERNS.length, 107);
    assert.equal(new Set(PATTERNS).size, 107);
    PATTERNS.forEach((p, value) => {
      const widths = [...p].map(Number);
      assert.equal(widths.reduce((a, b) => a + b), value === STOP ? 13 : 11, `symbol ${value}`);
      assert.equal(widths.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b) % 2, 0, `symbol ${value}'s bars`);
    });
  });

  it('54 digits make 27 pairs between Start C and the check: 332 modules', () => {
    const widths = code128cWidths(GUIDE[0]!.code4);
    assert.equal(widths.length, 30 * 6 + 1);
    assert.equal(widths.reduce((a, b) => a + b), 29 * 11 + 13);
    assert.deepEqual(widths.slice(0, 6), [2, 1, 1, 2, 3, 2]); // Start C: 211232
    assert.deepEqual(widths.slice(-7), [2, 3, 3, 1, 1, 1, 2]); // Stop: 2331112
  });
});
