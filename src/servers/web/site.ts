import type { Ctx } from '../../core/context.js';
import type { DnsRecord, Zone } from '../../ports/store.js';
import { usesParkNameservers } from '../../core/dns/nameservers.js';
import { ownerOf } from '../../core/dns/plan-change.js';
import { domainNameservers } from '../../core/domains/nameserver-list.js';
import { WEB_FORWARD_TYPES } from '../dns/web-forward.js';
import { parentOf } from '../dns/zone-index.js';

/** What the web forwarder shows for a host name. */
export type Site =
  | { kind: 'URL'; target: string; status: 301 | 302 }
  | { kind: 'URLFRAME'; target: string }
  | { kind: 'FORWARD'; target: string }
  | { kind: 'parked'; domain: string };

/** CNAMEs followed inside a zone, as the DNS server follows them. */
const CHAIN_LIMIT = 8;

/**
 * The site at `host` (lower case, no trailing dot), read from the store:
 * - the apex or www of a parked domain (a live domain whose name servers are all park servers): its
 *   parking page, whatever records its zone keeps for the customer's return;
 * - otherwise the URL, URLFRAME or FORWARD record the name leads to in the nearest zone, found as the
 *   DNS server finds the name's records (servers/dns/answer.ts): the name's own node, or the wildcard
 *   of its closest encloser when the name does not exist, following CNAMEs inside the zone (a www CNAME
 *   to a forwarded apex reaches the forwarder with Host www, and gets the apex's forward); nothing at
 *   or below a delegation. Of several forwards at one name the oldest record answers.
 * Undefined when nothing is there (the 404 page).
 */
export async function findSite(ctx: Ctx, host: string): Promise<Site | undefined> {
  const { store, settings } = ctx;
  for (const name of host.startsWith('www.') ? [host, host.slice(4)] : [host]) {
    const domain = await store.domains.findLiveByFqdn(name);
    if (domain && usesParkNameservers(settings, domainNameservers(domain))) return { kind: 'parked', domain: domain.fqdn };
  }
  let zone: Zone | undefined;
  for (let n: string | undefined = host; n !== undefined && !zone; n = parentOf(n)) zone = await store.zones.findByName(n);
  if (!zone) return undefined;
  return siteIn(zone.name, await store.records.listByZone(zone.id), host);
}

/** The forward `host` leads to among the records of zone `apex`. Pure. */
export function siteIn(apex: string, records: DnsRecord[], host: string): Site | undefined {
  const nodes = new Map<string, DnsRecord[]>();
  const names = new Set<string>([apex]);
  const cuts = new Set<string>();
  for (const r of records) {
    const owner = ownerOf(r);
    nodes.set(owner, [...(nodes.get(owner) ?? []), r]);
    if (r.type === 'NS' && owner !== apex) cuts.add(owner);
    for (let n: string | undefined = owner; n && n !== apex && !names.has(n); n = parentOf(n)) names.add(n);
  }
  const inZone = (n: string) => n === apex || n.endsWith(`.${apex}`);
  const delegated = (n: string) => {
    for (let p: string | undefined = n; p && p !== apex; p = parentOf(p)) if (cuts.has(p)) return true;
    return false;
  };
  const visited = new Set<string>();
  let name = host;
  for (let step = 0; step < CHAIN_LIMIT && inZone(name) && !visited.has(name) && !delegated(name); step++) {
    visited.add(name);
    let node = nodes.get(name);
    if (!names.has(name)) {
      let encloser = parentOf(name);
      while (encloser !== undefined && !names.has(encloser)) encloser = parentOf(encloser);
      node = encloser === undefined ? undefined : nodes.get(`*.${encloser}`);
    }
    if (!node) return undefined;
    const forward = node.filter((r) => WEB_FORWARD_TYPES.includes(r.type)).sort((a, b) => a.id - b.id)[0];
    if (forward) return toSite(forward);
    const cname = node.find((r) => r.type === 'CNAME');
    if (!cname) return undefined;
    name = cname.content.toLowerCase().replace(/\.$/, '');
  }
  return undefined;
}

function toSite(r: DnsRecord): Site {
  if (r.type === 'URL') return { kind: 'URL', target: r.content, status: r.redirect_type === 301 ? 301 : 302 };
  return { kind: r.type as 'URLFRAME' | 'FORWARD', target: r.content };
}

/**
 * Sites by host, kept for `ttlMs` (found or not), so that a burst of requests for one host reads the
 * store once, and a change is shown within ttlMs. At most `max` hosts are kept; concurrent lookups of
 * one host share one read.
 */
export class SiteCache {
  private readonly entries = new Map<string, { site: Site | undefined; until: number }>();
  private readonly pending = new Map<string, Promise<Site | undefined>>();

  constructor(
    private readonly load: (host: string) => Promise<Site | undefined>,
    private readonly ttlMs: number,
    private readonly max = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async get(host: string): Promise<Site | undefined> {
    const hit = this.entries.get(host);
    if (hit && hit.until > this.now()) return hit.site;
    const running = this.pending.get(host);
    if (running) return running;
    const loading = this.load(host).finally(() => this.pending.delete(host));
    this.pending.set(host, loading);
    const site = await loading;
    if (this.ttlMs > 0) {
      this.entries.delete(host);
      // The oldest entry goes first: a Map iterates in insertion order.
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(host, { site, until: this.now() + this.ttlMs });
    }
    return site;
  }
}
