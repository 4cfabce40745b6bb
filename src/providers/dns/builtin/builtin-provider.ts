import {
  DnsProviderError,
  type DnsCapabilities,
  type DnsProvider,
  type PublishedRecord,
  type ServedSigning,
  type ZoneChangeSet,
  type ZoneSigning,
  type ZoneSnapshot,
  type ZoneSoa,
} from '../../../ports/dns.js';
import { dsOf } from '../../../core/dns/dnssec/key-material.js';
import { WIRE_TYPES } from '../../../servers/dns/rr-types.js';
import { ZoneIndex } from '../../../servers/dns/zone-index.js';
import { WEB_FORWARD_TYPES } from '../../../servers/dns/web-forward.js';

/** What the builtin server answers: every type it can put on the wire, and all the features. */
export const BUILTIN_CAPABILITIES: DnsCapabilities = {
  // ANAME is no wire type: the server answers A/AAAA queries at its name with its target's addresses.
  // Nor are the web forwards: it answers A/AAAA at their names with the web forwarder's (web-forward.ts).
  types: [...Object.keys(WIRE_TYPES), 'ANAME', ...WEB_FORWARD_TYPES],
  features: ['wildcard', 'delegation', 'fallback-ip', 'aname', 'axfr', 'notify', 'dnssec'],
};

/**
 * The `builtin` DNS provider: zones held in this process's memory (a ZoneIndex) and answered by the
 * DNS server in src/servers/dns. Each change swaps in a new compiled zone, so a query sees a zone
 * before or after a change, never during it. `onPublished` hears of every new serial (to NOTIFY
 * secondaries).
 *
 * It is per process: each instance serving DNS holds its own index, filled from the store at start
 * (servers/dns/load-zones.ts) and kept current by the 'zone.publish' jobs this process runs. With more
 * than one instance (PostgreSQL), each also hears of the others' changes: the DNS service calls
 * publishZone(ctx, name) on every LISTEN/NOTIFY announcement (servers/dns/service.ts), which re-reads
 * one zone only when its serial moved.
 */
export class BuiltinDnsProvider implements DnsProvider {
  readonly name = 'builtin';
  readonly capabilities = BUILTIN_CAPABILITIES;

  /** Hears of every serial this provider starts serving (set by the DNS service, to NOTIFY secondaries). */
  onPublished: ((zone: string, serial: number) => void) | undefined;

  constructor(readonly index = new ZoneIndex()) {}

  async ensureZone(name: string, soa: ZoneSoa): Promise<void> {
    if (this.index.get(name)) return;
    this.index.put({ name, soa, records: [] });
    this.onPublished?.(name, soa.serial);
  }

  async applyChanges(name: string, changes: ZoneChangeSet): Promise<void> {
    const zone = this.index.get(name);
    if (!zone) throw new DnsProviderError('no_zone', `zone ${name} does not exist`);
    const replaced = new Set(changes.rrsets.map((c) => `${c.name} ${c.type}`));
    const records: PublishedRecord[] = zone.records.filter((r) => !replaced.has(`${r.name} ${r.type}`));
    for (const change of changes.rrsets) {
      for (const r of change.records) {
        check(name, r);
        if (r.name !== change.name || r.type !== change.type) {
          throw new DnsProviderError('unsupported', `record ${r.name} ${r.type} is not of the RRset ${change.name} ${change.type}`);
        }
        records.push({ ...r });
      }
    }
    this.index.put({ name, soa: changes.soa, records });
    if (changes.soa.serial !== zone.serial) this.onPublished?.(name, changes.soa.serial);
  }

  async deleteZone(name: string): Promise<void> {
    this.index.remove(name);
  }

  async readZone(name: string): Promise<ZoneSnapshot | undefined> {
    return this.index.get(name)?.snapshot();
  }

  async listZones(): Promise<Array<{ name: string; serial: number }>> {
    return this.index.list().map((z) => ({ name: z.name, serial: z.serial }));
  }

  /** The server signs on answer with these keys (servers/dns); the zone is recompiled with them. */
  async setSigning(name: string, signing: ZoneSigning | null): Promise<void> {
    const zone = this.index.get(name);
    if (!zone) throw new DnsProviderError('no_zone', `zone ${name} does not exist`);
    // publishZone hands a signed zone its signing with every change; the same signing again would
    // only compile the zone a second time before the change compiles it anew.
    if (sameSigning(zone.signing, signing)) return;
    this.index.put(zone.snapshot(), signing && { ...signing, keys: signing.keys.map((k) => ({ ...k })) });
  }

  async readSigning(name: string): Promise<ServedSigning | undefined> {
    const signing = this.index.get(name)?.signing;
    if (!signing) return undefined;
    return { keyTags: signing.keys.map((k) => k.keyTag), ds: signing.keys.map((k) => dsOf(name, k)) };
  }
}

/** Whether two signings sign alike: the same keys in the same roles, TTL and CDS form. */
function sameSigning(a: ZoneSigning | null, b: ZoneSigning | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.dnskeyTtl !== b.dnskeyTtl || a.cdsDelete !== b.cdsDelete || a.keys.length !== b.keys.length) return false;
  return a.keys.every((k, i) => {
    const o = b.keys[i]!;
    return k.keyTag === o.keyTag && k.publicKey === o.publicKey && k.privateKey === o.privateKey && k.signs === o.signs && k.cds === o.cds
      && k.flags === o.flags && k.algorithm === o.algorithm;
  });
}

/** Refuses what the server could not answer correctly: a name outside the zone, a type it cannot encode. */
function check(zone: string, r: PublishedRecord): void {
  if (r.name !== zone && !r.name.endsWith(`.${zone}`)) {
    throw new DnsProviderError('unsupported', `record ${r.name} is outside zone ${zone}`);
  }
  if (!BUILTIN_CAPABILITIES.types.includes(r.type)) {
    throw new DnsProviderError('unsupported', `the builtin DNS server does not serve ${r.type} records`);
  }
  if (r.fallback_ip !== null && r.type !== 'A') {
    throw new DnsProviderError('unsupported', 'only A records have a fallback_ip');
  }
}
