import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { createRuntime, startServer, type Runtime } from '../../src/main.js';
import { MAX_ATTEMPTS } from '../../src/jobs/runner.js';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, type TestDatabase, TEST_PASSWORD_HASHING } from '../helpers/server.js';
import { REPO, HOSTPLANE } from '../helpers/paths.js';

const ROOT = REPO;

/**
 * `hostplane jobs list|retry`, `hostplane worker` and `serve --no-worker`, through the CLI on the test
 * store (SQLite, or PostgreSQL under TEST_DATABASE_URL); the test writes the outbox through a runtime
 * of its own on the same store. `hostplane worker` runs as a real process.
 */
describe('hostplane jobs and worker', () => {
  let dir: string;
  let database: TestDatabase;
  let databaseUrl: string;
  let runtime: Runtime;
  const cli = (...args: string[]) => runCli({ databaseUrl, env: { DATA_DIR: dir } }, ...args);
  const now = () => new Date().toISOString();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-jobs-cli-'));
    database = await freshDatabase(dir);
    databaseUrl = database.url;
    runtime = await createRuntime(loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: databaseUrl, DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  });
  after(async () => {
    await runtime?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A job parked as failed, as the runner leaves one after MAX_ATTEMPTS. */
  const deadJob = async (kind = 'notification', payload: unknown = { user_id: 1, to: 'a@example.fi', subject: 'Hi', text: 'Hello' }) => {
    const job = await runtime.ctx.store.jobs.enqueue(kind, payload, now());
    await runtime.ctx.store.jobs.update(job.id, { status: 'failed', attempts: MAX_ATTEMPTS, last_error: 'smtp down' });
    return job;
  };

  it('jobs list --failed shows the dead letters; jobs retry queues one again', async () => {
    const dead = await deadJob();
    const done = await runtime.ctx.store.jobs.enqueue('notification', {}, now());
    await runtime.ctx.store.jobs.update(done.id, { status: 'done' });

    const [listed, text] = await Promise.all([cli('jobs', 'list', '--failed', '--json'), cli('jobs', 'list', '--failed')]);
    assert.equal(listed.code, 0, listed.stderr);
    const ids = listed.json.data.map((j: { id: number }) => j.id);
    assert.ok(ids.includes(dead.id));
    assert.ok(!ids.includes(done.id));
    const row = listed.json.data.find((j: { id: number }) => j.id === dead.id);
    assert.deepEqual(
      { kind: row.kind, status: row.status, attempts: row.attempts, last_error: row.last_error, payload: row.payload.subject },
      { kind: 'notification', status: 'failed', attempts: MAX_ATTEMPTS, last_error: 'smtp down', payload: 'Hi' },
    );
    assert.equal(listed.json.meta.total, ids.length);

    assert.equal(text.code, 0);
    assert.match(text.stdout, /^ID\s+KIND\s+STATUS\s+ATTEMPTS/);
    assert.match(text.stdout, /smtp down/);

    const retried = await cli('jobs', 'retry', String(dead.id), '--json');
    assert.equal(retried.code, 0, retried.stderr);
    assert.deepEqual(Object.keys(retried.json), ['id', 'kind', 'status', 'run_after']);
    assert.equal(retried.json.status, 'pending');
    const row2 = await runtime.ctx.store.jobs.findById(dead.id);
    assert.deepEqual([row2?.status, row2?.attempts], ['pending', 0]);

    const [again, missing] = await Promise.all([cli('jobs', 'retry', String(dead.id), '--json'), cli('jobs', 'retry', '999999')]);
    assert.equal(again.code, 1);
    assert.deepEqual(again.json, { error: { message: `Job ${dead.id} is pending; only failed jobs can be retried` } });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No job 999999/);
  });

  it('refuses bad arguments with exit code 2', async () => {
    const runs = await Promise.all([
      cli('jobs', 'retry', 'abc'),
      cli('jobs', 'retry'),
      cli('jobs', 'list', '--status', 'lost'),
      cli('jobs', 'list', '--failed', '--status', 'done'),
      cli('worker', 'extra'),
    ]);
    assert.deepEqual(runs.map((r) => r.code), [2, 2, 2, 2, 2]);
  });

  it('worker --once runs one pass: the schedule, then the queue', async () => {
    const queued = await runtime.ctx.store.jobs.enqueue('notification', { user_id: 1, to: 'b@example.fi', subject: 'Once', text: '' }, now());
    const run = await cli('worker', '--once', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.json.steps.map((s: { step: string }) => s.step), [
      'apply paid service renewals', 'restore renewed domains', 'bill domain renewals', 'bill service renewals', 'renewal reminders',
      'expire domains', 'expire services', 'start redemption', 'delete expired domains', 'chase overdue invoices', 'registry news', 'registry sync', 'dnssec', 'prune expired',
    ]);
    assert.equal((await runtime.ctx.store.jobs.findById(queued.id))?.status, 'done');
    // With --json the log lines (the notification) go to stderr, keeping stdout one JSON document.
    assert.match(run.stderr, /"subject":"Once"/);
  });

  it('`hostplane worker` runs the queue until stopped; SIGTERM stops it cleanly', async () => {
    const queued = await runtime.ctx.store.jobs.enqueue('notification', { user_id: 1, to: 'c@example.fi', subject: 'Loop', text: '' }, now());
    const child = spawn(process.execPath, [...HOSTPLANE, 'worker'], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dir, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // A real process on the wall clock: wait (bounded) for it to take the job, not for a fixed time.
      // Starting Node and tsx alone took over 20 s on a loaded two-core machine (and failed here), so
      // the bound is generous; a working worker takes the job within its 200 ms poll once started.
      const deadline = Date.now() + 90_000;
      while ((await runtime.ctx.store.jobs.findById(queued.id))?.status !== 'done') {
        assert.ok(Date.now() < deadline, `the worker did not run job ${queued.id}: ${stdout}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(stdout, /"notification":\{"job":\d+,"user_id":1,"to":"c@example.fi","subject":"Loop"/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });

  it('serve --no-worker (worker: false) queues jobs without running them', async () => {
    const server = await startServer(
      loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: databaseUrl, DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DNS_PORT: 'off', WEB_PORT: 'off' }),
      { logger: false, dns: false, worker: false },
    );
    try {
      assert.equal(server.worker, undefined);
      const queued = await server.runtime.ctx.store.jobs.enqueue('notification', { user_id: 1, to: '', subject: 'Later', text: '' }, now());
      await server.runtime.ctx.jobs.drain();
      assert.equal((await server.runtime.ctx.store.jobs.findById(queued.id))?.status, 'pending', 'left for a worker');
      const usage = await cli('serve', '--help');
      assert.match(usage.stdout, /--no-worker/);
    } finally {
      await server.close();
    }
  });
});
