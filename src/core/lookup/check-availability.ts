import { domainToUnicode } from 'node:url';
import type { Ctx } from '../context.js';
import type { TldPrice } from '../../ports/store.js';
import { rejected } from '../errors.js';
import { parseDomainName, parseLabel } from '../domains/domain-name.js';
import { judgeName, judgeUnder } from '../catalog/judge-name.js';
import { askRegistry } from '../domains/registry-errors.js';

/**
 * `available`: can be ordered now. `unavailable`: registered, in our domains, or in someone's open
 * order. `invalid`: cannot be ordered here whoever holds it: a TLD we do not sell (not on sale, or on
 * sale without a whole-year price), or a name the TLD's rules refuse (see name-rules.ts).
 */
export type AvailabilityInfo = 'available' | 'unavailable' | 'invalid';

export interface Availability {
  /** Punycode (ASCII) forms, as registries and the rest of the API use them. */
  sld: string;
  tld: string;
  info: AvailabilityInfo;
  /** Registration prices per whole-year period, VAT excluded; empty for an invalid name. */
  prices: TldPrice[];
  /** Why the name is invalid (judgeName's words), for an `invalid` answer. */
  reason?: string;
}

/**
 * Domain availability for the public check. `input` is either a full name ("test.com",
 * "mäkiläinen.fi"), answered with one result, or a bare label ("test"), answered with one result per
 * TLD on sale, in TLD order. A name is available only when its TLD's rules allow it (judgeName), the
 * registry has no registration for it, no live domain row holds it, and no open order is buying it:
 * a name being bought is not available. The registry is not asked about an invalid name.
 * Errors: rejected "Invalid domain" for anything that is neither a valid name nor a valid label;
 * the registry's refusal or absence as fromRegistryError says (retry_later when it cannot answer).
 */
export async function checkAvailability(ctx: Ctx, input: string): Promise<Availability | Availability[]> {
  if (input.includes('.')) {
    const name = parseDomainName(input);
    if (!name) throw rejected('Invalid domain');
    const judged = await judgeName(ctx.store, name);
    if (judged.problem !== undefined) return { sld: name.sld, tld: name.tld, info: 'invalid', prices: [], reason: judged.problem };
    const [info] = await availability(ctx, [name.fqdn]);
    return { sld: name.sld, tld: name.tld, info: info!, prices: judged.prices };
  }

  const sld = parseLabel(input);
  if (!sld) throw rejected('Invalid domain');
  const unicode = domainToUnicode(sld);
  const answers: Availability[] = [];
  const tlds = (await ctx.store.tlds.list()).filter((t) => t.on_sale === 1);
  const prices = await ctx.store.tlds.pricesOf(tlds.map((t) => t.tld));
  for (const tld of tlds) {
    const judged = judgeUnder(tld, prices.filter((p) => p.tld === tld.tld), tld.tld, unicode);
    if (!judged.offered) continue; // only TLDs we sell are listed
    answers.push(judged.problem === undefined
      ? { sld, tld: tld.tld, info: 'unavailable', prices: judged.prices }
      : { sld, tld: tld.tld, info: 'invalid', prices: [], reason: judged.problem });
  }
  const valid = answers.filter((a) => a.info !== 'invalid');
  const infos = await availability(ctx, valid.map((a) => `${sld}.${a.tld}`));
  valid.forEach((a, i) => (a.info = infos[i]!));
  return answers;
}

async function availability(ctx: Ctx, fqdns: string[]): Promise<AvailabilityInfo[]> {
  const checks = fqdns.length > 0 ? await askRegistry(() => ctx.registry.check(fqdns)) : [];
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
