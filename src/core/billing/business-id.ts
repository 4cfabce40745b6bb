/**
 * A Finnish business id (Y-tunnus, "1234567-1"): seven digits and a check digit, weights 7 9 10 5 8 4 2
 * from the left; the check is 11 - (sum mod 11), 0 when the remainder is 0, and no id has remainder 1
 * (Verohallinto's rule for the check digit).
 */
export function isValidBusinessId(id: string): boolean {
  const m = /^([0-9]{7})-([0-9])$/.exec(id);
  if (!m) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2];
  const sum = [...m[1]!].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  const rest = sum % 11;
  if (rest === 1) return false;
  return (rest === 0 ? 0 : 11 - rest) === Number(m[2]);
}

/** The Finnish VAT number of a business id: FI and its eight digits ("1234567-1" -> "FI12345671"). */
export const finnishVatId = (businessId: string): string => `FI${businessId.replace('-', '')}`;
