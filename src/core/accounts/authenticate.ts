import type { Ctx } from '../context.js';
import type { User } from '../../ports/store.js';
import { DomainError } from '../errors.js';
import { verifyToken } from './tokens.js';

/**
 * Resolves a bearer token to its user. Refused: bad signature or algorithm, expired, revoked by a
 * refresh, or the user no longer exists (or was deleted: a partner's deleted client), or the operator
 * disabled the account, or the token is older than the owner's last password reset (token_generation).
 * Errors: unauthenticated, token_expired.
 */
export async function authenticate(ctx: Ctx, token: string): Promise<User> {
  const claims = await verifyToken(ctx.settings.jwtSecret, token, ctx.clock.now());
  const user = await ctx.store.auth.userOfToken(claims.userId, claims.jti);
  // A token from before the owner's password reset (an earlier generation) ended with it.
  if (!user || user.deleted_at || user.disabled_at || claims.gen < (user.token_generation ?? 0)) throw new DomainError('unauthenticated', 'Unauthorized request');
  return user;
}
