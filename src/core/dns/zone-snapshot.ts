import type { DnsRecord, Zone } from '../../ports/store.js';
import {
  recordKey,
  sortRecords,
  type DnsCapabilities,
  type PublishedRecord,
  type RRsetChange,
  type ZoneChangeSet,
  type ZoneSnapshot,
  type ZoneSoa,
} from '../../ports/dns.js';
import { ownerOf } from './plan-change.js';

/** What of a stored record the snapshot reads (a DNS server's start-up load reads only these columns). */
export type SnapshotSource = Pick<DnsRecord, 'name' | 'type' | 'content' | 'ttl' | 'priority' | 'weight' | 'port' | 'service' | 'proto' | 'fallback_ip'>;

/**
 * What a zone of the store publishes, for a provider with `capabilities`. Pure. The store's own kinds
 * become DNS records here, once for every provider:
 * - SRV: owned by `_service._proto.host`;
 * - MXE (mail exchange by address): an MX whose exchange is `mxe-<a>-<b>-<c>-<d>.<zone>` plus an A
 *   record there with the address. One name per address and zone, so that the name stays the same
 *   while records come and go, and MXE records of several hosts with one address share it. When the
 *   zone has records of its own at that name, they answer instead and no A record is implied;
 * - URL, URLFRAME, FORWARD: not DNS records, but their names must lead to the web forwarder. They
 *   are given as they are (content only) to a provider that declares them, which answers A/AAAA at
 *   their names with the forwarder's address (the builtin server: servers/dns/web-forward.ts), and
 *   left out for any other;
 * - a type or feature the provider does not declare is left out (the API refuses it before it is
 *   stored; this only guards records stored before a provider changed).
 */
export function zoneSnapshot(zone: Zone, records: readonly SnapshotSource[], capabilities: DnsCapabilities): ZoneSnapshot {
  const types = new Set(capabilities.types);
  const fallback = capabilities.features.includes('fallback-ip');
  const wildcard = capabilities.features.includes('wildcard');
  const delegation = capabilities.features.includes('delegation');
  const owners = new Set(records.map((r) => ownerOf(r)));
  const out: PublishedRecord[] = [];
  const implied = new Map<string, PublishedRecord>();
  const add = (r: PublishedRecord) => {
    if (!types.has(r.type)) return;
    if (!wildcard && r.name.split('.')[0] === '*') return;
    if (!delegation && r.type === 'NS' && r.name !== zone.name) return;
    out.push(r);
  };
  for (const r of records) {
    const base = { name: ownerOf(r), ttl: r.ttl, priority: null, weight: null, port: null, fallback_ip: null };
    switch (r.type) {
      case 'MXE': {
        const exchange = `mxe-${r.content.replaceAll('.', '-')}.${zone.name}`;
        add({ ...base, type: 'MX', content: exchange, priority: r.priority ?? 0 });
        if (!owners.has(exchange)) {
          const a = implied.get(exchange);
          if (!a || a.ttl > r.ttl) implied.set(exchange, { ...base, name: exchange, type: 'A', content: r.content });
        }
        break;
      }
      case 'SRV':
        add({ ...base, type: 'SRV', content: r.content, priority: r.priority, weight: r.weight, port: r.port });
        break;
      case 'MX':
        add({ ...base, type: 'MX', content: r.content, priority: r.priority ?? 0 });
        break;
      case 'A':
        add({ ...base, type: 'A', content: r.content, fallback_ip: fallback ? r.fallback_ip : null });
        break;
      default:
        add({ ...base, type: r.type, content: r.content });
    }
  }
  for (const a of implied.values()) add(a);
  return { name: zone.name, soa: zoneSoa(zone), records: sortRecords(out) };
}

/** The SOA of `zone`; the record's own TTL is the zone's default TTL. */
export const zoneSoa = (zone: Zone): ZoneSoa => ({
  primary_ns: zone.primary_ns,
  hostmaster: zone.hostmaster,
  serial: zone.serial,
  refresh: zone.refresh,
  retry: zone.retry,
  expire: zone.expire,
  minimum: zone.minimum,
  ttl: zone.default_ttl,
});

const rrsetKey = (r: { name: string; type: string }) => `${r.name} ${r.type}`;

/** The RRsets of `desired` that differ from `current` (an RRset replaced whole, or deleted with an empty list). Pure. */
export function diffZone(current: PublishedRecord[], desired: ZoneSnapshot): ZoneChangeSet {
  const group = (records: PublishedRecord[]) => {
    const sets = new Map<string, PublishedRecord[]>();
    for (const r of records) sets.set(rrsetKey(r), [...(sets.get(rrsetKey(r)) ?? []), r]);
    return sets;
  };
  const before = group(current);
  const after = group(desired.records);
  const same = (a: PublishedRecord[] = [], b: PublishedRecord[] = []) =>
    a.length === b.length && sortRecords(a).every((r, i) => recordKey(r) === recordKey(sortRecords(b)[i]!));
  const rrsets: RRsetChange[] = [];
  for (const [key, records] of after) {
    if (!same(before.get(key), records)) rrsets.push({ name: records[0]!.name, type: records[0]!.type, records });
  }
  for (const [key, records] of before) {
    if (!after.has(key)) rrsets.push({ name: records[0]!.name, type: records[0]!.type, records: [] });
  }
  return { soa: desired.soa, rrsets };
}
