import type { Store, Tld, TldPrice } from '../../ports/store.js';
import type { FieldErrorCollector } from '../errors.js';
import { judgeName } from '../catalog/judge-name.js';
import type { DomainName } from './domain-name.js';

type PriceFields = { domain: string; years: string };

/**
 * The price (cents, VAT excluded) of `tld` for `years`, or undefined with a message added to `errors`:
 * the TLD must be on sale and priced for that period (`hostplane tlds` sets both).
 */
export async function tldPrice(
  store: Store,
  tld: string,
  years: number,
  errors: FieldErrorCollector,
  fields: PriceFields = { domain: 'domain', years: 'years' },
): Promise<number | undefined> {
  const found = await store.tlds.find(tld);
  const prices = found?.on_sale ? await store.tlds.prices(tld) : [];
  return priceIn(tld, found, prices, years, errors, fields);
}

/**
 * The price of ordering `name` (a registration or transfer) for `years`, or undefined with a message
 * added to `errors`: tldPrice's rules, and the name within its TLD's rules (judgeName), from the one
 * read of the catalogue the judgement makes. Renewals use tldPrice alone: a name already held is
 * renewed whatever rules came after it.
 */
export async function namePrice(
  store: Store,
  name: DomainName,
  years: number,
  errors: FieldErrorCollector,
  fields: PriceFields = { domain: 'domain', years: 'years' },
): Promise<number | undefined> {
  const judged = await judgeName(store, name);
  if (judged.offered && judged.problem !== undefined) {
    errors.add(fields.domain, judged.problem);
    return undefined;
  }
  return priceIn(name.tld, judged.tld, judged.prices, years, errors, fields);
}

/** tldPrice's rules over the catalogue row and prices already read. */
function priceIn(
  tld: string,
  found: Tld | undefined,
  prices: TldPrice[],
  years: number,
  errors: FieldErrorCollector,
  fields: PriceFields,
): number | undefined {
  if (!found || !found.on_sale) {
    errors.add(fields.domain, `Domains under .${tld} are not available`);
    return undefined;
  }
  const price = prices.find((p) => p.period_months === 12 * years);
  if (!price) {
    const periods = prices.filter((p) => p.period_months % 12 === 0).map((p) => p.period_months / 12);
    errors.add(fields.years, `Domains under .${tld} are available for ${periods.join(', ') || 'no'} years`);
    return undefined;
  }
  return price.price_cents;
}
