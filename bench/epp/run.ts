/**
 * `npm run bench:epp`: domain creates per second through the EPP provider (issue 11, item 8), with 1
 * and with 4 sessions, against the test EPP registry behind a relay that adds a 20 ms round trip
 * (delay-proxy.ts: 10 ms each way, on every byte, handshakes included). The figure is set against the
 * protocol's own limit: EPP answers one command at a time per session, so `sessions` sessions over a
 * round trip of RTT carry at most sessions / RTT commands a second (50/s for one session at 20 ms, 200/s
 * for four). A create through the provider (EppRegistry.create, as an order makes it) is several
 * commands, so the ratio is counted in the commands the registry received, and the table shows how many
 * each create took.
 *
 * A second ratio sets the figure against the round trip the client really sees, a hello's (the least an
 * EPP server does, timed on one session before the runs): on a busy machine the relay's timers and the
 * wake-ups of this process make that longer than 20 ms, and whatever remains below 1 there is the
 * provider's own (its pool, its queue, its XML). The relay alone is timed too, with one byte over plain TCP.
 *
 * The test registry and the relay run in a process of their own (registry-process.ts), so this process
 * holds the client alone and each side's CPU per command is shown. The same runs with no added delay
 * (no relay) show the ceiling when the network is not the limit: the client's and the test registry's
 * own cost per command. The test
 * registry checks every frame against the RFC schemas (libxml2 in a process kept running): that cost is
 * timed on its own and shown in two more runs, and it is off in the others, because a registry's
 * validation is not what the client is measured by.
 *
 * Everything listens on 127.0.0.1 and is closed on the way out (also on Ctrl-C). BENCH_SECONDS per run
 * (default 10), after a warm-up: every session logged in, the registrant contact and the nameservers'
 * host objects made once and reused by every create.
 */
import { writeFileSync } from 'node:fs';
import { connect as tcpConnect, createServer as tcpServer, type AddressInfo } from 'node:net';
import { Session as Inspector } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../../src/core/clock.js';
import { EppRegistry, type EppLog } from '../../src/providers/registry/epp/epp-registry.js';
import { DEFAULT_TIMING } from '../../src/providers/registry/epp/pool.js';
import { EppSession, TransactionIds } from '../../src/providers/registry/epp/session.js';
import type { EppRegistrySettings } from '../../src/providers/registry/epp/settings.js';
import { createDomain } from '../../src/providers/registry/epp/domain.js';
import { commandXml } from '../../src/providers/registry/epp/protocol.js';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { validateFrame } from '../../test/helpers/epp-server/index.js';
import { MemoryRegistryContacts } from '../../test/providers/registry/epp-harness.js';
import { registrant } from '../../test/providers/registry/conformance.js';
import { cleanUp, onCleanUp } from '../api/processes.js';
import { startDelayProxy } from './delay-proxy.js';
import type { Request, Started, Stats } from './registry-process.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RTT_MS = 20;
/**
 * 'proxy' (default): the round trip added by the relay. 'server': by the test registry's latencyMs
 * instead (a wait before each answer it writes), to compare the two.
 */
const DELAY = process.env.BENCH_DELAY === 'server' ? 'server' : 'proxy';
/** Creates in flight per session: two keep a command waiting whenever a session comes free. */
const PER_SESSION = 2;
/** BENCH_PROFILE=<folder>: a V8 CPU profile of each measured run (this process: the client) is written there. */
const PROFILE_DIR = process.env.BENCH_PROFILE;
const NAMESERVERS = ['ns1.bench.example', 'ns2.bench.example'];
const REGISTRAR = { id: 'hostplane', password: 'bench-password' };

interface Case {
  sessions: number;
  rttMs: number;
  validate: boolean;
}

interface Figures {
  creates: number;
  commands: number;
  seconds: number;
  /** Each command's time from the client's write to its answer, as the provider logs it (ms). */
  latencies: number[];
  /** This process's CPU (the client) per command, µs. */
  clientCpuUs: number;
  /** The registry process's CPU (test registry and relay; not the schema checker's process) per command, µs. */
  registryCpuUs: number;
  byCommand: Map<string, number>;
}

