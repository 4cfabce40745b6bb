import { mod97 } from './reference-number.js';

/**
 * IBAN checks (ISO 13616): two letters of country, two check digits, then the account; the check holds
 * when the number, its first four characters moved to the end and letters as numbers (A = 10 ... Z = 35),
 * leaves 1 mod 97. A Finnish IBAN is FI + 16 digits.
 */
export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}$/.test(compact)) return false;
  if (compact.startsWith('FI') && compact.length !== 18) return false;
  const moved = compact.slice(4) + compact.slice(0, 4);
  return mod97(moved.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55))) === 1;
}

/** An IBAN as printed: groups of four ("FI79 4405 2020 0360 82"). */
export const formatIban = (iban: string): string => iban.replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');

/** A BIC (ISO 9362): bank 4 letters, country 2 letters, location 2, optional branch 3. */
export const isValidBic = (bic: string): boolean => /^[A-Z]{4}[A-Z]{2}[0-9A-Z]{2}([0-9A-Z]{3})?$/.test(bic);
