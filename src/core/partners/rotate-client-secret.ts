import type { Ctx } from '../context.js';
import type { Partner } from '../../ports/store/partners.js';
import { notFound } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { hashSecret, newClientSecret } from './secrets.js';

export interface RotatedClientSecret {
  partner: Partner;
  clientId: string;
  /** Shown once: only its hash is kept. */
  clientSecret: string;
  /** How many live access and refresh tokens were revoked with the old secret. */
  revokedTokens: number;
}

/**
 * Gives a partner's OAuth client a new secret. The old one stops minting tokens at once, and every
 * live access and refresh token of the partner is revoked: a secret is rotated because it may have
 * leaked, and whoever held it may have minted tokens with it (or refreshed them since). API keys are
 * separate credentials and keep working. The client id stays, so only the secret is changed where
 * the partner keeps it.
 * Locks the partner (as minting does), so a token minted at the same moment is either revoked here or
 * refused for the old secret.
 * Errors: not_found (no such partner).
 */
export async function rotateClientSecret(ctx: Ctx, input: { partnerId: number }): Promise<RotatedClientSecret> {
  const clientSecret = newClientSecret();
  const at = isoTimestamp(ctx.clock.now());
  return ctx.store.transaction(async (tx) => {
    const partner = await tx.partners.lock(input.partnerId);
    if (!partner) throw notFound('Partner not found');
    await tx.partners.update(partner.id, { client_secret_hash: hashSecret(clientSecret), updated_at: at });
    const revokedTokens = await tx.partnerTokens.revokeAll(partner.id, at);
    return { partner: { ...partner, updated_at: at }, clientId: partner.client_id, clientSecret, revokedTokens };
  });
}
