import type { DnssecStatus } from '../../../core/dns/dnssec/dnssec-status.js';
import type { DnssecWire } from '../schemas/dnssec.schema.js';

export function toDnssecWire(s: DnssecStatus): DnssecWire {
  return {
    domain: s.zone,
    state: s.state,
    signed: s.signed,
    parent: s.parent,
    dsRecords: s.ds.map((d) => ({ keyTag: d.keyTag, algorithm: d.algorithm, digestType: d.digestType, digest: d.digest })),
    keys: s.keys.map((k) => ({ keyTag: k.keyTag, flags: k.flags, algorithm: k.algorithm, publicKey: k.publicKey, state: k.state })),
    next: s.next,
  };
}
