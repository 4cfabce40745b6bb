/**
 * `npm run bench:dns`: the builtin DNS server against PowerDNS Authoritative (issue 5). Both serve the
 * same ZONES zones from one seeded store: the builtin as `hostplane dns`, PowerDNS (gsqlite3, its
 * default caches) from a database written from the same store (powerdns.ts). Each runs pinned to
 * core 0, dnsperf to core 1; the same query file (zones.ts: answers, CNAMEs, NXDOMAIN, NODATA over
 * every zone) is asked of each for BENCH_SECONDS after a warm-up, after dig has found their answers
 * identical for a sample. Prints queries per second and latency for both, and builtin/PowerDNS; and
 * the same for a floor, Node answering each datagram with nothing in between (ready-answer.ts).
 *
 * Then signed (issue 12; BENCH_SIGNED=off skips it): every zone gets a key (signed.ts), and the same
 * questions are asked with the DO bit of each server serving the zones unsigned and signed: the
 * builtin through its provider's setSigning (signing-builtin.ts, both processes alike), PowerDNS
 * from a second database holding the keys as the powerdns provider imports them. Before measuring,
 * each signed server must put RRSIGs in its answers and delv must validate a zone's questions from
 * its DS; a server that fails is not measured, and the run says so and fails at the end. Prints each
 * server's signed/unsigned ratio and builtin/PowerDNS signed.
 *
 * Then every core (issue 15): `hostplane dns --processes BENCH_PROCESSES` (default: the cores, at
 * least 2) against the same PowerDNS moved onto every core, dnsperf -T on every core beside them;
 * prints queries per second and per CPU second of each (every process of the server counted).
 *
 * This process and dnsperf share core 1 (the npm script pins it); it only waits while dnsperf runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { createRuntime } from '../../src/main.js';
import { freePort } from '../../test/helpers/pdns.js';
import { cleanUp, onCleanUp, type Pinned } from '../api/processes.js';
import { freshStore } from '../api/stores.js';
import { compareAnswers } from './compare.js';
import { CLIENTS, dnsperf, OUTSTANDING, type PerfFigures } from './dnsperf.js';
import { pdnsVersion, preparePowerDns } from './powerdns.js';
import { seedZones } from './seed.js';
import { requireSignatures, requireValidation, startSigningBuiltin, writeSigningFile, zoneKeys } from './signed.js';
import { spawnSync } from 'node:child_process';
import { startBuiltin, startReadyAnswer, treeCpuSeconds, waitForDns } from './servers.js';
import { zoneQueries } from './zones.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 25);
const WARM_UP_SECONDS = 5;
/**
 * Rounds of one run per server, alternating; each server's best round is reported. Other work on the
 * machine only ever takes figures down, and it comes and goes on a shared 2-core machine.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SIGNED = process.env.BENCH_SIGNED !== 'off';
const SERVER_CORE = 0;
const LOAD_CORE = 1;
/** The multi-core run: servers and dnsperf each on every core (the machine has no spare ones to part). */
const ALL_CORES = `0-${cpus().length - 1}`;
/** Answering processes of the multi-core builtin, and dnsperf's threads then (BENCH_PROCESSES). */
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? Math.max(2, cpus().length));
/** Every this many zones, one has all its questions compared between the servers before measuring. */
const COMPARE_EVERY = 50;

/** The same order on every run (a seeded shuffle), so that runs compare. */
function shuffled<T>(items: T[]): T[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

interface Measured extends PerfFigures {
  /** The share of its core the server used while measured (1: saturated). */
  cpu: number;
}

async function measure(
  name: string,
  server: Pinned,
  port: number,
  queries: string,
  dir: string,
  dnssecOk = false,
  load: { core: number | string; threads?: number } = { core: LOAD_CORE },
): Promise<Measured> {
  const verbose = join(dir, 'answers.dnsperf');
  const pid = server.child.pid!;
  // The server's processes (taskset, node or pdns_server, and the answering processes below it).
  const [cpuBefore, before] = [treeCpuSeconds(pid), performance.now()];
  const figures = await dnsperf(port, queries, SECONDS, load.core, verbose, { dnssecOk, threads: load.threads });
  // dnsperf waits for its last answers after the time limit: the share is over its whole run.
  const cpu = (treeCpuSeconds(pid) - cpuBefore) / ((performance.now() - before) / 1000);
  rmSync(verbose, { force: true });
  if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`${name} exited while measured`);
  console.error(
    `${name}: ${Math.round(figures.qps)} queries/s, average ${figures.avgMs.toFixed(2)} ms, p99 ${figures.p99Ms.toFixed(2)} ms,`
      + ` ${figures.lost} lost, server CPU ${(cpu * 100).toFixed(0)} %`,
  );
  return { ...figures, cpu };
}

