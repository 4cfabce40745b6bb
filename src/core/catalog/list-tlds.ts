import type { Ctx } from '../context.js';
import type { Tld, TldPrice } from '../../ports/store.js';

/** A TLD with its prices (cents, VAT excluded), shortest period first. */
export interface TldWithPrices {
  tld: Tld;
  prices: TldPrice[];
}

/** Every TLD the catalogue knows, on sale or not, in alphabetical order (an operator's view). */
export async function listTlds(ctx: Ctx): Promise<TldWithPrices[]> {
  const tlds = await ctx.store.tlds.list();
  // One query per TLD: the catalogue is a handful of rows, read by an operator, not per request.
  return Promise.all(tlds.map(async (tld) => ({ tld, prices: await ctx.store.tlds.prices(tld.tld) })));
}
