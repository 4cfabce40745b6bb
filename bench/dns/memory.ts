/**
 * `npm run bench:memory`: what `hostplane dns` and `hostplane serve` hold per zone, and how long they
 * take from start to answering every zone (issue 15: at most 2 KB per typical zone, a start under
 * 10 s, so that one machine holds a million zones).
 *
 * One store is seeded with BENCH_ZONES (100,000) typical zones (seed.ts: the API benchmark's domains,
 * each zone with its SOA, apex NS and zones.ts's records; the first also has the API seed's 5,000
 * record zone), another is left empty. Each process kind is started as a user starts it, on each
 * store in turn, and timed from spawn until every zone answers: the last zone's SOA and a sample across
 * the range (every zone's SOA and www A, authoritative, over UDP) all answer, so readiness is the
 * answers, not a log line; the CPU time it used until then is printed beside (the wall time grows with
 * whatever else the machine runs). Then, after BENCH_SETTLE_SECONDS (15), its memory: VmRSS once it
 * has settled after a full collection (memory-probe.mjs, on SIGUSR2; settledRss), VmHWM (the peak,
 * the load included) and the V8 heap. Per zone = (seeded - empty) / zones.
 *
 * BENCH_STORE=postgres runs on PostgreSQL (BENCH_DATABASE_URL) instead of SQLite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import packet from 'dns-packet';
import { loadConfig } from '../../src/config/config.js';
import { createRuntime } from '../../src/main.js';
import { freePort } from '../../test/helpers/pdns.js';
import { cleanUp, onCleanUp } from '../api/processes.js';
import { freshStore, type BenchStore, type StoreKind } from '../api/stores.js';
import { seedZones } from './seed.js';
import { builtinEnv, cpuSeconds } from './servers.js';

const ZONES = Number(process.env.BENCH_ZONES ?? 100_000);
const STORE = (process.env.BENCH_STORE ?? 'sqlite') as StoreKind;
const TARGET_BYTES_PER_ZONE = 2048;
const TARGET_START_SECONDS = 10;
/** Zones asked (SOA and www A) to call a server ready, spread evenly over the id range, the last included. */
const SAMPLE = 200;
const READY_WITHIN_MS = 180_000;
const SETTLE_MS = Number(process.env.BENCH_SETTLE_SECONDS ?? 15) * 1000;

const hostplane = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const probe = new URL('./memory-probe.mjs', import.meta.url).href;

type Kind = 'dns' | 'serve';

interface Figures {
  startSeconds: number;
  /** The CPU the process used until ready: beside startSeconds, what the start costs on a machine busy with other work. */
  startCpuSeconds: number;
  heapTotal: number;
  rss: number;
  hwm: number;
  heapUsed: number;
  external: number;
}

async function migratedStore(): Promise<BenchStore> {
  const store = await freshStore(STORE);
  const config = loadConfig({ ...process.env, DATABASE_URL: store.databaseUrl, DATA_DIR: store.dataDir, LOG_LEVEL: 'warn' });
  const runtime = await createRuntime(config, { inlineJobs: false });
  await runtime.close();
  return store;
}

async function seededStore(): Promise<{ store: BenchStore; zones: string[] }> {
  const store = await freshStore(STORE);
  const config = loadConfig({ ...process.env, DATABASE_URL: store.databaseUrl, DATA_DIR: store.dataDir, LOG_LEVEL: 'warn' });
  const runtime = await createRuntime(config, { inlineJobs: false });
  try {
    return { store, zones: await seedZones(runtime, ZONES) };
  } finally {
    await runtime.close();
  }
}

