/**
 * `npm run bench`: the API under load (issue 4, item 6). For each store (SQLite, then PostgreSQL;
 * `npm run bench -- sqlite` for one) it seeds 10,000 domains, measures, grows the store to 100,000
 * domains, and measures again, so each figure can be set against the same endpoint over a store ten
 * times smaller. Every measurement round starts with a plain Fastify hello-world on the same core, which
 * is measured again (BASELINE_SECONDS) just before each endpoint, and each endpoint's throughput is
 * printed and judged as a share of that adjacent run: this machine's own speed has moved by half within
 * a minute, and a baseline taken minutes earlier took that for the endpoint's. It ends with a plain Fastify server sending
 * ready bodies the size of the two big-zone answers (ready-buffer.ts), the baseline of those reads,
 * whose answers are bytes to move more than work to do. At 100,000 domains each endpoint also runs at
 * a fixed 1,000 requests per second for its p99. The targets printed are issue 15's.
 *
 * The servers (hello-world, `hostplane serve`, the ready buffers) run as their own processes pinned to
 * core 0; this process (the load generator) is pinned to core 1 by the npm script.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.js';
import { createRuntime } from '../../src/main.js';
import { openDb } from '../../src/store/db.js';
import { loggedInEndpoints, type Endpoint } from './endpoints.js';
import { measure, CONNECTIONS, type Figures } from './measure.js';
import { cleanUp, startHelloWorld, startPinned, waitForHttp } from './processes.js';
import { unusedPort } from '../../test/helpers/ports.js';
import { DOMAINS_PER_ACCOUNT, seedAccounts, seedStore, type Seeded } from './seed.js';
import { freshStore, serverEnv, type BenchStore, type StoreKind } from './stores.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** The hello-world run just before each endpoint's, the baseline of that endpoint's ratio. */
const BASELINE_SECONDS = 2;
const FIXED_RATE = 1_000;
const SMALL = 10_000 / DOMAINS_PER_ACCOUNT; // accounts
const LARGE = 100_000 / DOMAINS_PER_ACCOUNT;
const SERVER_CORE = 0;

const readyBuffer = fileURLToPath(new URL('./ready-buffer.ts', import.meta.url));
const hostplane = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

type ReadyName = NonNullable<Endpoint['readyBuffer']>;

interface Row {
  name: string;
  kind: Endpoint['kind'];
  readyBuffer: Endpoint['readyBuffer'];
  smallRead: boolean;
  small: Figures;
  large: Figures;
  /** Hello-world's requests per second in the run just before the endpoint's, at each store size. */
  smallHello: number;
  largeHello: number;
  /** p99 at FIXED_RATE requests per second; undefined when the endpoint's throughput is below that. */
  fixed: Figures | undefined;
}

interface Round {
  endpoints: Map<string, Endpoint>;
  hello: Figures;
  /** Hello-world measured just before each endpoint, by endpoint name. */
  baselines: Map<string, Figures>;
  /** The ready-buffer baselines, by route, and the answer sizes they were given. */
  ready: Map<ReadyName, Figures>;
  sizes: Map<ReadyName, number>;
  figures: Map<string, Figures>;
  fixed: Map<string, Figures>;
}

/**
 * Hello-world, then the API, then the ready buffers the size of the API's big answers, each alone on
 * the server core, measured one after the other.
 */