const best = (runs: Measured[]) => runs.reduce((a, b) => (b.qps > a.qps ? b : a));

async function main() {
  const cpu = cpus();
  const machine = `${cpu[0]?.model.trim()}, ${cpu.length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  const [loadBefore] = loadavg();
  console.error(`machine: ${machine}; load average ${loadBefore!.toFixed(2)}${loadBefore! > 0.5 ? ' (something else is running: figures may be low)' : ''}`);
  const dir = mkdtempSync(join(tmpdir(), 'hostplane-bench-dns-'));
  onCleanUp(async () => rmSync(dir, { recursive: true, force: true }));

  let started = Date.now();
  const store = await freshStore('sqlite');
  const config = loadConfig({ ...process.env, DATABASE_URL: store.databaseUrl, DATA_DIR: store.dataDir, LOG_LEVEL: 'warn' });
  const runtime = await createRuntime(config, { inlineJobs: false });
  let zones: string[];
  let powerdns: Pinned;
  let signedPowerDns: { start(core: number): Pinned } | undefined;
  let keys: ReturnType<typeof zoneKeys> | undefined;
  const powerdnsPort = await freePort();
  const signedPowerDnsPort = await freePort();
  try {
    zones = await seedZones(runtime);
    console.error(`seeded ${zones.length} zones in ${seconds(started)}`);
    started = Date.now();
    powerdns = (await preparePowerDns(runtime.ctx, powerdnsPort)).start(SERVER_CORE);
    console.error(`PowerDNS database written in ${seconds(started)}`);
    if (SIGNED) {
      started = Date.now();
      keys = zoneKeys(zones);
      signedPowerDns = await preparePowerDns(runtime.ctx, signedPowerDnsPort, keys);
      console.error(`a key for each zone, and the signed PowerDNS database, written in ${seconds(started)}`);
    }
  } finally {
    await runtime.close();
  }
  started = Date.now();
  const builtinPort = await freePort();
  const builtin = startBuiltin(store, builtinPort, SERVER_CORE);
  await waitForDns(powerdns, powerdnsPort, zones[0]!);
  await waitForDns(builtin, builtinPort, zones[0]!);
  console.error(`both servers answer (the builtin loaded its index in ${seconds(started)})`);

  const queries = join(dir, 'queries.txt');
  writeFileSync(queries, shuffled(zones.flatMap(zoneQueries)).join('\n') + '\n');
  const sample = zones.filter((_, i) => i % COMPARE_EVERY === 0).flatMap(zoneQueries);
  compareAnswers(sample, { builtin: builtinPort, powerdns: powerdnsPort }, join(dir, 'sample.txt'));
  console.error(`the servers give the same answers to ${sample.length} questions (dig)`);

  // A warm-up each (the builtin's JIT and reply cache, PowerDNS's packet and query caches), then
  // one server measured at a time while the other idles on the same core: the builtin's job worker
  // polls the store five times a second, PowerDNS idle does nothing.
  const warmUp = join(dir, 'warm-up.dnsperf');
  await dnsperf(builtinPort, queries, WARM_UP_SECONDS, LOAD_CORE, warmUp);
  await dnsperf(powerdnsPort, queries, WARM_UP_SECONDS, LOAD_CORE, warmUp);
  rmSync(warmUp, { force: true });
  // The floor (ready-answer.ts): Node answering each datagram with nothing in between, on the same core.
  const readyPort = await freePort();
  const ready = await startReadyAnswer(readyPort, SERVER_CORE);
  const runs = { builtin: [] as Measured[], powerdns: [] as Measured[], ready: [] as Measured[] };
  for (let round = 1; round <= ROUNDS; round++) {
    runs.builtin.push(await measure('builtin', builtin, builtinPort, queries, dir));
    runs.powerdns.push(await measure('PowerDNS', powerdns, powerdnsPort, queries, dir));
    runs.ready.push(await measure('ready answer (Node, no lookup)', ready, readyPort, queries, dir));
  }
  await builtin.stop();
  await ready.stop();
  const [builtinFigures, powerdnsFigures, readyFigures] = [best(runs.builtin), best(runs.powerdns), best(runs.ready)];

  const ratio = builtinFigures.qps / powerdnsFigures.qps;
  const perCpu = builtinFigures.qps / builtinFigures.cpu / (powerdnsFigures.qps / powerdnsFigures.cpu);
  const row = (name: string, f: Measured) =>
    `| ${name} | ${Math.round(f.qps).toLocaleString('en-US')} | ${f.avgMs.toFixed(2)} | ${f.p50Ms.toFixed(2)} | ${f.p99Ms.toFixed(2)} | ${f.maxMs.toFixed(1)} | ${f.lost} of ${f.sent.toLocaleString('en-US')} | ${(f.cpu * 100).toFixed(0)} % |`;
  console.log(`Machine: ${machine}; load average ${loadBefore!.toFixed(1)} before the run, ${loadavg()[0]!.toFixed(1)} after.`
    + ` ${zones.length.toLocaleString('en-US')} zones, ${(zones.length * zoneQueries('').length).toLocaleString('en-US')} distinct questions in a loop;`
    + ` dnsperf -c ${CLIENTS} -q ${OUTSTANDING} -e for ${SECONDS} s after a ${WARM_UP_SECONDS} s warm-up, best of ${ROUNDS} rounds;`
    + ' each server on one core, dnsperf on the other.\n');
  console.log('| server | queries/s | average ms | p50 ms | p99 ms | max ms | lost | server CPU |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  console.log(row('builtin (`hostplane dns`)', builtinFigures));
  console.log(row(`${pdnsVersion()}, gsqlite3, default caches`, powerdnsFigures));
  console.log(row('ready answer: Node answering each query with itself, no lookup (the floor)', readyFigures));
  console.log(`\nbuiltin/PowerDNS: **${ratio.toFixed(2)}** queries/s (target 0.92: ${ratio >= 0.92 ? 'met' : 'MISSED'}); ${perCpu.toFixed(2)} per CPU second (target 1.0: ${perCpu >= 1 ? 'met' : 'MISSED'}).`);
  const perCpuOf = (f: Measured) => f.qps / f.cpu;
  console.log(`Per CPU second, the ready answer is at ${(perCpuOf(readyFigures) / perCpuOf(powerdnsFigures)).toFixed(2)} of PowerDNS, and the builtin at`
    + ` ${(perCpuOf(builtinFigures) / perCpuOf(readyFigures)).toFixed(2)} of the ready answer: what is left of Node's own cost of a datagram in and out.`);
  const unsaturated = [['builtin', builtinFigures] as const, ['PowerDNS', powerdnsFigures] as const].filter(([, f]) => f.cpu < 0.9);
  for (const [name, f] of unsaturated) {
    console.log(`${name} used ${(f.cpu * 100).toFixed(0)} % of its core: it waited for dnsperf, or shared its core with other work (see the load average); its queries/s is less than it can answer.`);
  }
  await measureMultiCore({ store, zones, dir, queries, powerdns, powerdnsPort });
  if (!SIGNED) {
    await powerdns.stop();
    return;
  }
  await measureSigned({ zones, keys: keys!, store, dir, queries, powerdns, powerdnsPort, signedPowerDns: signedPowerDns!, signedPowerDnsPort });
}

