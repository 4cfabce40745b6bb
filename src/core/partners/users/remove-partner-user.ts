import type { Ctx } from '../../context.js';
import type { PartnerUser } from '../../../ports/store/panel.js';
import { notFound } from '../../errors.js';

/**
 * Removes a partner's person (`hostplane partners users remove PARTNER --email E`) and ends their
 * panel sessions in the same transaction, so a removed person is logged out on every instance at once.
 * Errors: not_found (no such person of that partner).
 */
export async function removePartnerUser(ctx: Ctx, input: { partnerId: number; email: string }): Promise<PartnerUser> {
  return ctx.store.transaction(async (tx) => {
    const user = await tx.partnerUsers.findByEmail(input.email);
    if (!user || user.partner_id !== input.partnerId) throw notFound('No such user of this partner');
    await tx.panelSessions.deleteByAccount('partner', user.id);
    await tx.partnerUsers.delete(user.id);
    return user;
  });
}
