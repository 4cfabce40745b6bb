import type { PublishedRecord } from '../../ports/dns.js';
import type { Rr } from './answer.js';
import type { CompiledZone } from './zone-index.js';

/**
 * The "web forward" step of the DNS server: names the web forwarder (src/servers/web) answers over
 * HTTP get the forwarder's address from DNS.
 * - A name with a URL, URLFRAME or FORWARD record (its own, or a wildcard's) answers A and AAAA with
 *   the forwarder's address. Those records reach the index through the zone publication like any other
 *   (zoneSnapshot, for a provider that declares them); they have no wire form, so nothing else of them
 *   is ever answered. The forward wins over the name's own A/AAAA records: it is the only way the
 *   redirect is reached, and the records wait for the forward to be deleted.
 * - A parked zone (its apex NS are all park servers, see core/dns/sync-apex-nameservers.ts) answers A
 *   and AAAA at its apex and www with the forwarder's address, whatever its own records say there (a
 *   parked domain shows the parking page), and the rest of the zone as it stands. In production the
 *   park servers are names for this same server.
 * Without WEB_ADDRESS6 an AAAA question gets NODATA, so clients use IPv4.
 */

/** The record types that are web forwards rather than DNS records. */
export const WEB_FORWARD_TYPES: readonly string[] = ['URL', 'URLFRAME', 'FORWARD'];

/** Where the web forwarder is reached, and which name servers are the park servers (lower case). */
export interface WebForwarding {
  address: string;
  address6: string | null;
  parkNameservers: ReadonlySet<string>;
}

/** Whether `zone` is parked: it has apex NS records and every one is a park server. */
export function isParked(zone: CompiledZone, parkNameservers: ReadonlySet<string>): boolean {
  const ns = zone.nodes.get(zone.name)?.get('NS');
  return ns !== undefined && ns.length > 0 && ns.every((r) => parkNameservers.has(r.content));
}

/** The TTL of the forwarder's address at `name`, or undefined when the web forwarder does not answer for it. */
function forwardTtl(zone: CompiledZone, name: string, node: Map<string, PublishedRecord[]> | undefined, web: WebForwarding): number | undefined {
  if ((name === zone.name || name === `www.${zone.name}`) && isParked(zone, web.parkNameservers)) return zone.soa.ttl;
  const forwards = node ? WEB_FORWARD_TYPES.flatMap((t) => node.get(t) ?? []) : [];
  return forwards.length > 0 ? Math.min(...forwards.map((r) => r.ttl)) : undefined;
}

/** Whether the web forwarder answers A and AAAA at `name` (whose node is `node`): a web forward there, or a parked zone's apex or www. */
export const forwardsAt = (zone: CompiledZone, name: string, node: Map<string, PublishedRecord[]> | undefined, web: WebForwarding): boolean =>
  forwardTtl(zone, name, node, web) !== undefined;

const address = (type: 'A' | 'AAAA', web: WebForwarding) => (type === 'A' ? web.address : web.address6);

/**
 * The answer records for a question of `type` at `name` (whose node, exact or the wildcard's, is
 * `node`), owned by `owner`: undefined when the step does not apply, [] for NODATA (no IPv6 address).
 */
export function webForward(
  zone: CompiledZone,
  name: string,
  node: Map<string, PublishedRecord[]> | undefined,
  type: string,
  owner: string,
  web: WebForwarding | undefined,
): Rr[] | undefined {
  if (!web || (type !== 'A' && type !== 'AAAA')) return undefined;
  const ttl = forwardTtl(zone, name, node, web);
  if (ttl === undefined) return undefined;
  const data = address(type, web);
  return data ? [{ name: owner, type, class: 'IN', ttl, data }] : [];
}

/**
 * A zone transfer's records with the web forward step applied, so that secondaries answer as we do:
 * at forwarded names the forwarder's addresses replace the name's own A, AAAA and CNAME records.
 */
export function withWebForwards(zone: CompiledZone, records: Rr[], web: WebForwarding | undefined): Rr[] {
  if (!web) return records;
  const forwarded = new Map<string, number>();
  const parked = isParked(zone, web.parkNameservers);
  for (const [owner, node] of zone.nodes) {
    const ttl = forwardTtl(zone, owner, node, web);
    if (ttl !== undefined) forwarded.set(owner, ttl);
  }
  if (parked) for (const owner of [zone.name, `www.${zone.name}`]) forwarded.set(owner, zone.soa.ttl);
  // A parked zone's www may hold a CNAME from before it was parked (the records API refuses a CNAME
  // beside a forward anywhere else): the forwarder's addresses replace it too, as A queries see it,
  // since a secondary refuses a transfer with a CNAME beside other data (BIND: "CNAME and other data").
  const out = records.filter((r) => !((r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME') && forwarded.has(r.name)));
  for (const [owner, ttl] of forwarded) {
    for (const type of ['A', 'AAAA'] as const) {
      const data = address(type, web);
      if (data) out.push({ name: owner, type, class: 'IN', ttl, data });
    }
  }
  return out;
}