/**
 * Every core (issue 15): `hostplane dns --processes PROCESSES` against the same PowerDNS moved onto
 * every core (its default threads: one receiver, three distributors), dnsperf with PROCESSES threads
 * on every core too. On a machine of two cores the load generator takes its share of them, so the
 * queries per CPU second of each server say more than its queries per second.
 */
async function measureMultiCore(s: { store: Awaited<ReturnType<typeof freshStore>>; zones: string[]; dir: string; queries: string; powerdns: Pinned; powerdnsPort: number }): Promise<void> {
  const pin = (pid: number, cores: number | string) => spawnSync('taskset', ['-a', '-p', '-c', String(cores), String(pid)], { stdio: 'ignore' });
  const started = Date.now();
  const port = await freePort();
  const builtin = startBuiltin(s.store, port, ALL_CORES, [], PROCESSES);
  await waitForDns(builtin, port, s.zones[0]!);
  console.error(`hostplane dns --processes ${PROCESSES} answers (${seconds(started)})`);
  // pdns_server is taskset's child after exec: the same pid; -a moves all its threads.
  pin(s.powerdns.child.pid!, ALL_CORES);
  const load = { core: ALL_CORES, threads: PROCESSES };
  const warmUp = join(s.dir, 'warm-up.dnsperf');
  await dnsperf(port, s.queries, WARM_UP_SECONDS, load.core, warmUp, { threads: load.threads });
  rmSync(warmUp, { force: true });
  const runs = { builtin: [] as Measured[], powerdns: [] as Measured[] };
  for (let round = 1; round <= ROUNDS; round++) {
    runs.builtin.push(await measure(`builtin, ${PROCESSES} processes`, builtin, port, s.queries, s.dir, false, load));
    runs.powerdns.push(await measure('PowerDNS, every core', s.powerdns, s.powerdnsPort, s.queries, s.dir, false, load));
  }
  await builtin.stop();
  pin(s.powerdns.child.pid!, SERVER_CORE);
  const [b, p] = [best(runs.builtin), best(runs.powerdns)];
  const row = (name: string, f: Measured) =>
    `| ${name} | ${Math.round(f.qps).toLocaleString('en-US')} | ${(f.cpu * 100).toFixed(0)} % | ${Math.round(f.qps / f.cpu).toLocaleString('en-US')} | ${f.p99Ms.toFixed(2)} | ${f.lost} of ${f.sent.toLocaleString('en-US')} |`;
  console.log(`\nEvery core (${ALL_CORES}): the servers and dnsperf -T ${PROCESSES} share them; ${SECONDS} s per run, best of ${ROUNDS} rounds.\n`);
  console.log('| server | queries/s | server CPU (of one core) | queries per CPU second | p99 ms | lost |');
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(row(`builtin (\`hostplane dns --processes ${PROCESSES}\`)`, b));
  console.log(row(`${pdnsVersion()}, default threads`, p));
  console.log(`\nbuiltin/PowerDNS on every core: **${(b.qps / p.qps).toFixed(2)}** queries/s; **${(b.qps / b.cpu / (p.qps / p.cpu)).toFixed(2)}** per CPU second.`);
}

