import { Resolver } from 'node:dns/promises';

/** Addresses of a host outside our zones, as last resolved; undefined when not (yet) known. */
export interface AliasView {
  addresses(target: string, type: 'A' | 'AAAA'): { addresses: string[]; ttl: number } | undefined;
  /** Moves whenever addresses() changes for some target; a view without it never changes (the server caches replies). */
  readonly version?: number;
}

export interface AliasLookup {
  resolve4(name: string): Promise<Array<{ address: string; ttl: number }>>;
  resolve6(name: string): Promise<Array<{ address: string; ttl: number }>>;
}

export interface AliasResolverOptions {
  /** The targets of every ANAME record whose target is outside our zones. */
  targets(): Iterable<string>;
  lookup?: AliasLookup;
  /** Addresses are re-resolved when their TTL runs out, but not more often than this nor less often than maxTtl. */
  minTtl?: number;
  maxTtl?: number;
  intervalMs?: number;
}

interface Entry {
  addresses: string[];
  ttl: number;
  refreshAt: number;
}

/** No such name or no address of that family: an empty answer, not a failure. */
const EMPTY_CODES = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN']);

/**
 * ANAME (ALIAS) flattening for targets outside our zones: their A and AAAA records are resolved ahead
 * of the queries and kept fresh by their TTLs, so that a query is answered from memory like every
 * other. A target not resolved yet (a record made a moment ago) is answered SERVFAIL, which resolvers
 * retry; one whose lookup fails keeps its last addresses until it succeeds again (as a cache serves
 * stale data, RFC 8767).
 */
export class AliasResolver implements AliasView {
  private readonly cache = new Map<string, Entry>();
  private readonly lookup: AliasLookup;
  version = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: AliasResolverOptions) {
    this.lookup = options.lookup ?? systemLookup();
  }

  addresses(target: string, type: 'A' | 'AAAA'): { addresses: string[]; ttl: number } | undefined {
    const entry = this.cache.get(`${type} ${target}`);
    return entry && { addresses: entry.addresses, ttl: entry.ttl };
  }

  start(): void {
    if (this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs ?? 5_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Resolves the targets that are new or due (a refresh under way is joined). */
  refresh(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const now = Date.now();
    const wanted = new Set<string>();
    const due: Array<[string, 'A' | 'AAAA']> = [];
    for (const target of this.options.targets()) {
      for (const type of ['A', 'AAAA'] as const) {
        const key = `${type} ${target}`;
        wanted.add(key);
        const entry = this.cache.get(key);
        if (!entry || entry.refreshAt <= now) due.push([target, type]);
      }
    }
    for (const key of this.cache.keys()) {
      if (!wanted.has(key)) {
        this.cache.delete(key);
        this.version++;
      }
    }
    await Promise.all(due.map(([target, type]) => this.resolve(target, type)));
  }

  private async resolve(target: string, type: 'A' | 'AAAA'): Promise<void> {
    const minTtl = this.options.minTtl ?? 30;
    const maxTtl = this.options.maxTtl ?? 3600;
    const key = `${type} ${target}`;
    try {
      const found = await (type === 'A' ? this.lookup.resolve4(target) : this.lookup.resolve6(target));
      const ttl = Math.min(maxTtl, Math.max(minTtl, Math.min(...found.map((f) => f.ttl), maxTtl)));
      this.store(key, found.map((f) => f.address), ttl);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (EMPTY_CODES.has(code)) this.store(key, [], minTtl);
      // Other failures keep what we had and try again at the next round.
      else {
        const stale = this.cache.get(key);
        if (stale) stale.refreshAt = Date.now() + minTtl * 1000;
      }
    }
  }

  /** Keeps what a lookup found until `ttl` runs out; the version moves only when the answer it gives changes. */
  private store(key: string, addresses: string[], ttl: number): void {
    const held = this.cache.get(key);
    if (!held || held.ttl !== ttl || held.addresses.join() !== addresses.join()) this.version++;
    this.cache.set(key, { addresses, ttl, refreshAt: Date.now() + ttl * 1000 });
  }
}

/** The system's resolvers (/etc/resolv.conf), with TTLs. */
function systemLookup(): AliasLookup {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  return {
    resolve4: (name) => resolver.resolve4(name, { ttl: true }),
    resolve6: (name) => resolver.resolve6(name, { ttl: true }),
  };
}
