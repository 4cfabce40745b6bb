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