async function measureRound(store: BenchStore, jwtSecret: string, seeded: Seeded, fixedRate: boolean): Promise<Round> {
  const { server: hello, load: helloLoad } = await startHelloWorld(SERVER_CORE);
  // A run that fails leaves it to cleanUp(), like every pinned server.
  const helloFigures = await measure(helloLoad, SECONDS, undefined, hello.child.pid);
  report('hello-world', helloFigures, helloFigures.rps);
  // Kept running (idle while the API is measured) for the baseline run before each endpoint.
  const baselines = new Map<string, Figures>();

  const port = await unusedPort();
  const base = `http://127.0.0.1:${port}`;
  const server = startPinned('hostplane serve', SERVER_CORE, process.execPath, [hostplane, 'serve'], serverEnv(store, jwtSecret, port));
  const figures = new Map<string, Figures>();
  const fixed = new Map<string, Figures>();
  const sizes = new Map<ReadyName, number>();
  let list: Endpoint[];
  try {
    await waitForHttp(`${base}/health`, server.child);
    list = await loggedInEndpoints(base, seeded);
    for (const e of list) {
      const bytes = await e.check();
      if (e.readyBuffer) sizes.set(e.readyBuffer, bytes);
    }

    for (const e of list) {
      const baseline = await measure(helloLoad, BASELINE_SECONDS, undefined, hello.child.pid);
      baselines.set(e.name, baseline);
      let f = await measure(e.load, SECONDS, undefined, server.child.pid);
      report(e.name, f, baseline.rps);
      if (f.failures > 0) {
        // Once seen on PostgreSQL right after the 90,000-domain load: no answer for a whole run.
        // A second try tells a passing stall from a broken endpoint; both runs are shown.
        console.error(`  ${e.name}: failed requests, measuring again`);
        f = await measure(e.load, SECONDS, undefined, server.child.pid);
        report(e.name, f, baseline.rps);
      }
      figures.set(e.name, f);
    }
    if (fixedRate) {
      for (const e of list) {
        // Below the rate the run would only measure a growing queue.
        if (figures.get(e.name)!.rps < FIXED_RATE) continue;
        const f = await measure(e.load, SECONDS, FIXED_RATE);
        fixed.set(e.name, f);
        report(`${e.name} at ${FIXED_RATE}/s`, f);
      }
    }
    await removeCreated(store, list);
  } finally {
    await server.stop();
    await hello.stop();
  }

  const readyPort = await unusedPort();
  const readyEnv = { ...process.env, PORT: String(readyPort), READY_SIZES: [...sizes].map(([n, b]) => `${n}=${b}`).join(',') };
  const ready = startPinned('ready buffer', SERVER_CORE, process.execPath, ['--import', 'tsx', readyBuffer], readyEnv);
  const readyFigures = new Map<ReadyName, Figures>();
  try {
    const first = [...sizes.keys()][0];
    if (first) await waitForHttp(`http://127.0.0.1:${readyPort}/${first}`, ready.child);
    for (const [name, bytes] of sizes) {
      const f = await measure({ url: `http://127.0.0.1:${readyPort}`, requests: [{ method: 'GET', path: `/${name}` }] }, SECONDS, undefined, ready.child.pid);
      readyFigures.set(name, f);
      report(readyLabel(name, bytes), f, helloFigures.rps);
    }
  } finally {
    await ready.stop();
  }
  return { endpoints: new Map(list.map((e) => [e.name, e])), hello: helloFigures, baselines, ready: readyFigures, sizes, figures, fixed };
}

const readyLabel = (name: ReadyName, bytes: number) => `ready buffer (${name} answer's size, ${Math.round(bytes / 1000).toLocaleString('en')} KB)`;

/**
 * The records a round created go again, so the next round creates into zones of the same size: a
 * create reads its zone's records to plan the change, and zones grown by the last round's thousands
 * of records would be measured as the store's growth.
 */
async function removeCreated(store: BenchStore, list: Endpoint[]): Promise<void> {
  const db = openDb(store.databaseUrl);
  try {
    for (const e of list) if (e.creates) await db.deleteFrom('records').where('name', 'like', e.creates).execute();
  } finally {
    await db.destroy();
  }
}

function report(name: string, f: Figures, helloRps?: number): void {
  const ratio = helloRps ? `  ${(f.rps / helloRps).toFixed(2)} of hello-world` : '';
  const failed = f.failures > 0 ? `  ${f.failures} FAILED` : '';
  const cpu = f.cpuMs === undefined ? '' : `  server CPU ${f.cpuMs.toFixed(3)} ms per answer`;
  console.error(`  ${name}: ${Math.round(f.rps)}/s  p50 ${f.p50} ms  p99 ${f.p99} ms${ratio}${cpu}${failed}`);
}

/** A store's figures: the endpoints' rows, and the baselines of each round (10,000 and 100,000 domains). */
interface StoreResult {
  kind: StoreKind;
  rows: Row[];
  hello: [Figures, Figures];
  ready: [Map<ReadyName, Figures>, Map<ReadyName, Figures>];
  sizes: Map<ReadyName, number>;
}

