import type { Ctx } from '../context.js';
import { notFound } from '../errors.js';
import { isoTimestamp } from '../dates.js';

/**
 * Revokes every live access and refresh token a partner's OAuth client holds: from now on they answer
 * 401 (access) and invalid_grant (refresh). The client secret still mints new ones; to end those too,
 * rotate the secret (rotateClientSecret, which revokes the tokens as well). API keys are untouched.
 * Locks the partner (as minting and refreshing do), so a pair minted or refreshed at the same moment
 * is revoked with the rest or minted after, never left half seen.
 * Errors: not_found (no such partner).
 */
export async function revokePartnerTokens(ctx: Ctx, input: { partnerId: number }): Promise<{ partnerId: number; revoked: number }> {
  const at = isoTimestamp(ctx.clock.now());
  return ctx.store.transaction(async (tx) => {
    const partner = await tx.partners.lock(input.partnerId);
    if (!partner) throw notFound('Partner not found');
    return { partnerId: partner.id, revoked: await tx.partnerTokens.revokeAll(partner.id, at) };
  });
}
