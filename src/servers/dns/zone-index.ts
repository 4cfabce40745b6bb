import { sortRecords, type PublishedRecord, type ZoneSigning, type ZoneSnapshot, type ZoneSoa } from '../../ports/dns.js';

/** The parent of `name` ("a.b.c" -> "b.c"), or undefined for a single label. */
export const parentOf = (name: string): string | undefined => {
  const dot = name.indexOf('.');
  return dot === -1 ? undefined : name.slice(dot + 1);
};

/** A zone's SOA without its serial: the part nearly every zone of a provider shares. */
type SoaShape = Omit<ZoneSoa, 'serial'>;

/**
 * SOA shapes seen, so that 100,000 zones with one provider's name servers and timers hold one copy.
 * Bounded: a store whose zones differ in them all keeps its own per zone beyond the bound.
 */
const shapes = new Map<string, SoaShape>();
const SHAPES = 1_000;

/** The shape the last zone had: zones come in runs of one shape, and comparing seven fields is cheaper than a key. */
let last: SoaShape | undefined;
const sameShape = (soa: ZoneSoa, shape: SoaShape): boolean =>
  soa.primary_ns === shape.primary_ns && soa.hostmaster === shape.hostmaster && soa.refresh === shape.refresh
  && soa.retry === shape.retry && soa.expire === shape.expire && soa.minimum === shape.minimum && soa.ttl === shape.ttl;

function shapeOf(soa: ZoneSoa): SoaShape {
  if (last && sameShape(soa, last)) return last;
  last = keptShape(soa);
  return last;
}

function keptShape(soa: ZoneSoa): SoaShape {
  const { serial: _, ...shape } = soa;
  const key = JSON.stringify(shape);
  const known = shapes.get(key);
  if (known) return known;
  const frozen = Object.freeze(shape);
  if (shapes.size < SHAPES) shapes.set(key, frozen);
  return frozen;
}

/**
 * A zone's records as one string (JSON, parsed back exactly): per record [owner, type, content, ttl?,
 * priority?, weight?, port?, fallback_ip?], trailing nulls left out; the owner relative to the apex
 * ("" for the apex, an absolute name in an array when outside the zone), a TTL equal to the first
 * record's as null, and a type ending in "." when its content is a name below the apex, given
 * relative. A typical zone (a dozen records) is some 300 bytes this way, against some 6 KB as objects
 * and maps, which is what lets one process hold a million zones.
 */
function pack(zone: string, records: readonly PublishedRecord[]): string {
  const suffix = `.${zone}`;
  const ttl = records[0]?.ttl ?? 0;
  const rows: unknown[] = [ttl];
  for (const r of records) {
    const owner = r.name === zone ? '' : r.name.endsWith(suffix) && r.name.length > suffix.length ? r.name.slice(0, -suffix.length) : [r.name];
    const relative = r.content.endsWith(suffix) && r.content.length > suffix.length && !r.type.endsWith('.');
    const row: unknown[] = [owner, relative ? `${r.type}.` : r.type, relative ? r.content.slice(0, -suffix.length) : r.content,
      r.ttl === ttl ? null : r.ttl, r.priority, r.weight, r.port, r.fallback_ip];
    while (row.length > 3 && row.at(-1) === null) row.pop();
    rows.push(row);
  }
  return JSON.stringify(rows);
}

function unpack(zone: string, packed: string): PublishedRecord[] {
  const [ttl, ...rows] = JSON.parse(packed) as [number, ...Array<[string | [string], string, string, number?, number?, number?, number?, string?]>];
  return rows.map(([owner, type, content, recordTtl, priority, weight, port, fallback]) => {
    const relative = type.endsWith('.');
    return {
      name: typeof owner === 'string' ? (owner === '' ? zone : `${owner}.${zone}`) : owner[0],
      type: relative ? type.slice(0, -1) : type,
      ttl: recordTtl ?? ttl,
      content: relative ? `${content}.${zone}` : content,
      priority: priority ?? null,
      weight: weight ?? null,
      port: port ?? null,
      fallback_ip: fallback ?? null,
    };
  });
}

/** What a query reads of a zone, built from its packed records when first asked for (see Expansions). */
interface Expansion {
  records: readonly PublishedRecord[];
  nodes: Map<string, Map<string, PublishedRecord[]>>;
  names: Set<string>;
  cuts: Set<string>;
}

function expand(name: string, records: readonly PublishedRecord[]): Expansion {
  const nodes = new Map<string, Map<string, PublishedRecord[]>>();
  const names = new Set<string>([name]);
  const cuts = new Set<string>();
  for (const r of records) {
    let node = nodes.get(r.name);
    if (!node) nodes.set(r.name, (node = new Map()));
    const set = node.get(r.type);
    if (set) set.push(r);
    else node.set(r.type, [r]);
    if (r.type === 'NS' && r.name !== name) cuts.add(r.name);
    for (let n: string | undefined = r.name; n && n !== name && !names.has(n); n = parentOf(n)) names.add(n);
  }
  return { records, nodes, names, cuts };
}

