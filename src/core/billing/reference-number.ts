/**
 * Finnish national reference numbers (viitenumero), as Finanssiala's standard defines them: 3-19
 * base digits followed by one check digit. Each base digit, from the RIGHTMOST, is weighted
 * 7, 3, 1, 7, 3, 1 ...; the check digit brings the weighted sum up to the next multiple of ten
 * ((10 - sum mod 10) mod 10). Banks refuse a payment whose reference does not verify.
 */
const WEIGHTS = [7, 3, 1] as const;

export function referenceCheckDigit(base: string): number {
  if (!/^[0-9]{3,19}$/.test(base)) throw new RangeError(`a reference base is 3-19 digits, got "${base}"`);
  let sum = 0;
  for (let i = 0; i < base.length; i++) {
    sum += Number(base[base.length - 1 - i]) * WEIGHTS[i % 3]!;
  }
  return (10 - (sum % 10)) % 10;
}

/** The full reference for a base: the base digits with the check digit appended. */
export function referenceNumber(base: string | number): string {
  const digits = String(base);
  return `${digits}${referenceCheckDigit(digits)}`;
}

/** Whether `ref` (spaces allowed, as printed on invoices) is a well-formed reference whose check digit verifies. */
export function isValidReferenceNumber(ref: string): boolean {
  const digits = ref.replace(/\s+/g, '');
  if (!/^[0-9]{4,20}$/.test(digits)) return false;
  return referenceCheckDigit(digits.slice(0, -1)) === Number(digits.slice(-1));
}

/** An invoice's reference: base 1000 + invoice id, so even the first invoice has a 4-digit base. */
export const invoiceReferenceNumber = (invoiceId: number): string => referenceNumber(1000 + invoiceId);

/**
 * A number's remainder mod 97 from its decimal digits, a few at a time (ISO 7064 MOD 97-10 as
 * ISO 11649 and ISO 13616 use it): the digit strings are longer than a double holds exactly.
 */
export function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97;
  return rest;
}

/**
 * The international form (RF creditor reference, ISO 11649) of a Finnish reference, as Finanssiala's
 * guide "Kansainvälisen viitteen käyttöönotto" builds it: "RF", two check digits, then the national
 * reference itself, check digit included. The check digits are 98 - ((reference + "2715" + "00") mod 97),
 * where 2715 is "RF" with letters as numbers (A = 10 ... Z = 35).
 */
export function creditorReference(national: string): string {
  const digits = national.replace(/\s+/g, '');
  if (!isValidReferenceNumber(digits)) throw new RangeError(`not a Finnish reference number: "${national}"`);
  const check = 98 - mod97(`${digits}271500`);
  return `RF${String(check).padStart(2, '0')}${digits}`;
}

/** Whether `ref` (spaces allowed) is an RF creditor reference whose check digits verify (ISO 11649). */
export function isValidCreditorReference(ref: string): boolean {
  const compact = ref.replace(/\s+/g, '').toUpperCase();
  if (!/^RF[0-9]{2}[0-9A-Z]{1,21}$/.test(compact)) return false;
  const moved = compact.slice(4) + compact.slice(0, 4);
  return mod97(moved.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55))) === 1;
}

/** A national reference as printed: groups of five digits counted from the right ("86851 62596 19897"). */
export function formatReferenceNumber(ref: string): string {
  const digits = ref.replace(/\s+/g, '');
  const head = digits.length % 5;
  const groups = head ? [digits.slice(0, head)] : [];
  for (let i = head; i < digits.length; i += 5) groups.push(digits.slice(i, i + 5));
  return groups.join(' ');
}

/** An RF reference as printed: groups of four from the left ("RF09 8685 1625 9619 897"). */
export const formatCreditorReference = (ref: string): string =>
  ref.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
