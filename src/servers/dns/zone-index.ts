import { sortRecords, type PublishedRecord, type ZoneSigning, type ZoneSnapshot, type ZoneSoa } from '../../ports/dns.js';

/** The parent of `name` ("a.b.c" -> "b.c"), or undefined for a single label. */
export const parentOf = (name: string): string | undefined => {
  const dot = name.indexOf('.');
  return dot === -1 ? undefined : name.slice(dot + 1);
};

/**
 * One zone compiled for answering: records grouped by owner and type, every name that exists
 * (owners and the empty non-terminals above them, RFC 4592 2.2.2), and the delegation points.
 * Immutable: a change builds a new one and swaps it in, so a query never sees half a change.
 */
export class CompiledZone {
  readonly name: string;
  readonly soa: ZoneSoa;
  readonly records: readonly PublishedRecord[];
  /** owner -> type -> records */
  readonly nodes = new Map<string, Map<string, PublishedRecord[]>>();
  /** Every owner and empty non-terminal, apex included. */
  readonly names = new Set<string>();
  /** Owners below the apex with NS records: where the zone delegates. */
  readonly cuts = new Set<string>();
  /** Whether any record is an ANAME: its answers may come from another zone (answer.ts, flatten). */
  readonly hasAname: boolean;

  /** How the zone is signed (its DNSSEC keys), or null when it is served unsigned. */
  readonly signing: ZoneSigning | null;

  constructor(snapshot: ZoneSnapshot, signing: ZoneSigning | null = null) {
    this.signing = signing;
    this.name = snapshot.name;
    this.soa = { ...snapshot.soa };
    this.records = Object.freeze(sortRecords(snapshot.records));
    this.names.add(this.name);
    for (const r of this.records) {
      let node = this.nodes.get(r.name);
      if (!node) this.nodes.set(r.name, (node = new Map()));
      node.set(r.type, [...(node.get(r.type) ?? []), r]);
      if (r.type === 'NS' && r.name !== this.name) this.cuts.add(r.name);
      for (let n: string | undefined = r.name; n && n !== this.name && !this.names.has(n); n = parentOf(n)) this.names.add(n);
    }
    this.hasAname = this.records.some((r) => r.type === 'ANAME');
  }

  get serial(): number {
    return this.soa.serial;
  }

  snapshot(): ZoneSnapshot {
    return { name: this.name, soa: { ...this.soa }, records: this.records.map((r) => ({ ...r })) };
  }

  /** Whether `name` (lower case) is the apex or below it. */
  contains(name: string): boolean {
    return name === this.name || name.endsWith(`.${this.name}`);
  }

  /** The delegation point at or above `name` (the one nearest the apex), if any. */
  cutAbove(name: string): string | undefined {
    if (this.cuts.size === 0) return undefined;
    let found: string | undefined;
    for (let n: string | undefined = name; n && n !== this.name; n = parentOf(n)) if (this.cuts.has(n)) found = n;
    return found;
  }
}

/**
 * Every zone the server answers for, by name. Lookups find the zone nearest a query name (the longest
 * suffix), so a zone served beside its parent (example.fi and sub.example.fi) answers for its names.
 */
export class ZoneIndex {
  private readonly zones = new Map<string, CompiledZone>();
  private readonly listeners: Array<(name: string) => void> = [];

  /** Calls `listener` with the zone's name after every put and remove (the DNS server's reply cache). */
  onChange(listener: (name: string) => void): void {
    this.listeners.push(listener);
  }

  get size(): number {
    return this.zones.size;
  }

  get(name: string): CompiledZone | undefined {
    return this.zones.get(name);
  }

  /** The zone `qname` (lower case, no trailing dot) falls in, or undefined when it is outside all of them. */
  find(qname: string): CompiledZone | undefined {
    for (let n: string | undefined = qname; n !== undefined; n = parentOf(n)) {
      const zone = this.zones.get(n);
      if (zone) return zone;
    }
    return undefined;
  }

  /** Compiles and serves `snapshot`; the zone keeps the signing it had unless `signing` is given. */
  put(snapshot: ZoneSnapshot, signing?: ZoneSigning | null): CompiledZone {
    const zone = new CompiledZone(snapshot, signing === undefined ? (this.zones.get(snapshot.name)?.signing ?? null) : signing);
    this.zones.set(zone.name, zone);
    this.changed(zone.name);
    return zone;
  }

  remove(name: string): boolean {
    const removed = this.zones.delete(name);
    this.changed(name);
    return removed;
  }

  private changed(name: string): void {
    for (const listener of this.listeners) listener(name);
  }

  list(): CompiledZone[] {
    return [...this.zones.values()];
  }
}
