import type { Ctx } from '../context.js';
import type { User } from '../../ports/store.js';
import { DomainError } from '../errors.js';
import { verifyToken } from './tokens.js';

/**
 * Resolves a bearer token to its user. Refused: bad signature or algorithm, expired, revoked by a
 * refresh, or the user no longer exists (or was deleted: a partner's deleted client), or the operator
 * disabled the account.
 * Errors: unauthenticated, token_expired.
 */
export async function authenticate(ctx: Ctx, token: string): Promise<User> {
  const claims = await verifyToken(ctx.settings.jwtSecret, token, ctx.clock.now());
  const user = await ctx.store.auth.userOfToken(claims.userId, claims.jti);
  if (!user || user.deleted_at || user.disabled_at) throw new DomainError('unauthenticated', 'Unauthorized request');
  return user;
}
