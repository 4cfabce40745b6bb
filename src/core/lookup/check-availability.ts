import type { Ctx } from '../context.js';
import type { TldPrice } from '../../ports/store.js';
import { rejected } from '../errors.js';
import { parseDomainName, parseLabel } from '../domains/domain-name.js';

/**
 * `available`: can be ordered now. `unavailable`: registered, in our domains, or in someone's open
 * order. `invalid`: a well-formed name under a TLD we do not sell (not on sale, or on sale without a
 * whole-year price), so it cannot be ordered here whoever holds it.
 */
export type AvailabilityInfo = 'available' | 'unavailable' | 'invalid';

export interface Availability {
  /** Punycode (ASCII) forms, as registries and the rest of the API use them. */
  sld: string;
  tld: string;
  info: AvailabilityInfo;
  /** Registration prices per whole-year period, VAT excluded; empty for a TLD we do not sell. */
  prices: TldPrice[];
}

/**
 * Domain availability for the public check. `input` is either a full name ("test.com",
 * "mäkiläinen.fi"), answered with one result, or a bare label ("test"), answered with one result per
 * TLD on sale, in TLD order. A name is available only when the registry has no registration for it,
 * no live domain row holds it, and no open order is buying it: a name being bought is not available.
 * Errors: rejected "Invalid domain" for anything that is neither a valid name nor a valid label.
 */
export async function checkAvailability(ctx: Ctx, input: string): Promise<Availability | Availability[]> {
  if (input.includes('.')) {
    const name = parseDomainName(input);
    if (!name) throw rejected('Invalid domain');
    const tld = await ctx.store.tlds.find(name.tld);
    const prices = tld?.on_sale === 1 ? await registrationPrices(ctx, name.tld) : [];
    if (prices.length === 0) return { sld: name.sld, tld: name.tld, info: 'invalid', prices: [] };
    const [info] = await availability(ctx, [name.fqdn]);
    return { sld: name.sld, tld: name.tld, info: info!, prices };
  }

  const sld = parseLabel(input);
  if (!sld) throw rejected('Invalid domain');
  const sold: Array<{ tld: string; prices: TldPrice[] }> = [];
  for (const tld of await ctx.store.tlds.list()) {
    if (tld.on_sale !== 1) continue;
    const prices = await registrationPrices(ctx, tld.tld);
    if (prices.length > 0) sold.push({ tld: tld.tld, prices });
  }
  const infos = await availability(ctx, sold.map((t) => `${sld}.${t.tld}`));
  return sold.map((t, i) => ({ sld, tld: t.tld, info: infos[i]!, prices: t.prices }));
}

/** Domains are bought in whole years (purchase and renewal take `years`), so only those periods are offered. */
async function registrationPrices(ctx: Ctx, tld: string): Promise<TldPrice[]> {
  return (await ctx.store.tlds.prices(tld)).filter((p) => p.period_months % 12 === 0);
}

async function availability(ctx: Ctx, fqdns: string[]): Promise<AvailabilityInfo[]> {
  const checks = fqdns.length > 0 ? await ctx.registry.check(fqdns) : [];
  const free = new Map(checks.map((c) => [c.name, c.available]));
  const out: AvailabilityInfo[] = [];
  for (const fqdn of fqdns) {
    const available =
      free.get(fqdn) === true &&
      !(await ctx.store.domains.findLiveByFqdn(fqdn)) &&
      !(await ctx.store.orders.findOpenByFqdn(fqdn));
    out.push(available ? 'available' : 'unavailable');
  }
  return out;
}
