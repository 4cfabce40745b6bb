import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Ctx } from '../../core/context.js';
import { publishAllZones, publishZone } from '../../core/dns/publish-zone.js';
import { loadAllZones } from './load-zones.js';
import type { BuiltinDnsProvider } from '../../providers/dns/builtin/builtin-provider.js';
import { AliasResolver } from './alias.js';
import { HealthChecker } from './health.js';
import { DEFAULT_NOTIFY_OPTIONS, Notifier, type Secondary } from './notify.js';
import { DnsServer } from './server.js';
import type { DnsPeers } from './cluster.js';
import type { TcpLimits } from './tcp-limits.js';
import type { WebForwarding } from './web-forward.js';

export interface DnsServiceOptions {
  host: string;
  port: number;
  secondaries: Secondary[];
  /** The TCP limits; DEFAULT_TCP_LIMITS without them. */
  tcp?: TcpLimits;
  log: { info(data: object, message: string): void; warn(data: object, message: string): void; error(data: object, message: string): void };
  /** How often the index is reconciled with the store (changes made by other processes, such as the CLI). */
  reconcileMs?: number;
  healthCheck?: { port: number; intervalMs: number; timeoutMs: number };
  /** Where forwarded and parked names lead (the web forwarder); without it they get no address. */
  web?: WebForwarding;
  /**
   * Hears of zone changes committed by any process on the store (PostgreSQL LISTEN/NOTIFY:
   * store/zone-change-listener.ts); absent on SQLite, whose one process hears of its own through its jobs.
   */
  listen?: (handlers: ZoneChangeHandlers) => Promise<{ close(): Promise<void> }>;
  /**
   * One of several answering processes on one port (cluster.ts): only the leader sends NOTIFY, once
   * the others hold what it published; the others re-read each zone the leader published.
   */
  peers?: DnsPeers;
}

/** What the service does on a zone change heard from the store (the shape store/zone-change-listener.ts calls). */
export interface ZoneChangeHandlers {
  changed(name: string): void;
  resync(): void;
  log: DnsServiceOptions['log'];
}

export interface DnsService {
  host: string;
  port: number;
  /** The zones loaded into the index at start. */
  zones: number;
  provider: BuiltinDnsProvider;
  health: HealthChecker;
  alias: AliasResolver;
  notifier: Notifier;
  close(): Promise<void>;
}

/** Loopback clients may transfer zones (the operator on the machine), as may the configured secondaries. */
const isLoopback = (address: string) => /^(127\.|::ffff:127\.|::1$)/.test(address);

/** The addresses of the secondaries, to allow their zone transfers; a name that does not resolve allows nothing. */
async function secondaryAddresses(secondaries: Secondary[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const s of secondaries) {
    if (isIP(s.host)) out.add(s.host);
    else for (const a of await lookup(s.host, { all: true }).catch(() => [])) out.add(a.address);
  }
  for (const a of [...out]) if (isIP(a) === 4) out.add(`::ffff:${a}`);
  return out;
}

/**
 * The builtin DNS data plane of one process: the index (filled from the store before the sockets
 * open, so the server never answers from an empty index), the UDP/TCP server, NOTIFY to secondaries,
 * fallback_ip health checks, ANAME targets resolved ahead, and what keeps the index current:
 * - the outbox, drained by the process's job worker (src/jobs/worker.ts, every 200 ms): 'zone.publish'
 *   jobs are queued in the transaction of every zone change, so a committed change is answered well
 *   within a second;
 * - on PostgreSQL, the store's zone change announcements (NOTIFY at the commit of every zone change,
 *   queueZonePublish): each instance re-reads the zone at once (publishZone, only when its serial
 *   moved), so every instance serves a change made through any other within a second, with the same
 *   serial. Listening starts before the first load, so nothing committed in between is missed; after a
 *   lost connection everything is reconciled once;
 * - a reconciliation every reconcileMs, which re-reads only zones whose serial moved: the safety net
 *   for changes made by a process without a listener (a CLI command on SQLite) or a notification lost.
 * `ctx.dns` must be `provider`.
 */
