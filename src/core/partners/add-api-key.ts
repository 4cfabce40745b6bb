import type { Ctx } from '../context.js';
import type { Store } from '../../ports/store.js';
import type { ApiKey } from '../../ports/store/partners.js';
import { notFound } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { newSecret } from './secrets.js';
import { recordEvent } from '../events/record-event.js';

/** Writes a new API key for `partnerId` on `tx`; the key's value is returned once and never stored. */
export async function addApiKeyIn(tx: Store, ctx: Ctx, partnerId: number): Promise<{ key: ApiKey; value: string }> {
  const secret = newSecret('hpk');
  const at = isoTimestamp(ctx.clock.now());
  const key = await tx.apiKeys.create({
    partner_id: partnerId, prefix: secret.prefix, key_hash: secret.hash, created_at: at, revoked_at: null, last_used_at: null,
  });
  // The partner's, not its own account's: a key is the partner's way in, whoever it buys for.
  await recordEvent(tx, ctx, { type: 'api_key.created', partnerId, subject: key.prefix });
  return { key, value: secret.value };
}

/**
 * Adds an API key to a partner (a partner may hold several, to rotate without downtime).
 * Errors: not_found (no such partner).
 */
export async function addApiKey(ctx: Ctx, input: { partnerId: number }): Promise<{ key: ApiKey; value: string }> {
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.partners.findById(input.partnerId))) throw notFound('Partner not found');
    return addApiKeyIn(tx, ctx, input.partnerId);
  });
}
