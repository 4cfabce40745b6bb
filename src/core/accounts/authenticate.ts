import type { Ctx } from '../context.js';
import type { User } from '../../ports/store.js';
import { DomainError } from '../errors.js';
import { verifyToken, type TokenClaims } from './tokens.js';

/**
 * Resolves a bearer token to its user. Refused: bad signature or algorithm, expired, revoked by a
 * refresh, or the user no longer exists (or was deleted: a partner's deleted client), or the operator
 * disabled the account, or the token is older than the owner's last password reset (token_generation).
 * Errors: unauthenticated, token_expired.
 */
export async function authenticate(ctx: Ctx, token: string): Promise<User> {
  return (await authenticateReading(ctx, token, async ({ userId, jti }) => {
    const user = await ctx.store.auth.userOfToken(userId, jti);
    return user && { user };
  })).user;
}

/**
 * authenticate, with the token's user read by `read` together with what the request is about to
 * read anyway (one statement instead of several: a domain GET). `read` gets the verified claims and
 * reads the user as userOfToken does (nothing when the token was revoked); the same rules refuse it.
 */
export async function authenticateReading<T extends { user: User }>(
  ctx: Ctx,
  token: string,
  read: (claims: TokenClaims) => Promise<T | undefined>,
): Promise<T> {
  const claims = await verifyToken(ctx.settings.jwtSecret, token, ctx.clock.now());
  const found = await read(claims);
  const user = found?.user;
  // A token from before the owner's password reset (an earlier generation) ended with it.
  if (!found || !user || user.deleted_at || user.disabled_at || claims.gen < (user.token_generation ?? 0)) throw new DomainError('unauthenticated', 'Unauthorized request');
  return found;
}
