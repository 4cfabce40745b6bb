import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchStore } from '../api/stores.js';
import { startPinned, type Pinned } from '../api/processes.js';

const hostplane = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * The environment of a builtin DNS server over `store` on 127.0.0.1:`port`, as loadConfig reads it:
 * the same for `hostplane dns` and for the signed benchmark's server (signing-builtin.ts), so the two
 * are measured under one configuration.
 */
export function builtinEnv(store: BenchStore, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: store.databaseUrl,
    DATA_DIR: store.dataDir,
    DNS_HOST: '127.0.0.1',
    DNS_PORT: String(port),
    DNS_PROVIDER: 'builtin',
    LOG_LEVEL: 'warn',
  };
}

/**
 * `hostplane dns` over the store, on 127.0.0.1:`port`, pinned to `core`: the builtin server as it runs
 * in production (its job worker and the 30-second reconciliation with the store included). It loads
 * every zone before it opens its sockets, so the first answer means the index is full.
 */
export function startBuiltin(store: BenchStore, port: number, core: number | string, nodeOptions: string[] = [], processes = 1): Pinned {
  return startPinned('hostplane dns', core, process.execPath, [...nodeOptions, hostplane, 'dns', '--processes', String(processes)], builtinEnv(store, port));
}

/**
 * The floor server (ready-answer.ts) on 127.0.0.1:`port`, pinned to `core`, once it answers; a node
 * process started as the builtin's is.
 */
export async function startReadyAnswer(port: number, core: number | string): Promise<Pinned> {
  const script = fileURLToPath(new URL('./ready-answer.ts', import.meta.url));
  const server = startPinned('ready answer', core, process.execPath, ['--import', 'tsx', script], { ...process.env, DNS_PORT: String(port) });
  await waitForDns(server, port, 'example.', 30_000, { anyAnswer: true });
  return server;
}

/**
 * Waits until the server on `port` answers a query for `name` (dig, one try a second), or fails after
 * `ms`: with an SOA record, or with `anyAnswer` with anything at all.
 */
export async function waitForDns(server: Pinned, port: number, name: string, ms = 120_000, { anyAnswer = false } = {}): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const { child } = server;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the DNS server on port ${port} exited`);
    const dig = spawnSync('dig', ['@127.0.0.1', '-p', String(port), '+norec', '+tries=1', '+time=1', '+short', name, 'SOA'], { encoding: 'utf8' });
    if (dig.status === 0 && (anyAnswer || dig.stdout.trim() !== '')) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no DNS answer on port ${port} within ${ms} ms`);
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * The CPU time process `pid` has used, all its threads, in seconds (utime + stime of /proc/<pid>/stat).
 * Beside a run's length it says whether the server was saturated: a server below its one core was
 * waiting for dnsperf (or for its core, when something else ran there), so its figure is a floor.
 */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** cpuSeconds of `pid` and every process below it (`hostplane dns --processes N`'s answering processes). */
export function treeCpuSeconds(pid: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parents) if (tree.has(parent) && !tree.has(child)) grew = tree.add(child) !== undefined;
  }
  let total = 0;
  for (const p of tree) {
    try {
      total += cpuSeconds(p);
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}
