import type { Ctx } from '../context.js';
import type { M365Offer } from '../../ports/store/m365.js';

/** The Microsoft 365 offers hostplane sells, by catalog Id. */
export function listCatalog(ctx: Ctx): Promise<M365Offer[]> {
  return ctx.store.m365.listOffers();
}
