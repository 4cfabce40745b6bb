import type { Ctx } from '../context.js';
import type { Partner } from '../../ports/store/partners.js';
import { DomainError } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { matchesHash, prefixOf } from './secrets.js';

const unauthenticated = () => new DomainError('unauthenticated', 'Unauthenticated.');

/** last_used_at is a hint for operators, so it is written at most this often per key, not per request. */
const LAST_USED_PRECISION_MS = 60 * 60 * 1000;

/**
 * Resolves a partner API bearer credential: an API key (hpk_) or an access token from POST /auth/token
 * (hpat_). Refused alike, with one message: unknown, malformed, revoked, expired, or a refresh token used
 * as a key. Errors: unauthenticated.
 */
export async function authenticatePartner(ctx: Ctx, bearer: string): Promise<Partner> {
  const presented = prefixOf(bearer);
  if (!presented || presented.kind === 'hprt') throw unauthenticated();
  const now = ctx.clock.now();
  // The credential and its partner in one read; the partner counts only once the credential does.
  if (presented.kind === 'hpk') {
    const found = await ctx.store.apiKeys.findByPrefixWithPartner(presented.prefix);
    const key = found?.key;
    if (!key || key.revoked_at || !matchesHash(bearer, key.key_hash)) throw unauthenticated();
    if (!found.partner) throw unauthenticated();
    if (!key.last_used_at || now.getTime() - Date.parse(key.last_used_at) > LAST_USED_PRECISION_MS) {
      await ctx.store.apiKeys.update(key.id, { last_used_at: isoTimestamp(now) });
    }
    return found.partner;
  }
  const found = await ctx.store.partnerTokens.findByPrefixWithPartner(presented.prefix);
  const token = found?.token;
  if (!token || token.kind !== 'access' || token.revoked_at || !matchesHash(bearer, token.token_hash)) throw unauthenticated();
  if (Date.parse(token.expires_at) <= now.getTime()) throw unauthenticated();
  if (!found.partner) throw unauthenticated();
  return found.partner;
}