/** Asks `questions` once over UDP; returns how many got an authoritative NOERROR answer holding the type asked. */
async function answered(port: number, questions: Array<{ name: string; type: 'SOA' | 'A' }>, waitMs = 1_000): Promise<number> {
  const socket = createSocket('udp4');
  socket.on('error', () => undefined);
  const pending = new Map(questions.map((q, i) => [i + 1, q]));
  let good = 0;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    socket.on('message', (message) => {
      const reply = packet.decode(message);
      const q = pending.get(reply.id!);
      if (!q) return;
      pending.delete(reply.id!);
      const aa = ((reply.flags ?? 0) & packet.AUTHORITATIVE_ANSWER) !== 0;
      if (((reply.flags ?? 0) & 15) === 0 && aa && reply.answers?.some((a) => a.type === q.type)) good++;
      if (pending.size === 0) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  for (const [id, q] of pending) socket.send(packet.encode({ type: 'query', id, questions: [{ name: q.name, type: q.type }] }), port, '127.0.0.1');
  await done;
  socket.close();
  return good;
}

function sampleOf(zones: string[]): Array<{ name: string; type: 'SOA' | 'A' }> {
  if (zones.length === 0) return [];
  const picked = new Set<string>([zones.at(-1)!, zones[0]!]);
  for (let i = 0; i < SAMPLE; i++) picked.add(zones[Math.floor((i * zones.length) / SAMPLE)]!);
  return [...picked].flatMap((zone) => [{ name: zone, type: 'SOA' as const }, { name: `www.${zone}`, type: 'A' as const }]);
}

function status(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const m = /^(Vm\w+):\s+(\d+) kB/.exec(line);
    if (m) out[m[1]!] = Number(m[2]) * 1024;
  }
  return out;
}

function start(kind: Kind, store: BenchStore, dnsPort: number, httpPort: number): { child: ChildProcess; stderr: () => string; stop: () => Promise<void> } {
  const env = {
    ...builtinEnv(store, dnsPort),
    HOST: '127.0.0.1',
    PORT: String(httpPort),
    WEB_PORT: 'off',
  };
  const child = spawn(process.execPath, ['--expose-gc', '--import', probe, hostplane, kind], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = onCleanUp(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  return { child, stderr: () => stderr, stop };
}

async function measure(kind: Kind, store: BenchStore, zones: string[]): Promise<Figures> {
  const [dnsPort, httpPort] = [await freePort(), await freePort()];
  const questions = sampleOf(zones);
  const started = performance.now();
  const server = start(kind, store, dnsPort, httpPort);
  try {
    if (zones.length > 0) {
      // Readiness is the answers: every sampled question, the last zone's included, at once.
      for (;;) {
        if (server.child.exitCode !== null) throw new Error(`hostplane ${kind} exited:\n${server.stderr()}`);
        if (performance.now() - started > READY_WITHIN_MS) throw new Error(`hostplane ${kind} did not answer every zone within ${READY_WITHIN_MS} ms`);
        if ((await answered(dnsPort, questions, 300)) === questions.length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } else {
      // No zone to ask: an empty store is ready when its server refuses a name it does not serve.
      for (;;) {
        if (server.child.exitCode !== null) throw new Error(`hostplane ${kind} exited:\n${server.stderr()}`);
        if (await refuses(dnsPort)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const startSeconds = (performance.now() - started) / 1000;
    const startCpuSeconds = cpuSeconds(server.child.pid!);
    // Settle: the worker's first drains come and go, and V8's memory reducer, which hands the load's
    // spare heap pages back after some seconds of little allocation, has its turn.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const before = server.stderr().length;
    server.child.kill('SIGUSR2');
    let line: RegExpExecArray | null = null;
    for (let i = 0; i < 100 && !line; i++) {
      await new Promise((r) => setTimeout(r, 50));
      line = /memory-probe (\{.*\})/.exec(server.stderr().slice(before));
    }
    if (!line) throw new Error(`hostplane ${kind} gave no memory figures:\n${server.stderr()}`);
    const heap = JSON.parse(line[1]!) as { heapUsed: number; heapTotal: number; external: number };
    const rss = await settledRss(server.child.pid!);
    const vm = status(server.child.pid!);
    return { startSeconds, startCpuSeconds, rss, hwm: vm.VmHWM!, heapUsed: heap.heapUsed, heapTotal: heap.heapTotal, external: heap.external };
  } finally {
    await server.stop();
  }
}

/**
 * VmRSS once the collection's after-effects are over: a full collection first grows the resident set
 * (the pages it evacuates into, its marking bitmaps) and V8 hands pages back over the next seconds,
 * so a reading taken at once measured the collection (405 MB, where the same process held 252 MB two
 * seconds later and from then on). Read every half second until four readings in a row (two seconds)
 * are within 1 MB of each other, at most for 20 s (then the last reading).
 */
async function settledRss(pid: number): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 40; i++) {
    readings.push(status(pid).VmRSS!);
    const last = readings.slice(-4);
    if (last.length === 4 && Math.max(...last) - Math.min(...last) <= 2 ** 20) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return readings.at(-1)!;
}

async function refuses(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  socket.on('error', () => undefined);
  const reply = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 300);
    socket.on('message', (m) => {
      clearTimeout(timer);
      resolve(((packet.decode(m).flags ?? 0) & 15) === 5);
    });
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.send(packet.encode({ type: 'query', id: 1, questions: [{ name: 'example.invalid', type: 'SOA' }] }), port, '127.0.0.1');
  const refused = await reply;
  socket.close();
  return refused;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function main() {
  const [load] = loadavg();
  console.error(`${ZONES} zones on ${STORE}, Node ${process.version}; load average ${load!.toFixed(2)}`);
  let at = performance.now();
  const empty = await migratedStore();
  const { store, zones } = await seededStore();
  console.error(`seeded in ${((performance.now() - at) / 1000).toFixed(1)} s`);
  let failed = false;
  for (const kind of ['dns', 'serve'] as const) {
    at = performance.now();
    const base = await measure(kind, empty, []);
    const full = await measure(kind, store, zones);
    const perZone = (full.rss - base.rss) / zones.length;
    const heapPerZone = (full.heapUsed + full.external - base.heapUsed - base.external) / zones.length;
    const ok = perZone <= TARGET_BYTES_PER_ZONE && full.startSeconds <= TARGET_START_SECONDS;
    failed ||= !ok;
    console.log(
      `hostplane ${kind}: 0 zones RSS ${mb(base.rss)} (start ${base.startSeconds.toFixed(1)} s); ${zones.length} zones RSS ${mb(full.rss)}, peak ${mb(full.hwm)},`
        + ` heap ${mb(full.heapUsed)} used of ${mb(full.heapTotal)}, start to every zone answering ${full.startSeconds.toFixed(1)} s (${full.startCpuSeconds.toFixed(1)} s of CPU)`
        + ` (${(full.startSeconds / TARGET_START_SECONDS).toFixed(2)} of the ${TARGET_START_SECONDS} s target);`
        + ` per zone ${Math.round(perZone)} B RSS (${(perZone / TARGET_BYTES_PER_ZONE).toFixed(2)} of the 2 KB target), ${Math.round(heapPerZone)} B heap`,
    );
  }
  if (failed) process.exitCode = 1;
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(cleanUp);
