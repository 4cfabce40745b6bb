import { createHash, randomBytes } from 'node:crypto';
import { secretsEqual } from '../secure-compare.js';

/**
 * Partner credentials: API keys (hpk_), access tokens (hpat_), refresh tokens (hprt_) and client
 * secrets. Each is `<kind>_<id>_<secret>`: `<kind>_<id>` is the visible prefix, stored in clear to
 * find the credential and to name a leaked one ("revoke hpk_3f9a1c2b7d"); only the SHA-256 of the
 * whole string is stored. A fast hash is right here because the secret is 256 random bits, not a
 * password a person chose: nothing can be guessed by trying.
 */
export type SecretKind = 'hpk' | 'hpat' | 'hprt';

export interface NewSecret {
  prefix: string;
  value: string;
  hash: string;
}

export const hashSecret = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export function newSecret(kind: SecretKind): NewSecret {
  const prefix = `${kind}_${randomBytes(5).toString('hex')}`;
  const value = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { prefix, value, hash: hashSecret(value) };
}

/**
 * An OAuth client secret: 256 random bits, base64url. Unlike a key it has no visible prefix: the client
 * id beside it finds the partner.
 */
export const newClientSecret = (): string => randomBytes(32).toString('base64url');

/** The prefix of a presented credential, or undefined when it is not one of ours. */
export function prefixOf(value: string): { kind: SecretKind; prefix: string } | undefined {
  const match = /^(hpk|hpat|hprt)_([0-9a-f]{10})_[A-Za-z0-9_-]{43}$/.exec(value);
  return match ? { kind: match[1] as SecretKind, prefix: `${match[1]}_${match[2]}` } : undefined;
}

/** Whether `value` is the credential whose stored hash is `hash`, compared in constant time. */
export const matchesHash = (value: string, hash: string): boolean => secretsEqual(hashSecret(value), hash);
