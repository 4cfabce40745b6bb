/**
 * `npm run bench:profile -- "<endpoint name>" [seconds]`: a V8 CPU profile of `hostplane serve` under
 * one endpoint's load from the API benchmark, over a 10,000-domain SQLite store kept between runs in
 * PROFILE_DIR (default: a folder in the temp directory). Writes the .cpuprofile there (open it in
 * Chrome's DevTools) and prints the functions and files with the most self time. PROFILE_SERVE_ARGS
 * are added to `hostplane serve` (`--no-worker`: the same load without the job worker).
 * PROFILE_STORE=postgres profiles over PostgreSQL instead (a schema of its own in BENCH_DATABASE_URL's
 * database, seeded for the run and dropped after it). With
 * PROFILE_SQL=1 it also times every SQLite statement by its text (sql-time.mjs) and prints the totals.
 * PROFILE_SQL=replay measures the store's floor instead of profiling: the server runs unprofiled,
 * keeping each statement it runs (sql-log.mjs; pg-log.mjs on PostgreSQL), and those statements are then
 * run again on the store as it was before the server started (a copy of the SQLite file; a second
 * schema seeded the same way), by better-sqlite3 or node-postgres alone (sql-replay.ts, pg-replay.ts).
 * With a hello-world measured on the same core just before, it prints how much of the server's time
 * the statements alone take, and the rate no server answering over HTTP and running them can pass on
 * this machine.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.js';
import { createRuntime } from '../../src/main.js';
import { loggedInEndpoints } from './endpoints.js';
import { measure } from './measure.js';
import { cleanUp, startHelloWorld, startPinned, waitForHttp } from './processes.js';
import { unusedPort } from '../../test/helpers/ports.js';
import { seedStore, type Seeded } from './seed.js';
import { replaySql, type Replayed } from './sql-replay.js';
import { replayPg } from './pg-replay.js';
import { freshStore } from './stores.js';

const dir = process.env.PROFILE_DIR ?? join(tmpdir(), 'hostplane-profile');
const [wanted, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 5);
const hostplane = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  // PostgreSQL: a schema of the run's own (freshStore), seeded anew and dropped afterwards.
  const postgres = process.env.PROFILE_STORE === 'postgres' ? await freshStore('postgres') : undefined;
  const seededFile = join(dir, postgres ? 'seeded-postgres.json' : 'seeded.json');
  const env = (port: number): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: postgres?.databaseUrl ?? `sqlite:${join(dir, 'hostplane.db')}`,
    DATA_DIR: dir,
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_SECRET: 'profile-secret-profile-secret-profile-secret',
    DNS_PORT: 'off',
    WEB_PORT: 'off',
    LOG_LEVEL: 'warn',
  });
  const replay = process.env.PROFILE_SQL === 'replay';
  if (postgres || !existsSync(seededFile)) {
    const runtime = await createRuntime(loadConfig(env(0)), { inlineJobs: false });
    const seeded = await seedStore(runtime, 100).finally(() => runtime.close());
    writeFileSync(seededFile, JSON.stringify(seeded));
  }
  // PostgreSQL's replay starts from a second schema seeded the same way (the same rows and ids).
  const replaySchema = replay && postgres ? await freshStore('postgres') : undefined;
  if (replaySchema) {
    const runtime = await createRuntime(loadConfig({ ...env(0), DATABASE_URL: replaySchema.databaseUrl }), { inlineJobs: false });
    await seedStore(runtime, 100).finally(() => runtime.close());
  }
  const seeded = JSON.parse(readFileSync(seededFile, 'utf8')) as Seeded;
  const profiles = join(dir, 'profiles');
  rmSync(profiles, { recursive: true, force: true });
  mkdirSync(profiles, { recursive: true });

  const port = await unusedPort();
  const base = `http://127.0.0.1:${port}`;
  const sqlTimes = join(profiles, 'sql-time.txt');
  const sqlLog = join(profiles, 'sql-log.jsonl');
  const before = join(profiles, 'before.db');
  // SQLite's replay starts from a copy: the last server closed the store, so the file holds every row (no WAL).
  if (replay && !postgres) copyFileSync(join(dir, 'hostplane.db'), before);
  const sqlArgs = replay
    ? ['--import', new URL(postgres ? './pg-log.mjs' : './sql-log.mjs', import.meta.url).href]
    : process.env.PROFILE_SQL ? ['--import', new URL('./sql-time.mjs', import.meta.url).href] : [];
  const profiling = replay ? [] : ['--cpu-prof', `--cpu-prof-dir=${profiles}`];
  const server = startPinned('hostplane serve', 0, process.execPath, [...sqlArgs, ...profiling, hostplane, 'serve', ...(process.env.PROFILE_SERVE_ARGS ?? '').split(' ').filter(Boolean)], { ...env(port), PROFILE_SQL_FILE: sqlTimes, PROFILE_SQL_LOG: sqlLog });
  let answers = 0;
  let hello: number | undefined;
  try {
    await waitForHttp(`${base}/health`, server.child);
    const list = await loggedInEndpoints(base, seeded);
    const chosen = list.filter((e) => !wanted || e.name.includes(wanted));
    if (replay && chosen.length !== 1) throw new Error(`PROFILE_SQL=replay measures one endpoint; "${wanted ?? ''}" names ${chosen.length}`);
    // The replay's other floor: the plainest Fastify answer, on the same core, just before the endpoint.
    if (replay) hello = await helloWorldRate(seconds);
    for (const e of chosen) {
      await e.check();
      // The statement log's marks: the replay counts what the server ran during the measured run.
      const mark = () => void (replay && server.child.kill('SIGUSR2'));
      const f = await measure(e.load, seconds, undefined, server.child.pid, { start: mark, end: mark });
      answers += f.answers;
      console.error(`${e.name}: ${Math.round(f.rps)}/s p50 ${f.p50} ms p99 ${f.p99} ms, server CPU ${f.cpuMs?.toFixed(3)} ms per answer${replay ? '' : ' (profiling included)'}, failures ${f.failures}`);
    }
  } finally {
    await server.stop();
  }
  if (replay) {
    const replayed = replaySchema ? await replayPg(sqlLog, replaySchema.databaseUrl) : replaySql(sqlLog, before);
    printReplay(replaySchema ? 'PostgreSQL alone (node-postgres, the server\'s connections)' : 'SQLite alone', replayed, answers, seconds, hello!);
    return;
  }
  const file = readdirSync(profiles).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  summarize(join(profiles, file));
  if (process.env.PROFILE_SQL && existsSync(sqlTimes)) console.log(`\nSQLite statements (total, runs, each):\n${readFileSync(sqlTimes, 'utf8')}`);
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

/** A plain Fastify hello-world's answers per second, on the server's core, as bench/api/run.ts measures it. */
async function helloWorldRate(seconds: number): Promise<number> {
  const hello = await startHelloWorld(0);
  const f = await measure(hello.load, seconds);
  await hello.server.stop();
  console.error(`hello-world: ${Math.round(f.rps)}/s`);
  return f.rps;
}