/** Keeps the provider's per-command times (its 'epp command' log lines). */
class TimingLog implements EppLog {
  latencies: number[] = [];
  info(obj: object, msg: string) {
    if (msg === 'epp command') this.latencies.push((obj as { ms: number }).ms);
  }
  warn(obj: object, msg: string) {
    console.error(`  provider warning: ${msg} ${JSON.stringify(obj)}`);
  }
}

const registryProcess = fileURLToPath(new URL('./registry-process.ts', import.meta.url));

/** The test registry (and the relay, when the delay is the relay's) in a process of its own (registry-process.ts). */
class RemoteRegistry {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private ids = 0;
  readonly stop: () => Promise<void>;

  constructor() {
    this.child = fork(registryProcess, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error !== undefined) p?.reject(new Error(`registry process: ${msg.error}`));
      else p?.resolve(msg.result);
    });
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.once('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('the registry process exited'));
      this.pending.clear();
    });
    this.stop = onCleanUp(async () => {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        await this.ask({ op: 'stop' }).catch(() => undefined);
        this.child.disconnect();
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    });
  }

  ask(req: Extract<Request, { op: 'start' }>): Promise<Started>;
  ask(req: Extract<Request, { op: 'stats' }>): Promise<Stats>;
  ask(req: Extract<Request, { op: 'sessions' }>): Promise<number>;
  ask(req: Request): Promise<unknown>;
  ask(req: Request): Promise<unknown> {
    const id = ++this.ids;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, req });
    });
  }
}

async function startRegistry(validate: boolean, rttMs: number): Promise<{ remote: RemoteRegistry; started: Started }> {
  const remote = new RemoteRegistry();
  const started = await remote.ask({
    op: 'start', validate, registrar: REGISTRAR,
    latencyMs: DELAY === 'server' ? rttMs : 0, relayOneWayMs: DELAY === 'proxy' ? rttMs / 2 : 0,
  });
  return { remote, started };
}

function settings(started: Started, sessions: number): EppRegistrySettings {
  return {
    name: 'bench', host: '127.0.0.1', port: started.port, username: REGISTRAR.id, password: REGISTRAR.password,
    ca: started.ca, cert: started.clientCert, key: started.clientKey, sessions, commandsPerSecond: 0,
    tlds: ['test'], nameserverStyle: 'hostObj', contactRoles: ['admin', 'tech'],
  };
}

/**
 * The round trip the client sees: hellos, one after the other, on one logged-in session (a hello's
 * answer is a greeting, the least work an EPP server does), timed from the write to the answer.
 */
async function helloRoundTrip(rttMs: number): Promise<number[]> {
  const { remote, started: where } = await startRegistry(false, rttMs);
  const session = await EppSession.connect(settings(where, 1), DEFAULT_TIMING, new TransactionIds('bench'));
  const times: number[] = [];
  try {
    await session.login();
    for (let i = 0; i < 20; i++) await session.hello();
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      await session.hello();
      times.push(performance.now() - started);
    }
  } finally {
    await session.logout();
    await remote.stop();
  }
  return times;
}

/** The relay alone: one byte echoed over plain TCP through it, 100 times in a row (ms each). */
async function relayRoundTrip(rttMs: number): Promise<number[]> {
  const echo = tcpServer((s) => {
    s.setNoDelay(true);
    s.on('data', (d) => s.write(d));
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()));
  const proxy = await startDelayProxy({ host: '127.0.0.1', port: (echo.address() as AddressInfo).port }, rttMs / 2);
  const socket = tcpConnect({ host: '127.0.0.1', port: proxy.port });
  socket.setNoDelay(true);
  const times: number[] = [];
  try {
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      socket.write('x');
      await new Promise((resolve) => socket.once('data', resolve));
      times.push(performance.now() - started);
    }
  } finally {
    socket.destroy();
    await proxy.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  }
  return times;
}

