import { dnskeyRdata, dsOf } from '../../../core/dns/dnssec/key-material.js';
import type { Rr } from '../answer.js';
import type { CompiledZone } from '../zone-index.js';

/**
 * The RRsets a signed zone holds at its apex beyond its records: DNSKEY (every key, signing or not:
 * during a rollover the new key is published before it signs, the old one after it stops), and CDS and
 * CDNSKEY (RFC 7344 3) for the keys the parent should hold DS for, or the delete form that asks the
 * parent to remove them (RFC 8078 4). Built once per compiled zone.
 */

/** Apex types that come from the zone's signing, not from its records. */
export const KEY_TYPES: ReadonlySet<string> = new Set(['DNSKEY', 'CDS', 'CDNSKEY']);

const built = new WeakMap<CompiledZone, Map<string, Rr[]>>();

/** type -> RRset at the apex of `zone`; empty when the zone is not signed. */
export function keyRrsets(zone: CompiledZone): ReadonlyMap<string, Rr[]> {
  let sets = built.get(zone);
  if (sets) return sets;
  sets = new Map();
  built.set(zone, sets);
  const signing = zone.signing;
  if (!signing || signing.keys.length === 0) return sets;
  const ttl = signing.dnskeyTtl;
  const rr = (type: string, data: unknown): Rr => ({ name: zone.name, type, class: 'IN', ttl, data });
  sets.set('DNSKEY', signing.keys.map((k) => rr('DNSKEY', { flags: k.flags, algorithm: k.algorithm, key: Buffer.from(k.publicKey, 'base64') })));
  const cds: Rr[] = [];
  const cdnskey: Rr[] = [];
  if (signing.cdsDelete) {
    // RFC 8078 4: CDS "0 0 0 00" and CDNSKEY "0 3 0 AA==".
    cds.push(rr('CDS', Buffer.from([0, 0, 0, 0, 0])));
    cdnskey.push(rr('CDNSKEY', Buffer.from([0, 0, 3, 0, 0])));
  } else {
    for (const k of signing.keys.filter((key) => key.cds)) {
      const ds = dsOf(zone.name, k);
      const head = Buffer.alloc(4);
      head.writeUInt16BE(ds.keyTag, 0);
      head.writeUInt8(ds.algorithm, 2);
      head.writeUInt8(ds.digestType, 3);
      cds.push(rr('CDS', Buffer.concat([head, Buffer.from(ds.digest, 'hex')])));
      cdnskey.push(rr('CDNSKEY', dnskeyRdata(k.flags, k.algorithm, k.publicKey)));
    }
  }
  if (cds.length > 0) sets.set('CDS', cds);
  if (cdnskey.length > 0) sets.set('CDNSKEY', cdnskey);
  return sets;
}
