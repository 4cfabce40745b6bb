import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';

/**
 * `hostplane dns` on several cores: one primary process that answers nothing and N answering processes
 * (node:cluster) on one address and port. The primary binds the UDP socket and the TCP listener once
 * and hands both to every process (Node 20's dgram has no reusePort; cluster shares the bound handle,
 * and each datagram and connection is taken by whichever process reads first). Every process loads
 * the whole index from the store and keeps it current as a single process does (its reconciliation,
 * and on PostgreSQL the store's zone change announcements); what must happen once is the LEADER's
 * alone: the job worker (whose 'zone.publish' jobs are taken by one process only) and NOTIFY to the
 * secondaries. What the leader publishes is relayed through the primary to the others, which re-read
 * that zone from the store; the leader sends its NOTIFY once they hold the new serial (or after
 * RELAY_WAIT_MS), so a secondary's SOA query, whichever process answers it, sees the serial announced.
 * A process that exits unexpectedly is started again in its role; SIGTERM or SIGINT to the primary
 * stops them all, and a process whose primary is gone exits (cluster's own rule).
 */

/** How many answering processes DNS_PROCESSES / --processes asks for: a count, or `auto` (one per core). */
export function parseProcesses(value: string | undefined): number {
  const v = (value ?? '1').trim().toLowerCase();
  if (v === 'auto') return availableParallelism();
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 256) throw new Error(`DNS_PROCESSES must be a count from 1 to 256 or "auto", not "${value}"`);
  return Number(v);
}

/** This process's part: alone (1 process), the primary, or an answering process. */
export type DnsRole = { kind: 'single' } | { kind: 'primary' } | { kind: 'answering'; leader: boolean };

const ROLE_ENV = 'HOSTPLANE_DNS_ROLE';

export function dnsRole(processes: number): DnsRole {
  if (cluster.isWorker) return { kind: 'answering', leader: process.env[ROLE_ENV] === 'leader' };
  return processes > 1 ? { kind: 'primary' } : { kind: 'single' };
}

/** Messages between the primary and the answering processes. */
type Message =
  | { dns: 'listening'; port: number; zones: number }
  | { dns: 'published'; zone: string; id: number }
  | { dns: 'changed'; zone: string; id: number }
  | { dns: 'applied'; id: number }
  | { dns: 'relayed'; id: number };

const isMessage = (m: unknown): m is Message => typeof m === 'object' && m !== null && typeof (m as { dns?: unknown }).dns === 'string';

/** The leader waits at most this for the others to hold a zone before it sends NOTIFY anyway. */
export const RELAY_WAIT_MS = 2_000;

/** What an answering process shares with the others (service.ts): given to startDnsService. */
export interface DnsPeers {
  /** Runs the job worker and sends NOTIFY. */
  leader: boolean;
  /** The leader published a new serial of `zone`: resolves once every other process holds it (or RELAY_WAIT_MS). */
  published(zone: string): Promise<void>;
  /** On the others: calls `apply` for each zone the leader published, and tells the leader when done. */
  follow(apply: (zone: string) => Promise<void>): void;
  /** Tells the primary this process answers on `port`. */
  listening(port: number, zones: number): void;
}

/** The answering process's side of the relay. */
export function clusterPeers(leader: boolean): DnsPeers {
  let next = 0;
  const waiting = new Map<number, () => void>();
  process.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.dns === 'relayed') {
      waiting.get(m.id)?.();
      waiting.delete(m.id);
    }
  });
  return {
    leader,
    published(zone) {
      const id = ++next;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve();
        }, RELAY_WAIT_MS);
        timer.unref();
        waiting.set(id, () => {
          clearTimeout(timer);
          resolve();
        });
        process.send?.({ dns: 'published', zone, id } satisfies Message);
      });
    },
    follow(apply) {
      process.on('message', (m: unknown) => {
        if (!isMessage(m) || m.dns !== 'changed') return;
        // A failure is the reconciliation's to mend; the leader is told either way, so as not to wait.
        void apply(m.zone)
          .catch(() => undefined)
          .finally(() => process.send?.({ dns: 'applied', id: m.id } satisfies Message));
      });
    },
    listening(port, zones) {
      process.send?.({ dns: 'listening', port, zones } satisfies Message);
    },
  };
}

