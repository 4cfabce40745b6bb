import type { Ctx } from '../context.js';
import type { Store } from '../../ports/store.js';
import type { Partner } from '../../ports/store/partners.js';
import { isoTimestamp } from '../dates.js';
import { matchesHash, newSecret, prefixOf } from './secrets.js';
import { TokenError } from './token-error.js';

/** An access token works for an hour, a refresh token for 30 days (and only once: it rotates). */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 86_400;

/**
 * A token request's parameters, as sent (any may be missing). The client's id and secret come from the
 * body or from HTTP Basic authentication; the API layer decodes either and refuses both at once.
 */
export interface TokenRequest {
  grant_type?: string;
  refresh_token?: string;
  client_id?: string;
  client_secret?: string;
}

export interface IssuedPartnerToken {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  refresh_token: string;
}

const invalidClient = () => new TokenError('invalid_client', 'Invalid client credentials.');
const invalidGrant = (message: string) => new TokenError('invalid_grant', message);

/**
 * POST /auth/token: the OAuth 2.0 client-credentials grant (RFC 6749 4.4) with refresh tokens
 * (RFC 6749 6).
 * Rules: `grant_type` is required, and is client_credentials or refresh_token. Client credentials need
 * the client's id and secret (the secret is compared with its stored hash in constant time). A refresh
 * needs a refresh token that is live (not expired, spent or revoked); it may also carry the client's
 * credentials (OAuth libraries send them), which must then be right and the token's own client's. A
 * refresh token is spent when used: a new access and refresh pair replaces it, so a stolen refresh
 * token works at most once and its use is visible.
 * Locks: the partner, then the token, the order in which secret rotation and token revocation lock
 * them, so a token minted or refreshed at the same moment as a revocation is either revoked with the
 * rest or refused.
 * Errors (TokenError): invalid_request (a missing parameter), unsupported_grant_type, invalid_client
 * (no, unknown or wrong client credentials), invalid_grant (a refresh token that is not live, or not
 * this client's).
 */
export async function issuePartnerToken(ctx: Ctx, input: TokenRequest): Promise<IssuedPartnerToken> {
  const grant = input.grant_type;
  if (!grant) {
    throw new TokenError('invalid_request', 'The grant_type parameter is required: client_credentials or refresh_token.', {
      grant_type: ['The grant type field is required.'],
    });
  }
  if (grant !== 'client_credentials' && grant !== 'refresh_token') {
    throw new TokenError('unsupported_grant_type', `The grant type "${grant.slice(0, 50)}" is not supported: use client_credentials or refresh_token.`, {
      grant_type: ['The grant type must be client_credentials or refresh_token.'],
    });
  }
  const presentsClient = Boolean(input.client_id || input.client_secret);
  if (grant === 'client_credentials' && !presentsClient) {
    throw new TokenError('invalid_client', 'Client authentication is required: send client_id and client_secret, or HTTP Basic authentication.');
  }
  const missing: Record<string, string[]> = {};
  if (presentsClient && !input.client_id) missing.client_id = ['The client id field is required.'];
  if (presentsClient && !input.client_secret) missing.client_secret = ['The client secret field is required.'];
  if (grant === 'refresh_token' && !input.refresh_token) missing.refresh_token = ['The refresh token field is required.'];
  if (Object.keys(missing).length > 0) {
    throw new TokenError('invalid_request', `The ${Object.keys(missing).join(' and ')} parameter is required.`, missing);
  }

  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const client = presentsClient ? await authenticateClient(tx, input.client_id!, input.client_secret!) : undefined;
    let partnerId: number;
    if (grant === 'client_credentials') {
      partnerId = client!.id;
    } else {
      const presented = prefixOf(input.refresh_token!);
      const found = presented?.kind === 'hprt' ? await tx.partnerTokens.findByPrefix(presented.prefix) : undefined;
      if (!found || found.kind !== 'refresh' || !matchesHash(input.refresh_token!, found.token_hash)) {
        throw invalidGrant('The refresh token is not valid.');
      }
      if (client && client.id !== found.partner_id) throw invalidGrant('The refresh token was issued to another client.');
      if (!client) await tx.partners.lock(found.partner_id);
      // Locked, then checked: two requests spending one refresh token at once get one new pair, not two.
      const token = (await tx.partnerTokens.lock(found.id))!;
      if (token.revoked_at) throw invalidGrant('The refresh token has already been used or was revoked.');
      if (Date.parse(token.expires_at) <= now.getTime()) throw invalidGrant('The refresh token has expired.');
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

/** The partner whose OAuth client id and secret these are, locked (see issuePartnerToken). Errors: invalid_client. */
async function authenticateClient(tx: Store, clientId: string, secret: string): Promise<Partner> {
  const found = await tx.partners.findByClientId(clientId);
  // The hash is read again under the lock: a secret rotated meanwhile is refused.
  const partner = found && (await tx.partners.lock(found.id));
  if (!partner || !matchesHash(secret, partner.client_secret_hash)) throw invalidClient();
  return partner;
}

async function store(tx: Store, partnerId: number, kind: 'access' | 'refresh', now: Date, ttl: number): Promise<string> {
  const secret = newSecret(kind === 'access' ? 'hpat' : 'hprt');
  await tx.partnerTokens.create({
    partner_id: partnerId, kind, prefix: secret.prefix, token_hash: secret.hash,
    expires_at: isoTimestamp(new Date(now.getTime() + ttl * 1000)), revoked_at: null, created_at: isoTimestamp(now),
  });
  return secret.value;
}
