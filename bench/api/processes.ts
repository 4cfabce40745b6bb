import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { unusedPort } from '../../test/helpers/ports.js';
import type { Load } from './measure.js';

/**
 * The processes and leftovers of a benchmark run. Everything the run starts or makes registers its
 * undoing here, and cleanUp() runs it on the way out: after the last figure, on an error, and on
 * Ctrl-C or SIGTERM, so no server, temp folder or schema outlives the run.
 */
const undo: Array<() => Promise<void>> = [];

export function onCleanUp(fn: () => Promise<void>): () => Promise<void> {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    undo.splice(undo.indexOf(once), 1);
    await fn();
  };
  undo.push(once);
  return once;
}

export async function cleanUp(): Promise<void> {
  // Last made, first undone: a server stops before its store is dropped.
  for (let step = undo.at(-1); step; step = undo.at(-1)) {
    try {
      await step();
    } catch (err) {
      console.error('clean-up step failed:', err);
    }
  }
}

// Ctrl-C reaches every process of the group (npm, tsx, this one, the servers), and npm may add a
// SIGTERM: the first signal starts the one clean-up, later ones wait for it.
let stopping: Promise<void> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    console.error(`\n${signal}: stopping the benchmark`);
    stopping = cleanUp().finally(() => process.exit(130));
  });
}

export interface Pinned {
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `command` pinned to CPU `core` with taskset, so the server under test and the load generator
 * (this process, pinned to the other core by the npm script) never share a core. Its stderr is kept
 * and shown if it exits before it is stopped.
 */
export function startPinned(name: string, core: number | string, command: string, args: string[], env: NodeJS.ProcessEnv): Pinned {
  const child = spawn('taskset', ['-c', String(core), command, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let stopping = false;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`${name} exited early (code ${code}, signal ${signal}):\n${stderr}`);
  });
  const stop = onCleanUp(async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  return { child, stop };
}

/** Waits until `url` answers 200 (the server has migrated and listens), or fails after `ms`. */
export async function waitForHttp(url: string, child: ChildProcess, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited before answering ${url}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/**
 * The benchmarks' baseline server (hello-world.ts) pinned to `core` on a free port, once it answers,
 * with the load that asks it.
 */
export async function startHelloWorld(core: number): Promise<{ server: Pinned; load: Load }> {
  const port = await unusedPort();
  const script = fileURLToPath(new URL('./hello-world.ts', import.meta.url));
  const server = startPinned('hello-world', core, process.execPath, ['--import', 'tsx', script], { ...process.env, PORT: String(port) });
  await waitForHttp(`http://127.0.0.1:${port}/`, server.child);
  return { server, load: { url: `http://127.0.0.1:${port}`, requests: [{ method: 'GET', path: '/' }] } };
}
