import type { Ctx } from '../../context.js';
import type { PartnerUser } from '../../../ports/store/panel.js';
import { notFound } from '../../errors.js';

/** The people of partner `partnerId` who log in to the panel, by id. Errors: not_found (no such partner). */
export async function listPartnerUsers(ctx: Ctx, partnerId: number): Promise<PartnerUser[]> {
  if (!(await ctx.store.partners.findById(partnerId))) throw notFound('Partner not found');
  return ctx.store.partnerUsers.listByPartner(partnerId);
}
