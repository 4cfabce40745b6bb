import { randomBytes } from 'node:crypto';
import { sealedBox } from '../secrets/sealed-box.js';

/**
 * Webhook signing secrets at rest. A secret signs every delivery, so it must be read back as it was
 * given (a hash would not do): sealed as zone private keys are (core/secrets/sealed-box.ts), with a
 * label of its own so the two uses never share a key. The partner's id is the additional
 * authenticated data: a sealed secret opens only on its own partner's row.
 */
const box = sealedBox('webhook secrets v1');
const aad = (partnerId: number) => `partner:${partnerId}`;

/** Opening failed: the store's sealing secret is not the one the row was sealed with, or the row was altered. */
export class WebhookSecretMismatch extends Error {
  constructor() {
    super('a webhook secret in the store cannot be opened with DNSSEC_KEY_SECRET: every instance on one store must be given the same secret');
    this.name = 'WebhookSecretMismatch';
  }
}

/**
 * A new signing secret as Standard Webhooks presents it: `whsec_` + base64 of 32 random bytes (the
 * specification asks for 24 to 64). The bytes after the prefix, decoded, are the HMAC key.
 */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** The HMAC key of a `whsec_` secret: its base64 part, decoded. */
export const secretKeyBytes = (secret: string): Buffer => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

export function sealWebhookSecret(storeSecret: Uint8Array, partnerId: number, secret: string): string {
  return box.seal(storeSecret, aad(partnerId), secret);
}

export function openWebhookSecret(storeSecret: Uint8Array, partnerId: number, sealed: string): string {
  const opened = box.open(storeSecret, aad(partnerId), sealed);
  if (opened === undefined) throw new WebhookSecretMismatch();
  return opened;
}
