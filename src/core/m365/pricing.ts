import type { BillingCycle, TermDuration } from '../../ports/licensing.js';
import { addMonths, daysBetween } from '../dates.js';
import { divRoundHalfUp } from '../billing/money.js';
import { billingMonths } from './terms.js';

/**
 * What hostplane charges for Microsoft 365, from an offer's list price per licence per month
 * (annual term paid up front, VAT excluded), following Microsoft's own price structure:
 * - a monthly term (P1M) costs 20 % more (new commerce's premium for monthly commitments);
 * - an annual or three-year term billed monthly costs 5 % more (Microsoft, since April 2025);
 *   billed yearly, up front or one time it costs the list price.
 * Each is rounded once to the cent, half up.
 */
export function monthlyUnitCents(listCents: number, term: TermDuration, cycle: BillingCycle): number {
  if (term === 'P1M') return divRoundHalfUp(listCents * 120, 100);
  if (cycle === 'P1M') return divRoundHalfUp(listCents * 105, 100);
  return listCents;
}

/** Price of one licence for one billing period (what each bill charges per seat). */
export const periodUnitCents = (listCents: number, term: TermDuration, cycle: BillingCycle): number =>
  monthlyUnitCents(listCents, term, cycle) * billingMonths(term, cycle);

/**
 * The billing period of a subscription started on `start` that contains `today`: periods of
 * `months` months follow one another from the start date. `end` is the first day of the next one.
 */
export function billingPeriodOn(start: string, months: number, today: string): { start: string; end: string } {
  let k = 0;
  while (addMonths(start, (k + 1) * months) <= today) k++;
  return { start: addMonths(start, k * months), end: addMonths(start, (k + 1) * months) };
}

/**
 * The share of `periodCents` for the days of `period` from `today` to its end, as Microsoft
 * prorates seats added (or removed) mid-period: the whole amount on the period's first day.
 */
export function proratedCents(periodCents: number, period: { start: string; end: string }, today: string): number {
  const total = daysBetween(period.start, period.end);
  const left = Math.max(0, daysBetween(today, period.end));
  return divRoundHalfUp(periodCents * left, total);
}
