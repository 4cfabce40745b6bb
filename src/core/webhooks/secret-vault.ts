import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets at rest. A secret signs every delivery, so it must be read back as it was
 * given (a hash would not do); sealed as zone private keys are (core/dns/dnssec/key-vault.ts): AES-256-GCM
 * under a key derived with HKDF-SHA256 from the store's sealing secret (DNSSEC_KEY_SECRET), with its own
 * HKDF label so the two uses never share a key. The partner's id is the additional authenticated data:
 * a sealed secret opens only on its own partner's row.
 *
 * Sealed form: `v1.` + base64 of IV (12 bytes) || tag (16) || ciphertext.
 */

const VERSION = 'v1.';

/** Opening failed: the store's sealing secret is not the one the row was sealed with, or the row was altered. */
export class WebhookSecretMismatch extends Error {
  constructor() {
    super('a webhook secret in the store cannot be opened with DNSSEC_KEY_SECRET: every instance on one store must be given the same secret');
    this.name = 'WebhookSecretMismatch';
  }
}

const cache = new WeakMap<Uint8Array, Buffer>();
function keyOf(secret: Uint8Array): Buffer {
  let key = cache.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'hostplane', 'webhook secrets v1', 32));
    cache.set(secret, key);
  }
  return key;
}

const aad = (partnerId: number) => Buffer.from(`partner:${partnerId}`, 'utf8');

/**
 * A new signing secret as Standard Webhooks presents it: `whsec_` + base64 of 32 random bytes (the
 * specification asks for 24 to 64). The bytes after the prefix, decoded, are the HMAC key.
 */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** The HMAC key of a `whsec_` secret: its base64 part, decoded. */
export const secretKeyBytes = (secret: string): Buffer => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

export function sealWebhookSecret(storeSecret: Uint8Array, partnerId: number, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(storeSecret), iv);
  cipher.setAAD(aad(partnerId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function openWebhookSecret(storeSecret: Uint8Array, partnerId: number, sealed: string): string {
  if (!sealed.startsWith(VERSION)) throw new WebhookSecretMismatch();
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(storeSecret), raw.subarray(0, 12));
    decipher.setAAD(aad(partnerId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new WebhookSecretMismatch();
  }
}
