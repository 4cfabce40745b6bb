import type { Ctx } from '../context.js';
import { FieldErrorCollector } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { parseDomainName } from '../domains/domain-name.js';
import type { TldWithPrices } from './list-tlds.js';
import { checkNameRules, DEFAULT_NAME_RULES, rulesColumns, rulesOf, type NameRulesInput } from './name-rules.js';

export interface SetTldInput {
  /** "fi", ".fi", "FI", or an IDN TLD in unicode or punycode. */
  tld: string;
  /** Put on sale (true), take off sale (false), or leave as it is (undefined; a new TLD goes on sale). */
  onSale?: boolean;
  /** Prices to set (cents, VAT excluded, for the whole period). */
  prices?: Array<{ periodMonths: number; priceCents: number }>;
  /** Periods to stop selling. */
  removePeriods?: number[];
  /** The registry's name rules to change (absent parts stay; a new TLD starts from DEFAULT_NAME_RULES). */
  rules?: NameRulesInput;
  /**
   * Whether the TLD's registry registers names only to an identified holder (a person's identity
   * number, an organisation's business id), so orders without one are refused; undefined leaves it
   * (a new TLD: not required).
   */
  identityRequired?: boolean;
}

export const TLD_MAX_PERIOD_MONTHS = 120;
/** The periods a domain is sold for: 1-10 whole years. */
export const SALE_PERIODS_MONTHS = Array.from({ length: TLD_MAX_PERIOD_MONTHS / 12 }, (_, i) => 12 * (i + 1));
/** 1 000 000 EUR: anything above is a typing error, not a price. */
export const TLD_MAX_PRICE_CENTS = 100_000_000;

/**
 * Adds a TLD to the catalogue or changes one: whether it is on sale, its price per period, and the
 * registry's name rules (name-rules.ts), which every availability check and order then applies, and
 * whether its registry requires the registrant's identity number (registrant-identity.ts).
 * Domains are sold in whole years, 1-10 (the client API's `years`, the partner API's `period`), so
 * only 12, 24, ... 120 months are priced: a price for 3 months would be listed and never sold. Any
 * period 1-120 may be removed, so a price set before this rule can be cleared.
 * Rules: a valid TLD; prices for 12-120 months in whole years; prices 0-1 000 000 EUR in whole cents;
 * a period is not both set and removed; a TLD on sale keeps at least one price (else nothing could be
 * bought); name rules as checkNameRules.
 * Errors: invalid (tld, prices, remove, on_sale, min_length, max_length, idn_chars, idn_scripts),
 * nothing changed.
 */
export async function setTld(ctx: Ctx, input: SetTldInput): Promise<TldWithPrices> {
  const errors = new FieldErrorCollector();
  const tld = parseDomainName(`example.${input.tld.trim().replace(/^\./, '')}`)?.tld;
  if (!tld) errors.add('tld', `"${input.tld}" is not a valid TLD`);
  const prices = input.prices ?? [];
  const remove = input.removePeriods ?? [];
  const validPeriod = (m: number) => Number.isInteger(m) && m >= 1 && m <= TLD_MAX_PERIOD_MONTHS;
  for (const p of prices) {
    if (!SALE_PERIODS_MONTHS.includes(p.periodMonths)) {
      errors.add('prices', `Domains are sold for 1-10 years: a period is 12, 24, ... ${TLD_MAX_PERIOD_MONTHS} months, got ${p.periodMonths}`);
    }
    if (!Number.isInteger(p.priceCents) || p.priceCents < 0 || p.priceCents > TLD_MAX_PRICE_CENTS) {
      errors.add('prices', `A price is 0-1000000 EUR in whole cents, got ${p.priceCents / 100}`);
    }
  }
  for (const m of remove) {
    if (!validPeriod(m)) errors.add('remove', `A period is 1-${TLD_MAX_PERIOD_MONTHS} months, got ${m}`);
    if (prices.some((p) => p.periodMonths === m)) errors.add('remove', `The ${m}-month period is both set and removed`);
  }
  if (new Set(prices.map((p) => p.periodMonths)).size !== prices.length) errors.add('prices', 'A period is priced twice');
  // Merged with the rules the TLD has now (read before the transaction: rules change by hand, rarely).
  const current = tld ? await ctx.store.tlds.find(tld) : undefined;
  const rules = input.rules ? checkNameRules(input.rules, current ? rulesOf(current) : DEFAULT_NAME_RULES, errors) : undefined;
  errors.throwIfAny();

  const name = tld!;
  const at = isoTimestamp(ctx.clock.now());
  return ctx.store.transaction(async (tx) => {
    const existing = await tx.tlds.find(name);
    const onSale = input.onSale ?? (existing ? existing.on_sale === 1 : true);
    await tx.tlds.upsert(name, onSale, at);
    if (rules) {
      await tx.tlds.setRules(name, rulesColumns(rules), at);
    }
    if (input.identityRequired !== undefined) await tx.tlds.setIdentityRequired(name, input.identityRequired, at);
    for (const p of prices) await tx.tlds.setPrice({ tld: name, period_months: p.periodMonths, price_cents: p.priceCents });
    for (const m of remove) await tx.tlds.removePrice(name, m);
    const after = await tx.tlds.prices(name);
    if (onSale && after.length === 0) {
      // Throwing inside the transaction rolls back the upsert and the price changes.
      const late = new FieldErrorCollector();
      late.add('on_sale', `.${name} cannot be on sale without a price; give one, or take it off sale`);
      late.throwIfAny();
    }
    return { tld: (await tx.tlds.find(name))!, prices: after };
  });
}
