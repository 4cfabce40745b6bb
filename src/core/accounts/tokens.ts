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
  /** The account's token generation when it was issued (the `gen` claim; 0 when absent): see users.token_generation. */
  gen: number;
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

/**
 * A token for `userId`, naming the account's token `generation` (left out at 0, so tokens of accounts
 * that never reset their password look as they always did).
 */
export async function issueToken(secret: Uint8Array, userId: number, now: Date, generation = 0): Promise<IssuedToken> {
  const jti = randomUUID();
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT(generation > 0 ? { gen: generation } : {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(userId))
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + TOKEN_TTL_SECONDS)
    .sign(await hmacKey(secret));
  return { token, expiresIn: TOKEN_TTL_SECONDS, jti };
}

/** A token whose signature and claims have been verified once, with what is checked again on every use. */
interface Verified extends TokenClaims {
  nbf: number | undefined;
}

/**
 * Tokens already verified, per secret: verifying an HS256 signature through WebCrypto was the largest
 * single cost of an authenticated GET after the store (`npm run bench`), and a client sends the same
 * token with every request for a day. A signature that verified once verifies forever under the same
 * secret, so only the time claims are checked again on a hit (as jose checks them); revocation is the
 * caller's check, made on every request. At most MAX_VERIFIED tokens, the oldest forgotten first.
 */
const verified = new WeakMap<Uint8Array, Map<string, Verified>>();
const MAX_VERIFIED = 10_000;

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
  let known = verified.get(secret);
  if (!known) verified.set(secret, (known = new Map()));
  const hit = known.get(token);
  if (hit) return checkTimes(hit, now, toleranceSeconds);
  let claims: Verified;
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), {
      algorithms: ['HS256'],
      currentDate: now,
      clockTolerance: toleranceSeconds,
      requiredClaims: ['sub', 'jti', 'exp', 'iat'],
    });
    const userId = userIdOf(payload.sub!);
    if (userId === undefined) throw new DomainError('unauthenticated', 'Unauthorized request');
    const gen = payload.gen === undefined ? 0 : payload.gen;
    if (typeof gen !== 'number' || !Number.isSafeInteger(gen) || gen < 0) throw new DomainError('unauthenticated', 'Unauthorized request');
    claims = { userId, jti: payload.jti!, exp: payload.exp!, nbf: payload.nbf, gen };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    if (err instanceof errors.JWTExpired) throw new DomainError('token_expired', 'Expired Access token');
    throw new DomainError('unauthenticated', 'Unauthorized request');
  }
  if (known.size >= MAX_VERIFIED) known.delete(known.keys().next().value!);
  known.set(token, claims);
  return { userId: claims.userId, jti: claims.jti, exp: claims.exp, gen: claims.gen };
}

/**
 * The user id a subject names, in the one form issueToken writes (`String(id)`): decimal digits, no
 * leading zero, sign, space, fraction, exponent or radix prefix. Number() read "1.0", " 1", "0x1" and
 * "1e0" as user 1, so one user had many valid subjects; only the canonical one is accepted.
 */
function userIdOf(sub: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(sub)) return undefined;
  const id = Number(sub);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** jose's checks of the time claims (jwt_claims_set.js), against `now` in whole seconds. */
function checkTimes(claims: Verified, now: Date, toleranceSeconds: number): TokenClaims {
  const seconds = Math.floor(now.getTime() / 1000);
  if (claims.nbf !== undefined && claims.nbf > seconds + toleranceSeconds) throw new DomainError('unauthenticated', 'Unauthorized request');
  if (claims.exp <= seconds - toleranceSeconds) throw new DomainError('token_expired', 'Expired Access token');
  return { userId: claims.userId, jti: claims.jti, exp: claims.exp, gen: claims.gen };
}
