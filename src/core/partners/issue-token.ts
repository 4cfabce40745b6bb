import type { Ctx } from '../context.js';
import type { Store } from '../../ports/store.js';
import { DomainError, FieldErrorCollector } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { matchesHash, newSecret, prefixOf } from './secrets.js';

/** An access token works for an hour, a refresh token for 30 days (and only once: it rotates). */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 86_400;

export type TokenRequest =
  | { grant_type: 'client_credentials'; client_id?: string; client_secret?: string }
  | { grant_type: 'refresh_token'; refresh_token?: string };

export interface IssuedPartnerToken {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  refresh_token: string;
}

const badCredentials = () => new DomainError('unauthenticated', 'Invalid client credentials.');

/**
 * POST /auth/token: the OAuth 2.0 client-credentials grant (RFC 6749 4.4) with refresh tokens
 * (RFC 6749 6). The client secret is compared with its stored hash in constant time. A refresh token
 * is spent when used: a new access and refresh pair replaces it, so a stolen refresh token works at
 * most once and its use is visible.
 * Errors: invalid (missing fields), unauthenticated (wrong, revoked or expired credentials).
 */
export async function issuePartnerToken(ctx: Ctx, input: TokenRequest): Promise<IssuedPartnerToken> {
  const errors = new FieldErrorCollector();
  if (input.grant_type === 'client_credentials') {
    if (!input.client_id) errors.add('client_id', 'The client id field is required.');
    if (!input.client_secret) errors.add('client_secret', 'The client secret field is required.');
  } else if (!input.refresh_token) errors.add('refresh_token', 'The refresh token field is required.');
  errors.throwIfAny();

  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    let partnerId: number;
    if (input.grant_type === 'client_credentials') {
      const partner = await tx.partners.findByClientId(input.client_id!);
      if (!partner || !matchesHash(input.client_secret!, partner.client_secret_hash)) throw badCredentials();
      partnerId = partner.id;
    } else {
      const presented = prefixOf(input.refresh_token!);
      const found = presented?.kind === 'hprt' ? await tx.partnerTokens.findByPrefix(presented.prefix) : undefined;
      // Locked, then checked: two requests spending one refresh token at once get one new pair, not two.
      const token = found && (await tx.partnerTokens.lock(found.id));
      if (!token || token.kind !== 'refresh' || token.revoked_at || !matchesHash(input.refresh_token!, token.token_hash)) {
        throw badCredentials();
      }
      if (Date.parse(token.expires_at) <= now.getTime()) throw badCredentials();
      await tx.partnerTokens.update(token.id, { revoked_at: isoTimestamp(now) });
      partnerId = token.partner_id;
    }
    return {
      token_type: 'Bearer' as const,
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      access_token: await store(tx, partnerId, 'access', now, ACCESS_TOKEN_TTL_SECONDS),
      refresh_token: await store(tx, partnerId, 'refresh', now, REFRESH_TOKEN_TTL_SECONDS),
    };
  });
}

async function store(tx: Store, partnerId: number, kind: 'access' | 'refresh', now: Date, ttl: number): Promise<string> {
  const secret = newSecret(kind === 'access' ? 'hpat' : 'hprt');
  await tx.partnerTokens.create({
    partner_id: partnerId, kind, prefix: secret.prefix, token_hash: secret.hash,
    expires_at: isoTimestamp(new Date(now.getTime() + ttl * 1000)), revoked_at: null, created_at: isoTimestamp(now),
  });
  return secret.value;
}