export interface ClusterLog {
  info(data: object, message: string): void;
  error(data: object, message: string): void;
}

/**
 * The primary: starts `processes` answering processes (the first the leader), relays the leader's
 * publications, starts again a process that exits unexpectedly. Resolves with the port and zone count
 * once all answer, and `stopped` once a signal has stopped them all. Rejects (every process stopped)
 * when one exits before all answer: a port taken, a store that cannot be read.
 */
export function runDnsPrimary(processes: number, log: ClusterLog): Promise<{ port: number; zones: number; stopped: Promise<void> }> {
  // Each process accepts TCP connections itself from the shared listener, as it reads UDP from the
  // shared socket, rather than the primary accepting them all and passing each on.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const workers = new Map<Worker, 'leader' | 'follower'>();
  /** Per relayed publication: the processes still to apply it, and the leader to tell. */
  const relays = new Map<string, { remaining: Set<Worker>; leader: Worker; id: number }>();
  let relayed = 0;
  let stopping = false;
  let started = false;

  return new Promise((resolve, reject) => {
    let ready = 0;
    let port = 0;
    let zones = 0;
    /** `worker` holds relay `key`'s zone (or is gone): the leader is told once none is left to. */
    const applied = (key: string, worker: Worker) => {
      const relay = relays.get(key);
      if (!relay) return;
      relay.remaining.delete(worker);
      if (relay.remaining.size > 0) return;
      relays.delete(key);
      if (relay.leader.isConnected()) relay.leader.send({ dns: 'relayed', id: relay.id } satisfies Message);
    };
    const fork = (role: 'leader' | 'follower') => {
      const worker = cluster.fork({ [ROLE_ENV]: role });
      workers.set(worker, role);
      worker.on('message', (m: unknown) => {
        if (!isMessage(m)) return;
        if (m.dns === 'listening') {
          port = m.port;
          zones = m.zones;
          if (!started && ++ready === processes) {
            started = true;
            resolve({ port, zones, stopped });
          }
        } else if (m.dns === 'published') {
          const others = [...workers.keys()].filter((w) => w !== worker && w.isConnected());
          const key = `r${++relayed}`;
          if (others.length === 0) {
            worker.send({ dns: 'relayed', id: m.id } satisfies Message);
            return;
          }
          relays.set(key, { remaining: new Set(others), leader: worker, id: m.id });
          for (const w of others) w.send({ dns: 'changed', zone: m.zone, id: relayed } satisfies Message);
        } else if (m.dns === 'applied') {
          applied(`r${m.id}`, worker);
        }
      });
      worker.on('exit', (code, signal) => {
        workers.delete(worker);
        for (const key of [...relays.keys()]) applied(key, worker);
        if (stopping) return;
        if (!started) {
          void stopAll().then(() => reject(new Error(`a DNS process exited while starting (code ${code}, signal ${signal})`)));
          return;
        }
        log.error({ code, signal, role }, 'a DNS process exited; starting another');
        fork(role);
      });
    };

    let onStopped: () => void;
    const stopped = new Promise<void>((r) => (onStopped = r));
    const stopAll = async () => {
      stopping = true;
      const exits = [...workers.keys()].map((w) => new Promise<void>((r) => (w.isDead() ? r() : w.once('exit', () => r()))));
      for (const w of workers.keys()) w.process.kill('SIGTERM');
      await Promise.all(exits);
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`${signal}: shutting down ${workers.size} DNS processes`);
        void stopAll().then(() => onStopped());
      });
    }
    for (let i = 0; i < processes; i++) fork(i === 0 ? 'leader' : 'follower');
  });
}
