import type { Ctx } from '../context.js';
import { DomainError } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { REFRESH_WINDOW_SECONDS, issueToken, verifyToken, type IssuedToken } from './tokens.js';

/**
 * Exchanges a valid, or expired less than 14 days ago, token for a new one; the old token is revoked
 * in the same transaction, so it works neither for requests nor for a second refresh.
 * Errors: unauthenticated (bad, revoked or unknown-user token, a deleted or disabled account, or a token from before a password reset),
 * token_expired (past the window).
 */
export async function refreshToken(ctx: Ctx, token: string): Promise<IssuedToken> {
  const now = ctx.clock.now();
  const claims = await verifyToken(ctx.settings.jwtSecret, token, now, REFRESH_WINDOW_SECONDS);
  return ctx.store.transaction(async (tx) => {
    if (await tx.auth.isRevoked(claims.jti)) throw new DomainError('unauthenticated', 'Unauthorized request');
    const user = await tx.users.findById(claims.userId);
    // A deleted account (a partner's deleted client) ends its tokens: refreshing one must not give it
    // a fresh token a day, forever; nor may a disabled one.
    if (!user || user.deleted_at || user.disabled_at || claims.gen < (user.token_generation ?? 0)) throw new DomainError('unauthenticated', 'Unauthorized request');
    const refreshableUntil = new Date((claims.exp + REFRESH_WINDOW_SECONDS) * 1000);
    await tx.auth.revoke(claims.jti, isoTimestamp(refreshableUntil));
    return issueToken(ctx.settings.jwtSecret, user.id, now, user.token_generation ?? 0);
  });
}
