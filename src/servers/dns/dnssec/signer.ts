import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { systemClock, type Clock } from '../../../core/clock.js';
import type { ZoneSigning, ZoneSigningKey } from '../../../ports/dns.js';
import type { Rr } from '../answer.js';
import { WIRE_TYPES } from '../rr-types.js';
import { canonicalNameWire } from '../../../core/dns/name-wire.js';
import { canonicalRdatas, signatureLabels } from './canonical.js';

/**
 * RRSIGs made on answer (RFC 4034 3, RFC 4035 2.2, RFC 6605 for ECDSA P-256/SHA-256) and kept, as
 * PowerDNS does: an ECDSA signature costs a few tens of microseconds, a lookup here one SHA-256 of
 * the RRset. An entry is keyed by a digest of everything signed but the times (zone, owner as signed,
 * type, TTL, the RDATA in canonical order) and the key's public half, so a changed RRset, a changed TTL
 * (ANAME addresses, a fallback_ip) or another key never finds an old signature.
 *
 * Times: inception an hour back (clocks of validators run behind), expiration VALIDITY later; an entry
 * is signed anew once less than half its validity remains, so a signature handed out is always good for
 * a week (the reply cache keeps replies a day at most, see epoch()). Time is the injected clock's.
 * At most maxEntries entries, the least recently used dropped first.
 */

const HOUR = 3600;
/** 14 days (RFC 6781 4.4.2 suggests days to weeks; long enough to ride out an outage of the signer). */
export const SIGNATURE_VALIDITY = 14 * 86_400;
/**
 * About 200 bytes an entry: some 50 MB at most. A zone answers with a dozen or so RRsets signed (its
 * apex's sets, its hosts, the SOA and NSECs of its negative answers): the DNS benchmark's 10,000 zones
 * signed 130,000, more than the 100,000 this held before, so a reply dropped from the reply cache (a
 * zone change drops its zone's) was signed anew. 250,000 keep those of some 20,000 zones.
 */
const DEFAULT_MAX_ENTRIES = 250_000;
const ALGORITHM = 13;

interface Made {
  inception: number;
  expiration: number;
  signature: Buffer;
}

export class Signer {
  private readonly made = new Map<string, Made>();
  private readonly privateKeys = new WeakMap<ZoneSigningKey, KeyObject>();
  /** Signatures made so far (a kept one given again is not counted). */
  signatures = 0;

  constructor(
    readonly clock: Clock = systemClock,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  get size(): number {
    return this.made.size;
  }

  /**
   * Moves once a day: the reply cache drops every reply when it moves (server.ts), so a reply is never
   * kept with signatures older than a day, and those had at least half their validity left.
   * Before the first signature no reply holds one, and the clock is not read: this is asked on every
   * query the reply cache answers, and a server of unsigned zones should not pay for it.
   */
  epoch(): number {
    if (this.signatures === 0) return 0;
    const now = this.clock === systemClock ? Date.now() : this.clock.now().getTime();
    return Math.floor(now / 86_400_000);
  }

  /**
   * The RRSIGs of `rrs` (one RRset: one owner, one type), one per key of `signing` that signs. The set
   * is signed as owned by `signedOwner`, which is the wildcard's name ("*.example.fi") for an answer
   * synthesized from it (RFC 4035 5.3.2: the labels field tells the validator so), and served owned by
   * the RRset's owner. The original TTL is the TTL served.
   */
  sign(zone: string, signing: ZoneSigning, rrs: readonly Rr[], signedOwner = rrs[0]!.name): Rr[] {
    if (rrs.length === 0) return [];
    const first = rrs[0]!;
    const ttl = first.ttl;
    const labels = signatureLabels(signedOwner);
    const owner = canonicalNameWire(signedOwner);
    const signer = canonicalNameWire(zone);
    const rdatas = canonicalRdatas(rrs);
    const type = typeCode(first.type);
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const out: Rr[] = [];
    for (const key of signing.keys) {
      if (!key.signs) continue;
      const digest = createHash('sha256');
      digest.update(signer).update(owner).update(u16(type)).update(u32(ttl)).update(key.publicKey);
      for (const r of rdatas) digest.update(u16(r.length)).update(r);
      const id = digest.digest('base64');
      let kept = this.made.get(id);
      if (kept && kept.expiration - now >= SIGNATURE_VALIDITY / 2 && kept.inception <= now) {
        // Most recently used last: the oldest entries are the first in the map.
        this.made.delete(id);
        this.made.set(id, kept);
      } else {
        const inception = now - HOUR;
        const expiration = now + SIGNATURE_VALIDITY;
        // RFC 4034 3.1.8.1: the RRSIG RDATA without its signature, then every RR in canonical form.
        const head = Buffer.alloc(18);
        head.writeUInt16BE(type, 0);
        head.writeUInt8(ALGORITHM, 2);
        head.writeUInt8(labels, 3);
        head.writeUInt32BE(ttl, 4);
        head.writeUInt32BE(expiration >>> 0, 8);
        head.writeUInt32BE(inception >>> 0, 12);
        head.writeUInt16BE(key.keyTag, 16);
        const rrHead = Buffer.concat([owner, u16(type), u16(1), u32(ttl)]);
        const data = Buffer.concat([head, signer, ...rdatas.flatMap((r) => [rrHead, u16(r.length), r])]);
        // RFC 6605 4: the signature is r || s, 32 bytes each, not the DER that node gives by default.
        const signature = sign('sha256', data, { key: this.privateKey(key), dsaEncoding: 'ieee-p1363' });
        kept = { inception, expiration, signature };
        this.signatures++;
        this.made.delete(id);
        if (this.made.size >= this.maxEntries) this.made.delete(this.made.keys().next().value!);
        this.made.set(id, kept);
      }
      out.push({
        name: first.name,
        type: 'RRSIG',
        class: 'IN',
        ttl,
        data: {
          typeCovered: first.type,
          algorithm: ALGORITHM,
          labels,
          originalTTL: ttl,
          expiration: kept.expiration >>> 0,
          inception: kept.inception >>> 0,
          keyTag: key.keyTag,
          signersName: zone,
          signature: kept.signature,
        },
      });
    }
    return out;
  }

  private privateKey(key: ZoneSigningKey): KeyObject {
    let k = this.privateKeys.get(key);
    if (!k) this.privateKeys.set(key, (k = createPrivateKey({ key: Buffer.from(key.privateKey, 'base64'), format: 'der', type: 'pkcs8' })));
    return k;
  }
}

/** The type code of a type name dns-packet knows (every type the server puts on the wire). */
export function typeCode(type: string): number {
  const code = TYPE_CODES[type];
  if (code === undefined) throw new Error(`no type code for ${type}`);
  return code;
}

const TYPE_CODES: Record<string, number> = {
  ...Object.fromEntries(Object.entries(WIRE_TYPES).map(([type, w]) => [type, w.code])),
  SOA: 6, RRSIG: 46, NSEC: 47, DNSKEY: 48, CDS: 59, CDNSKEY: 60,
};

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
