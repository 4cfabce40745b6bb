import { randomUUID, webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import { DomainError } from '../errors.js';

/** Access tokens live 24 hours, as the client API document says (expires_in 86400). */
export const TOKEN_TTL_SECONDS = 86_400;
/** An expired token can still be exchanged for a new one for this long. */
export const REFRESH_WINDOW_SECONDS = 14 * 86_400;

export interface IssuedToken {
  token: string;
  expiresIn: number;
  jti: string;
}

export interface TokenClaims {
  userId: number;
  jti: string;
  exp: number;
}

/**
 * The HMAC key of a secret, imported once. Given the raw bytes, jose imports a WebCrypto key on every
 * sign and verify; that import was a tenth of an authenticated GET's time (`npm run bench`).
 */
const keys = new WeakMap<Uint8Array, Promise<webcrypto.CryptoKey>>();
function hmacKey(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

export async function issueToken(secret: Uint8Array, userId: number, now: Date): Promise<IssuedToken> {
  const jti = randomUUID();
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(userId))
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + TOKEN_TTL_SECONDS)
    .sign(await hmacKey(secret));
  return { token, expiresIn: TOKEN_TTL_SECONDS, jti };
}

/**
 * Verifies signature (HS256 only: a token signed with another algorithm, or `none`, is refused),
 * expiry against the injected clock, and the claims we rely on. `toleranceSeconds` accepts tokens
 * expired that long ago (the refresh window).
 */
export async function verifyToken(
  secret: Uint8Array,
  token: string,
  now: Date,
  toleranceSeconds = 0,
): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), {
      algorithms: ['HS256'],
      currentDate: now,
      clockTolerance: toleranceSeconds,
      requiredClaims: ['sub', 'jti', 'exp', 'iat'],
    });
    const userId = Number(payload.sub);
    if (!Number.isSafeInteger(userId) || userId <= 0) throw new DomainError('unauthenticated', 'Unauthorized request');
    return { userId, jti: payload.jti!, exp: payload.exp! };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    if (err instanceof errors.JWTExpired) throw new DomainError('token_expired', 'Expired Access token');
    throw new DomainError('unauthenticated', 'Unauthorized request');
  }
}
