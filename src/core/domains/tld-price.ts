import type { Store } from '../../ports/store.js';
import type { FieldErrorCollector } from '../errors.js';

/**
 * The price (cents, VAT excluded) of `tld` for `years`, or undefined with a message added to `errors`:
 * the TLD must be on sale and priced for that period (`hostplane tlds` sets both).
 */
export async function tldPrice(
  store: Store,
  tld: string,
  years: number,
  errors: FieldErrorCollector,
  fields: { domain: string; years: string } = { domain: 'domain', years: 'years' },
): Promise<number | undefined> {
  const found = await store.tlds.find(tld);
  if (!found || !found.on_sale) {
    errors.add(fields.domain, `Domains under .${tld} are not available`);
    return undefined;
  }
  const prices = await store.tlds.prices(tld);
  const price = prices.find((p) => p.period_months === 12 * years);
  if (!price) {
    const periods = prices.filter((p) => p.period_months % 12 === 0).map((p) => p.period_months / 12);
    errors.add(fields.years, `Domains under .${tld} are available for ${periods.join(', ') || 'no'} years`);
    return undefined;
  }
  return price.price_cents;
}
