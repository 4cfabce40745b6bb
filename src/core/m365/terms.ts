import type { BillingCycle, TermDuration } from '../../ports/licensing.js';

/**
 * Microsoft's term durations and billing cycles (ISO 8601 durations, as Partner Center writes them).
 * P1X ("one time") is a billing cycle only: the whole term is billed once, up front.
 */
export const TERM_DURATIONS = ['P1M', 'P1Y', 'P3Y'] as const satisfies readonly TermDuration[];
export const BILLING_CYCLES = ['P1M', 'P1Y', 'P3Y', 'P1X'] as const satisfies readonly BillingCycle[];
/** What the document's request fields accept (the same list for both). */
export const TERM_OPTIONS = ['P1M', 'P1Y', 'P3Y', 'P1X'] as const;

const TERM_MONTHS: Record<TermDuration, number> = { P1M: 1, P1Y: 12, P3Y: 36 };

export const termMonths = (term: TermDuration): number => TERM_MONTHS[term];

/** Months one bill covers: the cycle's own length, or the whole term for a one-time bill. */
export const billingMonths = (term: TermDuration, cycle: BillingCycle): number =>
  cycle === 'P1X' ? TERM_MONTHS[term] : TERM_MONTHS[cycle];

export const isTermDuration = (v: string): v is TermDuration => (TERM_DURATIONS as readonly string[]).includes(v);
export const isBillingCycle = (v: string): v is BillingCycle => (BILLING_CYCLES as readonly string[]).includes(v);

/** "P1Y:P1M" -> whether `term` billed every `cycle` is among an offer's term pairs. */
export const offersTerm = (terms: string[], term: string, cycle: string): boolean => terms.includes(`${term}:${cycle}`);

/** An offer's stored JSON list of term pairs. */
export function decodeTerms(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
}

/** Partner Center's words for a billing cycle ("Monthly"), as its subscription resources show them. */
export const BILLING_CYCLE_NAMES: Record<BillingCycle, string> = {
  P1M: 'Monthly',
  P1Y: 'Annual',
  P3Y: 'Triennial',
  P1X: 'OneTime',
};

/**
 * Microsoft's three-year terms (Microsoft 365 E3 and E5 in CSP, since June 2025) are sold for at
 * least 100 licences.
 */
export const THREE_YEAR_MIN_QUANTITY = 100;

/** The least seat count a subscription of this term may have. */
export const minQuantityFor = (offerMin: number, term: TermDuration): number =>
  term === 'P3Y' ? Math.max(offerMin, THREE_YEAR_MIN_QUANTITY) : offerMin;

/**
 * New commerce lets seats be reduced (or the subscription cancelled) for 7 days (168 hours) after
 * purchase; afterwards only increases are accepted until the term ends.
 */
export const CANCELLATION_WINDOW_MS = 7 * 24 * 3_600_000;