export async function startDnsService(ctx: Ctx, provider: BuiltinDnsProvider, options: DnsServiceOptions): Promise<DnsService> {
  const { log } = options;
  const notifier = new Notifier(options.secondaries, { ...DEFAULT_NOTIFY_OPTIONS, source: options.host }, log);
  const hc = options.healthCheck ?? { port: 80, intervalMs: 10_000, timeoutMs: 2_000 };
  const health = new HealthChecker({
    ...hc,
    *targets() {
      // Only zones that have them are expanded (zone-index.ts): the others are passed over packed.
      for (const zone of provider.index.list()) if (zone.hasFallback) for (const r of zone.records) if (r.type === 'A' && r.fallback_ip) yield r.content;
    },
  });
  const alias = new AliasResolver({
    *targets() {
      for (const zone of provider.index.list()) {
        if (zone.hasAname) for (const r of zone.records) if (r.type === 'ANAME' && !provider.index.find(r.content)) yield r.content;
      }
    },
  });
  const allowed = await secondaryAddresses(options.secondaries);
  const server = new DnsServer(
    { index: provider.index, health, alias, web: options.web, mayTransfer: (address) => isLoopback(address) || allowed.has(address) },
    {
      host: options.host,
      port: options.port,
      log,
      maxTcpConnections: options.tcp?.maxConnections,
      maxTcpPerAddress: options.tcp?.perAddress,
      tcpIdleMs: options.tcp?.idleMs,
      tcpMessageMs: options.tcp?.messageMs,
      clock: ctx.clock,
    },
  );
  const heard = new ZoneRefresher(ctx, log);
  const listener = await options.listen?.({ changed: (name) => heard.refresh(name), resync: () => heard.resync(), log });
  // Followed from before the first load, as the store's announcements are: nothing published meanwhile is missed.
  const { peers } = options;
  peers?.follow((zone) => publishZone(ctx, zone));
  let loaded: number;
  try {
    loaded = await loadAllZones(ctx, provider);
    await server.listen();
  } catch (err) {
    await listener?.close();
    throw err;
  }
  health.start();
  alias.start();

  // Every new serial is announced; during the start-up load the secondaries were not told (they
  // refresh on their own timers), from here on they are.
  provider.onPublished = (zone) => {
    const notify = () => {
      const soa = provider.index.get(zone)?.soa;
      if (soa) void notifier.notify(zone, soa);
    };
    // Of several processes, the leader alone, once the others hold the zone too.
    if (!peers) notify();
    else if (peers.leader) void peers.published(zone).then(notify);
    void health.checkNow();
    void alias.refresh();
  };

  const reconcile = every(options.reconcileMs ?? 30_000, () => publishAllZones(ctx), (err) => log.error({ err }, 'DNS reconciliation failed'));

  // The process that runs the service says where it listens, once for all its servers (src/main.ts).
  return {
    host: options.host,
    port: server.port,
    zones: loaded,
    provider,
    health,
    alias,
    notifier,
    async close() {
      await listener?.close();
      await heard.idle();
      await reconcile.stop();
      health.stop();
      alias.stop();
      provider.onPublished = undefined;
      await server.close();
      await notifier.close();
    },
  };
}

/**
 * Re-reads the zones the store announced changed, one at a time, each once however many times it was
 * announced meanwhile (a burst of record edits is one re-read of the zone as it stands at the end).
 */
class ZoneRefresher {
  private readonly pending = new Set<string>();
  private all = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly log: DnsServiceOptions['log'],
  ) {}

  refresh(name: string): void {
    this.pending.add(name);
    this.running ??= this.drain();
  }

  resync(): void {
    this.all = true;
    this.running ??= this.drain();
  }

  async idle(): Promise<void> {
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.all || this.pending.size > 0) {
        if (this.all) {
          this.all = false;
          this.pending.clear();
          await publishAllZones(this.ctx).catch((err) => this.log.error({ err }, 'DNS resync after a lost listener failed'));
          continue;
        }
        const name = this.pending.values().next().value as string;
        this.pending.delete(name);
        await publishZone(this.ctx, name).catch((err) => this.log.error({ err, zone: name }, 'publishing an announced zone change failed'));
      }
    } finally {
      this.running = undefined;
    }
  }
}

/** Runs `task` every `ms`, never two at once; stop() waits for a run under way. */
export function every(ms: number, task: () => Promise<unknown>, onError: (err: unknown) => void) {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= task()
      .catch(onError)
      .finally(() => (running = undefined));
  }, ms);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