/**
 * The zones whose records are expanded into objects and maps, at most `limit` records' worth: the
 * zones being asked about. Beyond it the least recently asked is packed again (its expansion
 * dropped, to be built anew when next asked: the same records, so the same answers). Recency is a
 * second chance (CLOCK): a zone used since it last came round goes to the back instead of out, so a
 * query pays no bookkeeping beyond setting a flag.
 */
class Expansions {
  private readonly zones = new Set<CompiledZone>();
  private records = 0;

  constructor(readonly limit: number) {}

  add(zone: CompiledZone, size: number): void {
    this.zones.add(zone);
    this.records += size;
    while (this.records > this.limit && this.zones.size > 1) {
      const oldest = this.zones.values().next().value as CompiledZone;
      this.zones.delete(oldest);
      if (oldest.recentlyUsed()) this.zones.add(oldest);
      else this.records -= oldest.pack();
    }
  }

  forget(zone: CompiledZone): void {
    if (this.zones.delete(zone)) this.records -= zone.pack();
  }
}

/**
 * How many records the process keeps expanded (about half a kilobyte each), whatever the number of
 * zones: some 50 MB for the zones being asked about. A zone larger than this is expanded alone.
 */
export const EXPANDED_RECORDS = 100_000;
const expansions = new Expansions(EXPANDED_RECORDS);

/**
 * One zone compiled for answering: records grouped by owner and type, every name that exists
 * (owners and the empty non-terminals above them, RFC 4592 2.2.2), and the delegation points.
 * Immutable: a change builds a new one and swaps it in, so a query never sees half a change.
 *
 * Held packed (pack(): one string of its records, its SOA shared with zones alike) and expanded into
 * the records, nodes, names and cuts below when a query first reads them; the expansion is dropped
 * again when the zone has not been asked about for a while (Expansions), so memory goes with the
 * zones asked about, not the zones held.
 */
export class CompiledZone {
  readonly name: string;
  readonly serial: number;
  private readonly shape: SoaShape;
  private readonly packed: string;
  private expansion: Expansion | undefined;
  private used = false;
  /** Whether any record is an ANAME: its answers may come from another zone (answer.ts, flatten). */
  readonly hasAname: boolean;
  /** Whether any A record has a fallback_ip (its address is health checked). */
  readonly hasFallback: boolean;

  /** How the zone is signed (its DNSSEC keys), or null when it is served unsigned. */
  readonly signing: ZoneSigning | null;

  constructor(snapshot: ZoneSnapshot, signing: ZoneSigning | null = null) {
    this.signing = signing;
    this.name = snapshot.name;
    this.serial = snapshot.soa.serial;
    this.shape = shapeOf(snapshot.soa);
    const records = sortRecords(snapshot.records);
    this.packed = pack(this.name, records);
    this.hasAname = records.some((r) => r.type === 'ANAME');
    this.hasFallback = records.some((r) => r.fallback_ip !== null);
  }

  get soa(): ZoneSoa {
    return { ...this.shape, serial: this.serial };
  }

  get records(): readonly PublishedRecord[] {
    return this.expanded().records;
  }

  /** owner -> type -> records */
  get nodes(): Map<string, Map<string, PublishedRecord[]>> {
    return this.expanded().nodes;
  }

  /** Every owner and empty non-terminal, apex included. */
  get names(): Set<string> {
    return this.expanded().names;
  }

  /** Owners below the apex with NS records: where the zone delegates. */
  get cuts(): Set<string> {
    return this.expanded().cuts;
  }

  private expanded(): Expansion {
    this.used = true;
    if (this.expansion) return this.expansion;
    const records = Object.freeze(unpack(this.name, this.packed));
    this.expansion = expand(this.name, records);
    expansions.add(this, records.length);
    return this.expansion;
  }

  /** For Expansions: whether a query read the zone since the last call. */
  recentlyUsed(): boolean {
    const used = this.used;
    this.used = false;
    return used;
  }

  /** For Expansions: drops the expansion; returns how many records it held. */
  pack(): number {
    const size = this.expansion?.records.length ?? 0;
    this.expansion = undefined;
    return size;
  }

  /** For ZoneIndex: the zone is no longer served, its expansion no longer worth keeping. */
  retire(): void {
    expansions.forget(this);
  }

  snapshot(): ZoneSnapshot {
    return { name: this.name, soa: this.soa, records: unpack(this.name, this.packed) };
  }

  /** Whether `name` (lower case) is the apex or below it. */
  contains(name: string): boolean {
    return name === this.name || name.endsWith(`.${this.name}`);
  }

  /** The delegation point at or above `name` (the one nearest the apex), if any. */
  cutAbove(name: string): string | undefined {
    const cuts = this.cuts;
    if (cuts.size === 0) return undefined;
    let found: string | undefined;
    for (let n: string | undefined = name; n && n !== this.name; n = parentOf(n)) if (cuts.has(n)) found = n;
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
    const old = this.zones.get(snapshot.name);
    const zone = new CompiledZone(snapshot, signing === undefined ? (old?.signing ?? null) : signing);
    this.zones.set(zone.name, zone);
    old?.retire();
    this.changed(zone.name);
    return zone;
  }

  remove(name: string): boolean {
    const old = this.zones.get(name);
    const removed = this.zones.delete(name);
    old?.retire();
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
