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
  const { types, fallback, wildcard, delegation } = published(capabilities);
  // Only an MXE asks whether a name has records of its own; most zones have none.
  let owners: Set<string> | undefined;
  const out: PublishedRecord[] = [];
  const implied = new Map<string, PublishedRecord>();
  const add = (r: PublishedRecord) => {
    if (!types.has(r.type)) return;
    if (!wildcard && r.name.split('.')[0] === '*') return;
    if (!delegation && r.type === 'NS' && r.name !== zone.name) return;
    out.push(r);
  };
  // Every record is made with the same fields in the same order (one object shape): a DNS server's
  // start makes a million of them.
  const record = (name: string, type: string, ttl: number, content: string, priority: number | null = null,
    weight: number | null = null, port: number | null = null, fallbackIp: string | null = null): PublishedRecord =>
    ({ name, type, ttl, content, priority, weight, port, fallback_ip: fallbackIp });
  for (const r of records) {
    const name = ownerOf(r);
    switch (r.type) {
      case 'MXE': {
        const exchange = `mxe-${r.content.replaceAll('.', '-')}.${zone.name}`;
        add(record(name, 'MX', r.ttl, exchange, r.priority ?? 0));
        owners ??= new Set(records.map((other) => ownerOf(other)));
        if (!owners.has(exchange)) {
          const a = implied.get(exchange);
          if (!a || a.ttl > r.ttl) implied.set(exchange, record(exchange, 'A', r.ttl, r.content));
        }
        break;
      }
      case 'SRV':
        add(record(name, 'SRV', r.ttl, r.content, r.priority, r.weight, r.port));
        break;
      case 'MX':
        add(record(name, 'MX', r.ttl, r.content, r.priority ?? 0));
        break;
      case 'A':
        add(record(name, 'A', r.ttl, r.content, null, null, null, fallback ? r.fallback_ip : null));
        break;
      default:
        add(record(name, r.type, r.ttl, r.content));
    }
  }
  for (const a of implied.values()) add(a);
  return { name: zone.name, soa: zoneSoa(zone), records: sortRecords(out) };
}

/** What a provider's capabilities let a snapshot publish, worked out once per provider, not per zone. */
const publishing = new WeakMap<DnsCapabilities, { types: Set<string>; fallback: boolean; wildcard: boolean; delegation: boolean }>();
function published(capabilities: DnsCapabilities) {
  let known = publishing.get(capabilities);
  if (!known) {
    known = {
      types: new Set(capabilities.types),
      fallback: capabilities.features.includes('fallback-ip'),
      wildcard: capabilities.features.includes('wildcard'),
      delegation: capabilities.features.includes('delegation'),
    };
    publishing.set(capabilities, known);
  }
  return known;
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
