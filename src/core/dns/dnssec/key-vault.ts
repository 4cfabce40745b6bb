import { sealedBox } from '../../secrets/sealed-box.js';

/**
 * Zone private keys at rest, sealed (core/secrets/sealed-box.ts) so that a copy of the database does
 * not carry keys that sign for the zones. The DNSKEY public key is the additional authenticated data:
 * a sealed key opens only beside the public key it belongs to, so rows cannot be swapped between keys
 * or zones.
 */
const box = sealedBox('dnssec zone keys v1');

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

/** `privateKey` (PKCS#8 base64) sealed for storage beside `publicKey`. */
export function sealPrivateKey(secret: Uint8Array, publicKey: string, privateKey: string): string {
  return box.seal(secret, publicKey, privateKey);
}

/** The PKCS#8 base64 private key of a sealed row. Throws KeySecretMismatch when it does not open. */
export function openPrivateKey(secret: Uint8Array, publicKey: string, sealed: string): string {
  const opened = box.open(secret, publicKey, sealed);
  if (opened === undefined) throw new KeySecretMismatch();
  return opened;
}
