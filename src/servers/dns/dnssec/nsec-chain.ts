import type { Rr } from '../answer.js';
import { WIRE_TYPES } from '../rr-types.js';
import { forwardsAt, isParked, type WebForwarding } from '../web-forward.js';
import type { CompiledZone } from '../zone-index.js';
import { compareKeys, orderKey } from './canonical.js';
import { keyRrsets } from './zone-keys.js';

/**
 * A signed zone's NSEC chain (RFC 4034 4, RFC 4035 2.3): one NSEC per name that holds authoritative
 * data or is a delegation point, in canonical order (RFC 4034 6.1), each naming the next and the types
 * at its owner; the last names the apex. Built once per compiled zone (a change compiles a new zone),
 * so every answer and every zone transfer of one serial give the same chain.
 * - Not in it: empty non-terminals (they hold no RRset; the NSEC before one names a name below it,
 *   which proves it exists, RFC 4035 3.1.3.2) and everything below a delegation (glue is not
 *   authoritative). A delegation's NSEC has NS, and DS if the zone holds one.
 * - The types are those answered, not those stored: a web forward's name and a parked zone's apex
 *   and www have A (and AAAA when the forwarder has an IPv6 address) in place of their own, and a
 *   parked zone's www is in the chain even without records of its own. An ANAME's A and AAAA are
 *   there when its target has such addresses right now: that is asked at each use (`present`).
 */
export class NsecChain {
  readonly owners: string[];
  private readonly keys: Buffer[][];
  private readonly position = new Map<string, number>();
  private readonly types: string[][];
  /** Per owner, the address types an ANAME may give it. */
  private readonly aname: Array<Array<'A' | 'AAAA'>>;
  readonly ttl: number;

  constructor(
    readonly zone: CompiledZone,
    readonly web: WebForwarding | undefined,
  ) {
    // RFC 9077: the TTL of negative answers, the lesser of the SOA's TTL and MINIMUM.
    this.ttl = Math.min(zone.soa.ttl, zone.soa.minimum);
    const names = new Set<string>([zone.name]);
    for (const n of zone.nodes.keys()) {
      const cut = zone.cutAbove(n);
      if (cut === undefined || cut === n) names.add(n);
    }
    const www = `www.${zone.name}`;
    if (web && isParked(zone, web.parkNameservers) && zone.cutAbove(www) === undefined) names.add(www);
    const sorted = [...names].map((n) => ({ n, key: orderKey(n) })).sort((a, b) => compareKeys(a.key, b.key));
    this.owners = sorted.map((s) => s.n);
    this.keys = sorted.map((s) => s.key);
    this.owners.forEach((n, i) => this.position.set(n, i));
    this.types = [];
    this.aname = [];
    for (const n of this.owners) {
      const { types, aname } = this.typesAt(n);
      this.types.push(types);
      this.aname.push(aname);
    }
  }

  private typesAt(n: string): { types: string[]; aname: Array<'A' | 'AAAA'> } {
    const zone = this.zone;
    const node = zone.nodes.get(n);
    const types = new Set<string>();
    const aname: Array<'A' | 'AAAA'> = [];
    if (zone.cuts.has(n)) {
      // Only the NS and the DS at a delegation are the zone's (RFC 4035 2.3, 2.4).
      types.add('NS');
      if (node?.has('DS')) types.add('DS');
    } else {
      for (const t of node?.keys() ?? []) if (WIRE_TYPES[t]) types.add(t);
      if (n === zone.name) {
        types.add('SOA');
        for (const t of keyRrsets(zone).keys()) types.add(t);
      }
      if (this.web && forwardsAt(zone, n, node, this.web)) {
        types.add('A');
        if (this.web.address6) types.add('AAAA');
        else types.delete('AAAA');
      } else if (node?.has('ANAME')) {
        for (const t of ['A', 'AAAA'] as const) if (!types.has(t)) aname.push(t);
      }
    }
    types.add('RRSIG');
    types.add('NSEC');
    return { types: [...types], aname };
  }

  has(name: string): boolean {
    return this.position.has(name);
  }

  /** The position of `name`'s NSEC, or of the one that covers it (the last owner before it). */
  floor(name: string): number {
    const exact = this.position.get(name);
    if (exact !== undefined) return exact;
    const key = orderKey(name);
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (compareKeys(this.keys[mid]!, key) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The NSEC at position `i`; `present` says whether an ANAME there gives addresses of a type now. */
  nsec(i: number, present: (owner: string, type: 'A' | 'AAAA') => boolean): Rr {
    const owner = this.owners[i]!;
    const dynamic = this.aname[i]!.filter((t) => present(owner, t));
    return {
      name: owner,
      type: 'NSEC',
      class: 'IN',
      ttl: this.ttl,
      data: { nextDomain: this.owners[(i + 1) % this.owners.length]!, rrtypes: [...this.types[i]!, ...dynamic] },
    };
  }
}

const chains = new WeakMap<CompiledZone, NsecChain>();

/** The chain of `zone` as served with `web` (built on first use, then kept with the compiled zone). */
export function chainOf(zone: CompiledZone, web: WebForwarding | undefined): NsecChain {
  let chain = chains.get(zone);
  if (!chain || chain.web !== web) chains.set(zone, (chain = new NsecChain(zone, web)));
  return chain;
}
