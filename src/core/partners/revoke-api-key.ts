import type { Ctx } from '../context.js';
import type { ApiKey } from '../../ports/store/partners.js';
import { notFound, rejected } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { recordEvent } from '../events/record-event.js';

/**
 * Revokes an API key, named by its visible prefix ("hpk_3f9a1c2b7d") or its whole value; from then on
 * it answers 401. That key only: no token is minted from a key (tokens come from the OAuth client's
 * id and secret), and a partner rotates keys by adding one and revoking the old, which must not stop
 * its OAuth integration. The client secret and its tokens are ended by rotateClientSecret.
 * With `partnerId` (a partner revoking its own key), another partner's key is as if it did not
 * exist: a prefix is visible, and must not let one partner end another's integration.
 * Errors: not_found (no such key, or another partner's), rejected (already revoked).
 */
export async function revokeApiKey(ctx: Ctx, input: { key: string; partnerId?: number }): Promise<ApiKey> {
  const prefix = input.key.split('_').slice(0, 2).join('_');
  const key = await ctx.store.apiKeys.findByPrefix(prefix);
  if (!key || (input.partnerId !== undefined && key.partner_id !== input.partnerId)) throw notFound('API key not found');
  if (key.revoked_at) throw rejected(`API key ${prefix} is already revoked`);
  const revoked_at = isoTimestamp(ctx.clock.now());
  await ctx.store.transaction(async (tx) => {
    await tx.apiKeys.update(key.id, { revoked_at });
    await recordEvent(tx, ctx, { type: 'api_key.revoked', partnerId: key.partner_id, subject: key.prefix });
  });
  return { ...key, revoked_at };
}
