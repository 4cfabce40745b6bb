import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { ZoneSigningKey } from '../../../ports/dns.js';
import { canonicalNameWire } from '../name-wire.js';

/**
 * The arithmetic of DNSSEC keys, pure and shared by the core (the DS it hands to the registry), the
 * builtin server (which signs with the keys) and the PowerDNS provider (which checks the DS it reads
 * back). Algorithm 13 only: ECDSA P-256 with SHA-256 (RFC 6605), the algorithm every registry we sell
 * under accepts, with small keys and signatures that keep signed answers under 1,232 bytes.
 */

export const ALGORITHM_ECDSAP256SHA256 = 13;
/** Zone Key + Secure Entry Point (RFC 4034 2.1.1): a combined signing key. */
export const CSK_FLAGS = 257;
/** DS digest type 2, SHA-256 (RFC 4509): the one every parent takes. */
export const DIGEST_SHA256 = 2;

export interface NewKey {
  keyTag: number;
  /** The DNSKEY public key field, base64 (x || y, 64 bytes). */
  publicKey: string;
  /** PKCS#8 DER, base64. */
  privateKey: string;
}

/** A new P-256 key pair, with the key tag its DNSKEY will carry. */
export function generateZoneKey(): NewKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const point = publicKey.export({ format: 'der', type: 'spki' }).subarray(-65);
  // An uncompressed point is 0x04 || x || y (SEC 1 2.3.3); the DNSKEY holds x || y (RFC 6605 4).
  const pub = point.subarray(1).toString('base64');
  return {
    keyTag: keyTag(dnskeyRdata(CSK_FLAGS, ALGORITHM_ECDSAP256SHA256, pub)),
    publicKey: pub,
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

/** Whether `privateKey` (PKCS#8 base64) is the private half of `publicKey` (DNSKEY base64). */
export function keysMatch(privateKey: string, publicKey: string): boolean {
  try {
    const key = createPublicKey(createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' }));
    return key.export({ format: 'der', type: 'spki' }).subarray(-64).toString('base64') === publicKey;
  } catch {
    return false;
  }
}

/** A DNSKEY's RDATA (RFC 4034 2.1): flags, protocol 3, algorithm, public key. */
export function dnskeyRdata(flags: number, algorithm: number, publicKey: string): Buffer {
  const key = Buffer.from(publicKey, 'base64');
  const out = Buffer.alloc(4 + key.length);
  out.writeUInt16BE(flags, 0);
  out.writeUInt8(3, 2);
  out.writeUInt8(algorithm, 3);
  key.copy(out, 4);
  return out;
}

/** RFC 4034 Appendix B: the key tag of a DNSKEY RDATA (algorithm 1 excepted, which we never use). */
export function keyTag(rdata: Buffer): number {
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

export interface DsRecord {
  keyTag: number;
  algorithm: number;
  digestType: number;
  /** Upper case hex, as registries and WHOIS show it. */
  digest: string;
}

/** The DS (RFC 4034 5.1.4, SHA-256) of `key` at apex `zone`. */
export function dsOf(zone: string, key: Pick<ZoneSigningKey, 'flags' | 'algorithm' | 'publicKey'>): DsRecord {
  const rdata = dnskeyRdata(key.flags, key.algorithm, key.publicKey);
  const digest = createHash('sha256').update(canonicalNameWire(zone)).update(rdata).digest('hex').toUpperCase();
  return { keyTag: keyTag(rdata), algorithm: key.algorithm, digestType: DIGEST_SHA256, digest };
}