interface SignedSetup {
  zones: string[];
  keys: ReturnType<typeof zoneKeys>;
  store: Awaited<ReturnType<typeof freshStore>>;
  dir: string;
  queries: string;
  /** The unsigned PowerDNS of the first half, still running: its baseline with the DO bit. */
  powerdns: Pinned;
  powerdnsPort: number;
  signedPowerDns: { start(core: number): Pinned };
  signedPowerDnsPort: number;
}

/**
 * The signed half: four servers on core 0, one measured at a time while the others idle (none has a
 * job worker or anything else to do between queries): the builtin unsigned and signed (the same
 * program, with and without keys), PowerDNS unsigned (the first half's) and signed. Every question
 * carries the DO bit, so the unsigned figures are what a validating resolver's queries cost a server
 * that does not sign.
 */
async function measureSigned(s: SignedSetup): Promise<void> {
  const signingFile = join(s.dir, 'signing.json');
  writeSigningFile(signingFile, s.keys);
  // Not the first zone: it holds the API benchmark's 5,000 extra records, which no question asks.
  const sampleZone = s.zones[1]!;
  const sample = zoneQueries(sampleZone);
  const failures: string[] = [];

  let started = Date.now();
  const pdnsSigned = s.signedPowerDns.start(SERVER_CORE);
  await waitForDns(pdnsSigned, s.signedPowerDnsPort, s.zones[0]!);
  requireSignatures('PowerDNS', s.signedPowerDnsPort, sampleZone);
  await requireValidation('PowerDNS', s.signedPowerDnsPort, sampleZone, s.keys.get(sampleZone)!, sample);
  console.error(`signed PowerDNS answers, and delv validates ${sample.length} questions of ${sampleZone} (${seconds(started)})`);

  started = Date.now();
  const [plainPort, signingPort] = [await freePort(), await freePort()];
  const builtinPlain = await startSigningBuiltin(s.store, plainPort, SERVER_CORE, s.dir);
  const builtinSigned = await startSigningBuiltin(s.store, signingPort, SERVER_CORE, s.dir, signingFile);
  let builtinSigns = true;
  try {
    requireSignatures('the builtin server', signingPort, sampleZone);
    await requireValidation('the builtin server', signingPort, sampleZone, s.keys.get(sampleZone)!, sample);
    console.error(`the signing builtin answers, and delv validates ${sample.length} questions of ${sampleZone} (${seconds(started)})`);
  } catch (err) {
    builtinSigns = false;
    const reason = err instanceof Error ? err.message : String(err);
    failures.push(reason.split('\n')[0]!);
    console.error(`\n!!! THE BUILTIN SERVER DOES NOT SIGN: its signed figures are not measured.\n${reason}\n`);
  }

  const servers = [
    { name: 'builtin unsigned (DO)', server: builtinPlain, port: plainPort, measured: true },
    { name: 'builtin signed (DO)', server: builtinSigned, port: signingPort, measured: builtinSigns },
    { name: 'PowerDNS unsigned (DO)', server: s.powerdns, port: s.powerdnsPort, measured: true },
    { name: 'PowerDNS signed (DO)', server: pdnsSigned, port: s.signedPowerDnsPort, measured: true },
  ].filter((x) => x.measured);
  const warmUp = join(s.dir, 'warm-up.dnsperf');
  for (const x of servers) await dnsperf(x.port, s.queries, WARM_UP_SECONDS, LOAD_CORE, warmUp, { dnssecOk: true });
  rmSync(warmUp, { force: true });
  const runs = new Map<string, Measured[]>(servers.map((x) => [x.name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const x of servers) runs.get(x.name)!.push(await measure(x.name, x.server, x.port, s.queries, s.dir, true));
  }
  for (const server of [builtinPlain, builtinSigned, s.powerdns, pdnsSigned]) await server.stop();
  const figure = (name: string) => (runs.has(name) ? best(runs.get(name)!) : undefined);

  const row = (name: string, plain: Measured, signed: Measured | undefined) =>
    signed
      ? `| ${name} | ${Math.round(plain.qps).toLocaleString('en-US')} | ${Math.round(signed.qps).toLocaleString('en-US')} | **${(signed.qps / plain.qps).toFixed(2)}** | ${plain.p99Ms.toFixed(2)} / ${signed.p99Ms.toFixed(2)} | ${signed.lost} of ${signed.sent.toLocaleString('en-US')} | ${(plain.cpu * 100).toFixed(0)} % / ${(signed.cpu * 100).toFixed(0)} % |`
      : `| ${name} | ${Math.round(plain.qps).toLocaleString('en-US')} | not measured: it does not sign | - | ${plain.p99Ms.toFixed(2)} / - | - | ${(plain.cpu * 100).toFixed(0)} % / - |`;
  const [bPlain, bSigned, pPlain, pSigned] = ['builtin unsigned (DO)', 'builtin signed (DO)', 'PowerDNS unsigned (DO)', 'PowerDNS signed (DO)'].map(figure);
  console.log(`\nSigned zones: every zone signed with one key (algorithm 13, NSEC chain on PowerDNS), the same questions with the DO bit; ${SECONDS} s per run, best of ${ROUNDS} rounds.\n`);
  console.log('| server | unsigned queries/s | signed queries/s | signed/unsigned | p99 ms unsigned / signed | lost (signed) | server CPU unsigned / signed |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  console.log(row('builtin (setSigning, signs on answer)', bPlain!, bSigned));
  console.log(row(`${pdnsVersion()}, gsqlite3, default caches`, pPlain!, pSigned));
  if (bSigned && pSigned) {
    console.log(`\nbuiltin/PowerDNS signed: **${(bSigned.qps / pSigned.qps).toFixed(2)}** queries/s; ${(bSigned.qps / bSigned.cpu / (pSigned.qps / pSigned.cpu)).toFixed(2)} per CPU second.`);
  }
  if (failures.length > 0) {
    console.log(`\nNOT MEASURED: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
