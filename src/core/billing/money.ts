/**
 * Invoice arithmetic. Money is integer cents; VAT is computed per invoice line and rounded once,
 * on that line, half away from zero (half-up for the usual positive amounts): 1290 c at 25.5 % is
 * 328.95 c of tax, invoiced as 329 c. Summing rounded lines (never re-rounding a total) is what
 * lets a customer re-add every line of an invoice and reach its total to the cent.
 */
export interface LineAmounts {
  subTotalCents: number;
  taxCents: number;
  totalCents: number;
}

/** `value / divisor` rounded half away from zero, in integers only (no float drift). */
export function divRoundHalfUp(value: number, divisor: number): number {
  const sign = value < 0 ? -1 : 1;
  const abs = Math.abs(value);
  const q = Math.floor(abs / divisor);
  const r = abs - q * divisor;
  return sign * (2 * r >= divisor ? q + 1 : q);
}

/** sub_total = qty * unit; tax = round(sub_total * rate / 10000) once; total = sub_total + tax. */
export function lineAmounts(qty: number, unitCents: number, vatRateBp: number): LineAmounts {
  const subTotalCents = qty * unitCents;
  const taxCents = divRoundHalfUp(subTotalCents * vatRateBp, 10_000);
  return { subTotalCents, taxCents, totalCents: subTotalCents + taxCents };
}
