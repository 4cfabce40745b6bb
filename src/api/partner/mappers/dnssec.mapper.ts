import type { DnssecStatus } from '../../../core/dns/dnssec/dnssec-status.js';
import type { PartnerDnssecWire } from '../schemas/dnssec.schema.js';

export function toPartnerDnssecWire(s: DnssecStatus): PartnerDnssecWire {
  return {
    domain: s.zone,
    state: s.state,
    signed: s.signed,
    parent: s.parent,
    ds_records: s.ds.map((d) => ({ key_tag: d.keyTag, algorithm: d.algorithm, digest_type: d.digestType, digest: d.digest })),
    keys: s.keys.map((k) => ({ key_tag: k.keyTag, flags: k.flags, algorithm: k.algorithm, public_key: k.publicKey, state: k.state })),
    next: s.next,
  };
}
