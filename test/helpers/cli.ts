import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli as runCommandLine } from '../../src/cli/run.js';
import { TEST_PASSWORD_HASHING } from './server.js';
import { REPO, HOSTPLANE } from './paths.js';

const ROOT = REPO;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, for --json runs (undefined when it is not JSON). */
  json: any;
}

/** Where a run points: a DATABASE_URL, or one with further environment variables. */
export type CliStore = string | { databaseUrl: string; env?: Record<string, string> };

/**
 * The environment the CLI sees: the test's, with the store's DATABASE_URL and nothing of the server's
 * secrets. Its data folder (where a missing secret is generated) is the run's own unless the caller
 * names one: never the checkout's ./data.
 */
function envFor(store: CliStore): NodeJS.ProcessEnv {
  const { databaseUrl, env: extra } = typeof store === 'string' ? { databaseUrl: store, env: {} as Record<string, string> } : store;
  const env: NodeJS.ProcessEnv = { ...TEST_PASSWORD_HASHING, ...process.env };
  delete env.JWT_SECRET;
  delete env.DATA_DIR;
  return { ...env, DATA_DIR: cliDataDir(), ...extra, DATABASE_URL: databaseUrl };
}

let dataDir: string | undefined;
/** One temporary data folder per test process, removed when it exits. */
function cliDataDir(): string {
  if (dataDir) return dataDir;
  const dir = mkdtempSync(join(tmpdir(), 'hostplane-cli-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return (dataDir = dir);
}

/**
 * The CLI's own entry (src/cli/run.ts) called in this process with the arguments, its output captured
 * and its exit code answered: what the program does without starting Node and tsx for every command
 * (some 3 s each). Runs are taken one at a time: each opens its own SQLite connection, and better-sqlite3
 * waits for another connection's lock synchronously, so two runs writing at once in one process would
 * block the very event loop the lock holder needs to finish.
 */
export function runCli(store: CliStore, ...args: string[]): Promise<CliRun> {
  const run = queue.then(() => inProcess(store, args));
  queue = run.then(() => undefined, () => undefined);
  return run;
}
let queue: Promise<void> = Promise.resolve();

async function inProcess(store: CliStore, args: string[]): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const code = await runCommandLine(args, { env: envFor(store), stdout: stdout.stream, stderr: stderr.stream });
  return result(code, stdout.text(), stderr.text());
}

function collector() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

function result(code: number, stdout: string, stderr: string): CliRun {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}

/** The real CLI, spawned as an operator runs it (HOSTPLANE), against `store`. */
export function spawnCli(store: CliStore, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...HOSTPLANE, ...args], { cwd: ROOT, env: envFor(store) }, (err, stdout, stderr) => {
      resolve(result(err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr));
    });
  });
}
