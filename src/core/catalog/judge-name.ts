import type { Store, Tld, TldPrice } from '../../ports/store.js';
import type { DomainName } from '../domains/domain-name.js';
import { nameRuleViolation, rulesOf } from './name-rules.js';

/** Whether a name can be sold here, and if not, why, in words a customer reads. */
export interface NameJudgement {
  /** The TLD's catalogue row, if the catalogue has it (on sale or not). */
  tld: Tld | undefined;
  /** Its whole-year registration prices (domains are bought in years); empty when not offered. */
  prices: TldPrice[];
  /** The TLD is on sale with a whole-year price. */
  offered: boolean;
  /** Why the name cannot be ordered: its TLD is not offered, or the name breaks the TLD's rules. */
  problem?: string;
}

/**
 * The one judge of a name, used wherever one is weighed: the availability checks of both APIs,
 * purchase, transfer, the partner API's register (both actions) and WHOIS. `name` is parsed
 * (parseDomainName); this adds what the catalogue says: the TLD on sale with a whole-year price, and
 * the label within the TLD's rules (name-rules.ts).
 */
export async function judgeName(store: Store, name: DomainName): Promise<NameJudgement> {
  const tld = await store.tlds.find(name.tld);
  const prices = tld?.on_sale === 1 ? await store.tlds.prices(name.tld) : [];
  return judgeUnder(tld, prices, name.tld, name.fqdnUnicode.split('.')[0]!);
}

/** judgeName for a TLD row already read (`label` in Unicode form): the multi-TLD check reads them all at once. */
export function judgeUnder(tld: Tld | undefined, allPrices: TldPrice[], tldName: string, label: string): NameJudgement {
  const prices = tld?.on_sale === 1 ? allPrices.filter((p) => p.period_months % 12 === 0) : [];
  if (!tld || prices.length === 0) return { tld, prices: [], offered: false, problem: `.${tldName} domains are not offered.` };
  const problem = nameRuleViolation(tldName, rulesOf(tld), label);
  return problem === undefined ? { tld, prices, offered: true } : { tld, prices, offered: true, problem };
}