async function benchStore(kind: StoreKind): Promise<StoreResult> {
  console.error(`\n# ${kind}`);
  const store = await freshStore(kind);
  const jwtSecret = randomBytes(32).toString('hex');
  const config = loadConfig(serverEnv(store, jwtSecret, 0));

  let started = Date.now();
  let runtime = await createRuntime(config, { inlineJobs: false });
  const seeded = await seedStore(runtime, SMALL).finally(() => runtime.close());
  console.error(`seeded ${SMALL * DOMAINS_PER_ACCOUNT} domains in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const small = await measureRound(store, jwtSecret, seeded, false);

  started = Date.now();
  runtime = await createRuntime(config, { inlineJobs: false });
  await seedAccounts(runtime, SMALL + 1, LARGE, null).finally(() => runtime.close());
  console.error(`grew to ${LARGE * DOMAINS_PER_ACCOUNT} domains in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const large = await measureRound(store, jwtSecret, seeded, true);

  const rows = [...large.figures.keys()].map((name) => ({
    name,
    kind: large.endpoints.get(name)!.kind,
    readyBuffer: large.endpoints.get(name)!.readyBuffer,
    smallRead: large.endpoints.get(name)!.small === true,
    small: small.figures.get(name)!,
    large: large.figures.get(name)!,
    smallHello: small.baselines.get(name)!.rps,
    largeHello: large.baselines.get(name)!.rps,
    fixed: large.fixed.get(name),
  }));
  await cleanUp();
  return { kind, rows, hello: [small.hello, large.hello], ready: [small.ready, large.ready], sizes: large.sizes };
}

const ms = (n: number) => (n < 10 ? n.toFixed(1) : String(Math.round(n)));
const ratio = (a: number, b: number | undefined) => (b ? (a / b).toFixed(2) : '');

/**
 * The table for bench/RESULTS.md, and whether each target of the issue was met. `sqlite` is the SQLite
 * result of the same invocation, which PostgreSQL's reads are judged against.
 */
function table(r: StoreResult, sqlite: StoreResult | undefined): string {
  const { rows, hello, ready } = r;
  const out = [
    `### ${r.kind === 'sqlite' ? 'SQLite (WAL, synchronous=FULL)' : 'PostgreSQL'}`,
    '',
    '| endpoint | req/s 10k | ratio 10k | p50/p99 ms 10k | req/s 100k | ratio 100k | p50/p99 ms 100k | 100k vs 10k | p99 ms at 1,000/s | ratio to ready buffer 10k / 100k |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  // The ratios of an endpoint are to the hello-world run just before it (`baselines`); of the
  // baselines' own rows, to the round's first hello-world. "100k vs 10k" compares the ratios.
  const line = (name: string, s: Figures, l: Figures, [sHello, lHello]: [number, number], fixed: string, toReady: string) =>
    `| ${name} | ${Math.round(s.rps)} | ${ratio(s.rps, sHello)} | ${ms(s.p50)} / ${ms(s.p99)} | `
    + `${Math.round(l.rps)} | ${ratio(l.rps, lHello)} | ${ms(l.p50)} / ${ms(l.p99)} | ${ratio(l.rps / lHello, s.rps / sHello)} | ${fixed} | ${toReady} |`;
  const roundHello: [number, number] = [hello[0].rps, hello[1].rps];
  out.push(line('hello-world (baseline)', hello[0], hello[1], roundHello, '', ''));
  for (const [name, bytes] of r.sizes) {
    const [s, l] = [ready[0].get(name), ready[1].get(name)];
    if (s && l) out.push(line(`${readyLabel(name, bytes)} (baseline)`, s, l, roundHello, '', '1.00 / 1.00'));
  }
  for (const row of rows) {
    const fixed = row.fixed ? ms(row.fixed.p99) : `max ${Math.round(row.large.rps)}/s`;
    const toReady = row.readyBuffer
      ? `${ratio(row.small.rps, ready[0].get(row.readyBuffer)?.rps)} / ${ratio(row.large.rps, ready[1].get(row.readyBuffer)?.rps)}`
      : '';
    out.push(line(row.name, row.small, row.large, [row.smallHello, row.largeHello], fixed, toReady));
  }
  const failures = rows.reduce((n, row) => n + row.small.failures + row.large.failures + (row.fixed?.failures ?? 0), 0);
  out.push('');
  if (failures > 0) out.push(`**${failures} requests failed: these figures are not valid.**`, '');
  out.push(...targets(r, sqlite).map((t) => `- ${t}`));
  return out.join('\n');
}

/** Issue 15's targets, judged at 100,000 domains. */
function targets(r: StoreResult, sqlite: StoreResult | undefined): string[] {
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const listed = (names: string[]) => (names.length ? ` (not: ${names.join(', ')})` : '');
  const ready = r.ready[1];
  const reads = r.rows.filter((row) => row.kind === 'read');
  const big = reads.filter((row) => row.readyBuffer);
  const bigLow = big.filter((row) => !(row.large.rps / (ready.get(row.readyBuffer!)?.rps ?? Infinity) >= 0.25));
  // The CPU time per answer beside each: what the ratio would be on a core of its own, when others share the machine.
  const bigFigures = big.map((row) => {
    const base = ready.get(row.readyBuffer!);
    const cpu = row.large.cpuMs && base?.cpuMs ? `; CPU per answer ${base.cpuMs.toFixed(2)} / ${row.large.cpuMs.toFixed(2)} ms = ${(base.cpuMs / row.large.cpuMs).toFixed(2)}` : '';
    return `${row.name} ${ratio(row.large.rps, base?.rps)}${cpu}`;
  }).join(', ');
  const smallReads = reads.filter((row) => row.smallRead);
  const write = r.rows.find((row) => row.kind === 'write');
  const createTarget = r.kind === 'sqlite' ? 5000 : 1500;
  const slowP99 = r.rows.filter((row) => !row.fixed || row.fixed.p99 >= 25).map((row) => row.name);
  // "Grows with the store": 10% less over ten times the domains is within a run's noise. Each
  // figure is taken against the hello-world run just before it: the machine's own speed moved by
  // half between the two sizes in one run (hello-world 35,000 then 21,000 a second), which raw rates
  // took for the store's growth.
  const grows = r.rows.filter((row) => row.large.rps / row.largeHello / (row.small.rps / row.smallHello) < 0.9).map((row) => row.name);
  const lines = [
    `big-zone reads at least 0.25 of the ready buffer of their answer's size: ${verdict(bigLow.length === 0)} (${bigFigures})`,
  ];
  if (r.kind === 'sqlite') {
    const low = smallReads.filter((row) => row.large.rps / row.largeHello < 0.25).map((row) => row.name);
    const figures = smallReads.map((row) => `${row.name} ${ratio(row.large.rps, row.largeHello)}`).join(', ');
    lines.push(`small reads at least 0.25 of hello-world: ${verdict(low.length === 0)} (${figures})`);
  } else if (sqlite) {
    // Each store's rate taken against the hello-world run just before it: the stores run minutes
    // apart, and the machine's own speed moved by half between them in one run (hello-world 42,000,
    // then 22,000 a second). The raw ratio is printed beside it.
    const sqliteRows = new Map(sqlite.rows.map((row) => [row.name, row]));
    const share = (row: Row) => {
      const other = sqliteRows.get(row.name);
      return other ? row.large.rps / row.largeHello / (other.large.rps / other.largeHello) : 0;
    };
    const low = reads.filter((row) => !(share(row) >= 0.5));
    const figures = reads.map((row) => `${row.name} ${share(row).toFixed(2)} (raw ${ratio(row.large.rps, sqliteRows.get(row.name)?.large.rps)})`).join(', ');
    lines.push(`every read at least half of its SQLite rate in this run, each against its own hello-world: ${verdict(low.length === 0)} (${figures})`);
  } else {
    lines.push('every read at least half of its SQLite rate: not judged (SQLite was not measured in this run)');
  }
  lines.push(
    `record create at least ${createTarget.toLocaleString('en')}/s: ${verdict(!!write && write.large.rps >= createTarget)} (${Math.round(write?.large.rps ?? 0)}/s)`,
    `p99 under 25 ms at 1,000/s: ${verdict(slowP99.length === 0)}${listed(slowP99)}`,
    `no endpoint slower at 100,000 domains than at 10,000 (its ratio to hello-world at least 0.9 of what it was): ${verdict(grows.length === 0)}${listed(grows)}`,
  );
  return lines;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => a === 'sqlite' || a === 'postgres') as StoreKind[];
  const kinds: StoreKind[] = wanted.length > 0 ? wanted : ['sqlite', 'postgres'];
  const cpu = cpus();
  const machine = `${cpu[0]?.model.trim()}, ${cpu.length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  const [load1] = loadavg();
  console.error(`machine: ${machine}; load average ${load1!.toFixed(2)}${load1! > 0.5 ? ' (something else is running: figures may be low)' : ''}`);
  console.error(`${SECONDS} s per run after a 1 s warm-up, ${CONNECTIONS} connections; server on core ${SERVER_CORE}`);

  const results: StoreResult[] = [];
  for (const kind of kinds) results.push(await benchStore(kind));
  const sqlite = results.find((r) => r.kind === 'sqlite');
  const tables = results.map((r) => table(r, sqlite));
  // The load average says whether something else shared the machine during the run.
  console.log(`Machine: ${machine}; load average ${load1!.toFixed(1)} before the run, ${loadavg()[0]!.toFixed(1)} after.`
    + ` ${SECONDS} s per run after a 1 s warm-up, ${CONNECTIONS} connections (autocannon);`
    + ' the server alone on one core, the load generator on the other.\n');
  console.log(tables.join('\n\n'));
}

main().then(
  () => cleanUp(),
  async (err) => {
    console.error(err);
    await cleanUp();
    process.exitCode = 1;
  },
);
