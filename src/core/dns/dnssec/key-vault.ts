import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Zone private keys at rest: AES-256-GCM under a key derived (HKDF-SHA256, RFC 5869) from the
 * configured DNSSEC_KEY_SECRET, so a copy of the database (a backup, a replica) does not carry keys
 * that sign for the zones. The DNSKEY public key is the additional authenticated data: a sealed key
 * opens only beside the public key it belongs to, so rows cannot be swapped between keys or zones.
 *
 * Sealed form: `v1.` + base64 of IV (12 bytes) || tag (16) || ciphertext. The version lets a later
 * scheme (another KDF, a key id for rotating the secret) sit beside this one.
 */

const VERSION = 'v1.';

/** Opening failed: the secret is not the one the key was sealed with, or the row was altered. */
export class KeySecretMismatch extends Error {
  constructor() {
    super(
      'a zone key in the store cannot be opened with DNSSEC_KEY_SECRET: every instance on one store must be given the same secret ' +
        '(the one the keys were sealed with; without DNSSEC_KEY_SECRET it is the data folder\'s dnssec-key-secret file)',
    );
    this.name = 'KeySecretMismatch';
  }
}

const cache = new WeakMap<Uint8Array, Buffer>();
function keyOf(secret: Uint8Array): Buffer {
  let key = cache.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'hostplane', 'dnssec zone keys v1', 32));
    cache.set(secret, key);
  }
  return key;
}

/** `privateKey` (PKCS#8 base64) sealed for storage beside `publicKey`. */
export function sealPrivateKey(secret: Uint8Array, publicKey: string, privateKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(publicKey, 'utf8'));
  const body = Buffer.concat([cipher.update(privateKey, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The PKCS#8 base64 private key of a sealed row. Throws KeySecretMismatch when it does not open. */
export function openPrivateKey(secret: Uint8Array, publicKey: string, sealed: string): string {
  if (!sealed.startsWith(VERSION)) throw new KeySecretMismatch();
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(publicKey, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new KeySecretMismatch();
  }
}