/**
 * The replay's time per answer against the server's (the load's answers over its seconds). SQLite's
 * statements run on the server's one thread, between its HTTP work, so the two floors add up: no
 * server answering over HTTP and running them passes a hello-world's time plus the replay's. On
 * PostgreSQL they run in other processes, beside the HTTP work: the replay alone is the floor.
 */
function printReplay(what: string, r: Replayed, answers: number, seconds: number, helloRps: number): void {
  const serverUs = (seconds * 1e6) / answers;
  const replayUs = (r.ms * 1000) / answers;
  const helloUs = 1e6 / helloRps;
  const over = r.connections ? ` over ${r.connections} connections at once` : '';
  const cpu = r.cpuMs === undefined ? '' : ` (CPU ${((r.cpuMs / answers) * 1000).toFixed(0)} µs)`;
  const lines = [
    `${what}, replaying the server's ${r.statements} statements (${r.commits} commits) for its ${answers} answers${over}: ` +
      `${replayUs.toFixed(0)} µs per answer${cpu}, at most ${Math.round(1e6 / replayUs)} answers/s.`,
    `The server took ${serverUs.toFixed(0)} µs per answer (${Math.round(1e6 / serverUs)}/s); the replay takes ${((100 * replayUs) / serverUs).toFixed(0)} % of that.`,
    `Hello-world took ${helloUs.toFixed(0)} µs (${Math.round(helloRps)}/s).`,
  ];
  if (!r.connections) {
    lines.push(
      `With the statements, ${(helloUs + replayUs).toFixed(0)} µs: at most ${Math.round(1e6 / (helloUs + replayUs))} answers/s for any server that answers ` +
        `over HTTP and runs these statements on its thread; the server is at ${((100 * (helloUs + replayUs)) / serverUs).toFixed(0)} % of that.`,
    );
  }
  console.log(lines.join('\n'));
  console.log('\nby statement (replayed): runs per answer, and each one\'s average time from sent to answered');
  for (const s of r.bySql.slice(0, 15)) {
    console.log(`${(s.runs / answers).toFixed(2).padStart(6)} runs ${((s.ms * 1000) / s.runs).toFixed(1).padStart(8)} µs  ${s.sql}`);
  }
}

function summarize(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
  const total = profile.samples.length;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const n of profile.nodes) {
    const url = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/');
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + n.hitCount);
    const f = url.split('/').slice(0, url.startsWith('dist/') ? 3 : 2).join('/') || n.callFrame.functionName;
    byFile.set(f, (byFile.get(f) ?? 0) + n.hitCount);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`).join('\n');
  console.log(`${file}\n\nself time by function:\n${top(byFunction, 40)}\n\nby file or package:\n${top(byFile, 25)}`);
}

main().then(() => cleanUp(), async (err) => {
  console.error(err);
  await cleanUp();
  process.exitCode = 1;
});
