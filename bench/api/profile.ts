/**
 * `npm run bench:profile -- "<endpoint name>" [seconds]`: a V8 CPU profile of `hostplane serve` under
 * one endpoint's load from the API benchmark, over a 10,000-domain SQLite store kept between runs in
 * PROFILE_DIR (default: a folder in the temp directory). Writes the .cpuprofile there (open it in
 * Chrome's DevTools) and prints the functions and files with the most self time. PROFILE_SERVE_ARGS
 * are added to `hostplane serve` (`--no-worker`: the same load without the job worker).
 * PROFILE_STORE=postgres profiles over PostgreSQL instead (a schema of its own in BENCH_DATABASE_URL's
 * database, seeded for the run and dropped after it). With
 * PROFILE_SQL=1 it also times every SQLite statement by its text (sql-time.mjs) and prints the totals.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.js';
import { createRuntime } from '../../src/main.js';
import { loggedInEndpoints } from './endpoints.js';
import { measure } from './measure.js';
import { cleanUp, startPinned, waitForHttp } from './processes.js';
import { unusedPort } from '../../test/helpers/ports.js';
import { seedStore, type Seeded } from './seed.js';
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
  if (postgres || !existsSync(seededFile)) {
    const runtime = await createRuntime(loadConfig(env(0)), { inlineJobs: false });
    const seeded = await seedStore(runtime, 100).finally(() => runtime.close());
    writeFileSync(seededFile, JSON.stringify(seeded));
  }
  const seeded = JSON.parse(readFileSync(seededFile, 'utf8')) as Seeded;
  const profiles = join(dir, 'profiles');
  rmSync(profiles, { recursive: true, force: true });
  mkdirSync(profiles, { recursive: true });

  const port = await unusedPort();
  const base = `http://127.0.0.1:${port}`;
  const sqlTimes = join(profiles, 'sql-time.txt');
  const sqlArgs = process.env.PROFILE_SQL ? ['--import', new URL('./sql-time.mjs', import.meta.url).href] : [];
  const server = startPinned('hostplane serve', 0, process.execPath, [...sqlArgs, '--cpu-prof', `--cpu-prof-dir=${profiles}`, hostplane, 'serve', ...(process.env.PROFILE_SERVE_ARGS ?? '').split(' ').filter(Boolean)], { ...env(port), PROFILE_SQL_FILE: sqlTimes });
  try {
    await waitForHttp(`${base}/health`, server.child);
    const list = await loggedInEndpoints(base, seeded);
    const chosen = list.filter((e) => !wanted || e.name.includes(wanted));
    for (const e of chosen) {
      await e.check();
      const f = await measure(e.load, seconds, undefined, server.child.pid);
      console.error(`${e.name}: ${Math.round(f.rps)}/s p50 ${f.p50} ms p99 ${f.p99} ms, server CPU ${f.cpuMs?.toFixed(3)} ms per answer (profiling included), failures ${f.failures}`);
    }
  } finally {
    await server.stop();
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
