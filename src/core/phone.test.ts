import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toEppPhone } from './phone.js';
import { CALLING_CODES, ISO_COUNTRIES } from './countries.js';
import { isEppPhone } from './validation.js';

describe('toEppPhone', () => {
  it('writes national numbers with the country\'s calling code, without the trunk prefix', () => {
    const cases: Array<[string, string, string]> = [
      ['0401234567', 'FI', '+358.401234567'],
      ['040 123 4567', 'FI', '+358.401234567'],
      ['(09) 123-4567', 'FI', '+358.91234567'],
      ['0470 12 34 56', 'BE', '+32.470123456'],
      ['123456789', 'BE', '+32.123456789'], // the partner document's example: no trunk prefix given
      ['222222', 'BE', '+32.222222'],
      ['06 1234 5678', 'IT', '+39.0612345678'], // the 0 is part of an Italian number
      ['(212) 555-0100', 'US', '+1.2125550100'],
      ['1 212 555 0100', 'US', '+1.2125550100'],
      ['8 912 345-67-89', 'RU', '+7.9123456789'],
      ['06 30 123 4567', 'HU', '+36.301234567'],
      ['020 7946 0018', 'GB', '+44.2079460018'],
    ];
    for (const [phone, country, epp] of cases) assert.equal(toEppPhone(phone, country), epp, `${phone} ${country}`);
  });

  it('reads the calling code of an international number from the number, whatever the country', () => {
    const cases: Array<[string, string, string]> = [
      ['+358 40 123 4567', 'FI', '+358.401234567'],
      ['+358.401234567', 'FI', '+358.401234567'],
      ['00358 40 123 4567', 'FI', '+358.401234567'],
      ['+358 (0)40 123 4567', 'FI', '+358.401234567'],
      ['+46 70 123 45 67', 'FI', '+46.701234567'],
      ['+1 (212) 555-0100', 'BE', '+1.2125550100'],
      ['+7 912 345 67 89', 'KZ', '+7.9123456789'],
    ];
    for (const [phone, country, epp] of cases) assert.equal(toEppPhone(phone, country), epp, `${phone} ${country}`);
  });

  it('refuses what cannot be written as +CC.NUMBER', () => {
    const cases: Array<[string, string]> = [
      ['040-KUKKA', 'FI'], // letters
      ['+999 123 4567', 'FI'], // no such calling code
      ['+28 123 4567', 'FI'],
      ['040 123', 'XX'], // national, and no country to give it a code
      ['012', 'FI'], // too short
      ['+358 12', 'FI'],
      ['1'.repeat(25), 'BE'], // longer than E.164 allows
      ['+358 1234567890123', 'FI'],
      ['40 + 123', 'FI'],
      ['', 'FI'],
    ];
    for (const [phone, country] of cases) assert.equal(toEppPhone(phone, country), undefined, `${phone} ${country}`);
  });

  it('every result is in the form the client API and registries take, and every country has a calling code', () => {
    for (const country of ISO_COUNTRIES) {
      assert.ok(CALLING_CODES[country], country);
      const epp = toEppPhone('5551234', country);
      assert.ok(epp && isEppPhone(epp), `${country}: ${epp}`);
    }
  });
});