async function run(c: Case, index: number): Promise<Figures> {
  const { remote, started: where } = await startRegistry(c.validate, c.rttMs);
  const log = new TimingLog();
  const registry = new EppRegistry(settings(where, c.sessions), { contacts: new MemoryRegistryContacts(), clock: new ManualClock(), log });
  onCleanUp(() => registry.close());

  let seq = 0;
  const create = () => registry.create({ name: `bench${index}x${++seq}.test`, years: 1, registrant: registrant(1), nameservers: NAMESERVERS });
  // Warm-up: the contact and host objects made, then every session opened and logged in.
  await create();
  while (await remote.ask({ op: 'sessions' }) < c.sessions) await Promise.all(Array.from({ length: c.sessions }, create));
  for (let i = 0; i < c.sessions * 5; i++) await create();

  await remote.ask({ op: 'mark' });
  log.latencies = [];
  let creates = 0;
  const profiler = PROFILE_DIR ? new Inspector() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(Array.from({ length: c.sessions * PER_SESSION }, async () => {
    while (performance.now() < until) {
      await create();
      creates++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const busy = performance.eventLoopUtilization(elu);
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    const file = join(PROFILE_DIR!, `epp-${c.sessions}s-${c.rttMs}ms${c.validate ? '-validating' : ''}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    profiler.disconnect();
    console.error(`  CPU profile of the measured run: ${file}`);
  }
  console.error(`  cpu user ${(used.user / 1000).toFixed(0)} ms system ${(used.system / 1000).toFixed(0)} ms; event loop active ${busy.active.toFixed(0)} ms of ${(seconds * 1000).toFixed(0)}`);
  const stats = await remote.ask({ op: 'stats' });
  if (stats.sessions !== c.sessions) throw new Error(`${stats.sessions} sessions at the end, not ${c.sessions}`);
  if (stats.failed.length) throw new Error(`${stats.failed.length} commands failed, e.g. ${JSON.stringify(stats.failed[0])}`);

  await registry.close();
  await remote.stop();
  return {
    creates, commands: stats.commands, seconds, latencies: log.latencies, byCommand: new Map(Object.entries(stats.byCommand)),
    clientCpuUs: (used.user + used.system) / stats.commands, registryCpuUs: stats.cpuUs / stats.commands,
  };
}

/** The test registry's schema check of one domain:create frame, ms. */
async function validationCost(): Promise<{ meanMs: number; frames: number }> {
  const xml = commandXml(createDomain({
    name: 'validation.test', years: 1, nameservers: NAMESERVERS.map((name) => ({ name })), style: 'hostObj',
    registrant: 'HP1234567', contacts: [{ role: 'admin', handle: 'HP1234567' }, { role: 'tech', handle: 'HP1234567' }], authCode: 'Abc-123-def-456',
  }), [], 'bench-1');
  if (!(await validateFrame(xml)).valid) throw new Error('the measured frame does not validate');
  const frames = 20;
  const started = performance.now();
  for (let i = 0; i < frames; i++) await validateFrame(xml);
  return { meanMs: (performance.now() - started) / frames, frames };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

function row(c: Case, f: Figures, helloMs: number): string {
  const perSecond = f.commands / f.seconds;
  const limit = c.rttMs > 0 ? (c.sessions * 1000) / c.rttMs : undefined;
  const seen = (c.sessions * 1000) / helloMs;
  return [
    '', `${c.sessions}`, c.rttMs ? `${c.rttMs} ms` : 'none', c.validate ? 'on' : 'off',
    (f.creates / f.seconds).toFixed(1), (f.commands / f.creates).toFixed(2), perSecond.toFixed(1),
    limit ? String(limit) : '-', limit ? `**${(perSecond / limit).toFixed(2)}**` : '-', limit ? (perSecond / seen).toFixed(2) : '-',
    `${pct(f.latencies, 50)} / ${pct(f.latencies, 99)}`, Math.round(f.clientCpuUs).toLocaleString('en-US'), Math.round(f.registryCpuUs).toLocaleString('en-US'), '',
  ].join(' | ').trim();
}

const ALL_CASES: Case[] = [
  { sessions: 1, rttMs: RTT_MS, validate: false },
  { sessions: 4, rttMs: RTT_MS, validate: false },
  { sessions: 1, rttMs: 0, validate: false },
  { sessions: 4, rttMs: 0, validate: false },
  { sessions: 1, rttMs: RTT_MS, validate: true },
  { sessions: 4, rttMs: RTT_MS, validate: true },
];
/** BENCH_CASES="1@20,4@20,4@0+v": some of the runs (sessions @ added RTT in ms, +v for the schema check). */
const CASES = process.env.BENCH_CASES
  ? process.env.BENCH_CASES.split(',').map((spec) => {
    const m = /^(\d+)@(\d+)(\+v)?$/.exec(spec.trim());
    if (!m) throw new Error(`BENCH_CASES: ${spec} is not sessions@rtt or sessions@rtt+v`);
    return { sessions: Number(m[1]), rttMs: Number(m[2]), validate: Boolean(m[3]) };
  })
  : ALL_CASES;

try {
  const loadBefore = loadavg()[0]!;
  const validation = CASES.some((c) => c.validate) || !process.env.BENCH_CASES ? await validationCost() : { meanMs: NaN, frames: 0 };
  if (validation.frames) console.error(`test registry's schema check of a domain:create frame: ${validation.meanMs.toFixed(1)} ms a frame (mean of ${validation.frames})`);
  const rtts = new Map<number, number[]>();
  for (const rtt of new Set(CASES.map((c) => c.rttMs))) {
    rtts.set(rtt, await helloRoundTrip(rtt));
    console.error(`hello round trip with ${rtt} ms added: p50 ${pct(rtts.get(rtt)!, 50).toFixed(1)} ms, p99 ${pct(rtts.get(rtt)!, 99).toFixed(1)} ms`);
  }
  const relay = new Map<number, number[]>();
  for (const rtt of new Set(CASES.map((c) => c.rttMs))) {
    if (rtt === 0 || DELAY !== 'proxy') continue;
    relay.set(rtt, await relayRoundTrip(rtt));
    console.error(`plain TCP through the relay with ${rtt} ms added: p50 ${pct(relay.get(rtt)!, 50).toFixed(1)} ms, p99 ${pct(relay.get(rtt)!, 99).toFixed(1)} ms`);
  }
  const rows: string[] = [];
  let mix = '';
  for (const [i, c] of CASES.entries()) {
    const f = await run(c, i);
    rows.push(row(c, f, pct(rtts.get(c.rttMs)!, 50)));
    console.error(rows.at(-1));
    if (!mix) mix = [...f.byCommand].map(([cmd, n]) => `${cmd} ${(n / f.creates).toFixed(2)}`).join(', ');
  }
  const loadAfter = loadavg()[0]!;
  console.log([
    `Machine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; `
      + `load average ${loadBefore.toFixed(1)} before the run, ${loadAfter.toFixed(1)} after. ${SECONDS} s per run after a warm-up; `
      + `${PER_SESSION} creates in flight per session; the client alone in this process, the test registry and the relay in another; `
      + (DELAY === 'proxy' ? `round trip added by a TCP relay (${RTT_MS / 2} ms each way).` : `round trip added by the test registry (latencyMs, before each answer).`),
    '',
    '| sessions | added RTT | server schema check | creates/s | commands per create | commands/s | limit (sessions / RTT) | ratio | ratio to the hello round trip | ms per command p50 / p99 | client CPU µs per command | registry CPU µs per command |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Commands per create: ${mix}.`,
    `A hello's round trip on one session (write to answer, 100 in a row): ${[...rtts].map(([rtt, t]) => `${rtt} ms added: p50 ${pct(t, 50).toFixed(1)} ms, p99 ${pct(t, 99).toFixed(1)} ms`).join('; ')}.`,
    ...[...relay].map(([rtt, t]) => `One byte over plain TCP through the relay (${rtt} ms added), 100 in a row: p50 ${pct(t, 50).toFixed(1)} ms, p99 ${pct(t, 99).toFixed(1)} ms.`),
    ...(validation.frames ? [`The test registry's schema check (libxml2, schemas parsed once): ${validation.meanMs.toFixed(1)} ms per domain:create frame.`] : []),
  ].join('\n'));
} finally {
  await cleanUp();
}
