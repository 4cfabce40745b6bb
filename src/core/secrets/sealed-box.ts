import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets at rest in the store (zone private keys, webhook signing secrets): AES-256-GCM under a key
 * derived (HKDF-SHA256, RFC 5869) from the configured sealing secret (DNSSEC_KEY_SECRET) with a label
 * per kind of secret, so a copy of the database (a backup, a replica) carries nothing usable, and one
 * kind's key never opens another's. The additional authenticated data binds a sealed value to its row
 * (a zone key's public key, a webhook's partner): rows cannot be swapped.
 *
 * Sealed form: `v1.` + base64 of IV (12 bytes) || tag (16) || ciphertext. The version lets a later
 * scheme (another KDF, a key id for rotating the secret) sit beside this one.
 */
const VERSION = 'v1.';

export interface SealedBox {
  seal(secret: Uint8Array, aad: string, plaintext: string): string;
  /** The plaintext, or undefined when it does not open (another secret, an altered row, another row's AAD). */
  open(secret: Uint8Array, aad: string, sealed: string): string | undefined;
}

/** A box for one kind of secret, `label` naming it in the key derivation (e.g. "dnssec zone keys v1"). */
export function sealedBox(label: string): SealedBox {
  const keys = new WeakMap<Uint8Array, Buffer>();
  const keyOf = (secret: Uint8Array): Buffer => {
    let key = keys.get(secret);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', secret, 'hostplane', label, 32));
      keys.set(secret, key);
    }
    return key;
  };
  return {
    seal(secret, aad, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(secret, aad, sealed) {
      if (!sealed.startsWith(VERSION)) return undefined;
      const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
