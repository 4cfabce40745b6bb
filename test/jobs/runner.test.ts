import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { DomainError } from '../../src/core/errors.js';
import { createRuntime, type Runtime } from '../../src/main.js';
import {
  JobRunner, MAX_ATTEMPTS, OUTAGE_BACKOFF_MS, OUTAGE_LIMIT_MS, backoffMs, outageBackoffMs, type JobHandler,
} from '../../src/jobs/runner.js';
import { isOutage } from '../../src/core/registry-sync/outage.js';
import { RegistryError } from '../../src/ports/registry.js';
import { retryJob } from '../../src/jobs/retry-job.js';
import { freshDatabase, type TestDatabase, TEST_PASSWORD_HASHING } from '../helpers/server.js';

/**
 * The outbox runner over a real store, without a server (so no background worker takes the jobs):
 * each test binds its own runner with its own handlers to the runtime's context.
 */
describe('job runner', () => {
  let dir: string;
  let database: TestDatabase;
  let runtime: Runtime;
  let clock: ManualClock;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-jobs-'));
    database = await freshDatabase(dir);
    clock = new ManualClock('2026-03-01T10:00:00Z');
    runtime = await createRuntime(loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, LOG_LEVEL: 'silent' }), { clock });
  });
  after(async () => {
    await runtime.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const store = () => runtime.ctx.store;
  const now = () => clock.now().toISOString();
  const runner = (handlers: Record<string, JobHandler>) => {
    const r = new JobRunner(handlers);
    r.bind(runtime.ctx);
    return r;
  };
  const job = async (id: number) => (await store().jobs.findById(id))!;

  it('keeps draining after a drain failed because the store did', async () => {
    const r = runner({ 'test.ok': async () => {} });
    const jobs = store().jobs;
    const claimDue = jobs.claimDue;
    jobs.claimDue = async () => {
      throw new Error('store unreachable');
    };
    await assert.rejects(r.drain(), /store unreachable/);
    jobs.claimDue = claimDue;
    const queued = await jobs.enqueue('test.ok', {}, now());
    await r.drain();
    assert.equal((await job(queued.id)).status, 'done', 'the next drain ran the job');
  });

  it('a job of a kind nobody handles fails at once', async () => {
    const queued = await store().jobs.enqueue('no.such.kind', {}, now());
    await runner({}).drain();
    const failed = await job(queued.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.last_error, 'no handler for no.such.kind');
  });

  it('retries a failing job with exponential backoff, then succeeds', async () => {
    let calls = 0;
    const r = runner({
      'test.flaky': async (_ctx, payload: { failures: number }) => {
        if (++calls <= payload.failures) throw new Error(`failure ${calls}`);
      },
    });
    const queued = await store().jobs.enqueue('test.flaky', { failures: 2 }, now());
    await r.drain();
    let j = await job(queued.id);
    assert.deepEqual([j.status, j.attempts, j.last_error], ['pending', 1, 'failure 1']);
    assert.equal(j.run_after, new Date(clock.now().getTime() + backoffMs(1)).toISOString());
    assert.equal(backoffMs(1), 2000);

    await r.drain();
    assert.equal(calls, 1, 'not due before its backoff has passed');
    clock.advance(2000);
    await r.drain();
    j = await job(queued.id);
    assert.deepEqual([j.status, j.attempts, j.last_error], ['pending', 2, 'failure 2']);
    assert.equal(j.run_after, new Date(clock.now().getTime() + 4000).toISOString(), 'twice as long the second time');

    clock.advance(4000);
    await r.drain();
    j = await job(queued.id);
    assert.deepEqual([j.status, j.attempts, j.last_error], ['done', 3, null]);
    assert.equal(calls, 3);
  });

  it('parks a job as failed after MAX_ATTEMPTS; `jobs retry` queues it again with fresh attempts', async () => {
    let fixed = false;
    const r = runner({
      'test.broken': async () => {
        if (!fixed) throw new Error('registry says no');
      },
    });
    const queued = await store().jobs.enqueue('test.broken', {}, now());
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await r.drain();
      clock.advance(backoffMs(attempt));
    }
    const dead = await job(queued.id);
    assert.deepEqual([dead.status, dead.attempts, dead.last_error], ['failed', MAX_ATTEMPTS, 'registry says no']);
    assert.equal(backoffMs(MAX_ATTEMPTS), 3_600_000, 'the backoff stops growing at an hour');
    const listed = await store().jobs.list({ status: 'failed' }, { limit: 100, offset: 0 });
    assert.ok(listed.items.some((j) => j.id === queued.id));
    await r.drain();
    assert.equal((await job(queued.id)).status, 'failed', 'a failed job is not run again on its own');

    fixed = true;
    const retried = await retryJob(runtime.ctx, queued.id);
    assert.deepEqual([retried.status, retried.attempts], ['pending', 0]);
    await r.drain();
    assert.equal((await job(queued.id)).status, 'done');

    await assert.rejects(retryJob(runtime.ctx, queued.id), (err: DomainError) =>
      err.code === 'rejected' && err.message === `Job ${queued.id} is done; only failed jobs can be retried`);
    await assert.rejects(retryJob(runtime.ctx, 999_999), (err: DomainError) => err.code === 'not_found');
  });

  it('retries an outage (registry unavailable, a network error) for days on a capped backoff, then parks it', async () => {
    let failure: Error = new RegistryError('unavailable', 'registry down');
    const r = runner({ 'test.outage': async () => { throw failure; } });
    const queued = await store().jobs.enqueue('test.outage', {}, now());
    for (let attempt = 1; attempt <= MAX_ATTEMPTS + 8; attempt++) {
      await r.drain();
      const j = await job(queued.id);
      assert.equal(j.status, 'pending', `attempt ${attempt}`);
      assert.ok(j.attempts < MAX_ATTEMPTS, 'counted below the dead-letter count');
      assert.ok(Date.parse(j.run_after) - clock.now().getTime() <= OUTAGE_BACKOFF_MS);
      if (attempt === 10) failure = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      clock.set(j.run_after);
    }
    assert.equal(outageBackoffMs(MAX_ATTEMPTS), OUTAGE_BACKOFF_MS);
    assert.equal(isOutage(new Error('no')), false);
    clock.advance(OUTAGE_LIMIT_MS);
    await r.drain();
    const dead = await job(queued.id);
    assert.deepEqual([dead.status, dead.last_error], ['failed', 'read ECONNRESET'], 'an outage of days is an operator\'s');
  });

  it('a job left running by a worker that died is run again after the lease', async () => {
    let runs = 0;
    const r = runner({ 'test.lease': async () => void runs++ });
    const queued = await store().jobs.enqueue('test.lease', {}, now());
    // A worker claimed it and died: running, one attempt, the lease starting now.
    const [claimed] = await store().jobs.claimDue(now(), 100);
    assert.equal(claimed?.id, queued.id);
    await r.drain();
    assert.equal(runs, 0, 'within its lease the job is the other worker\'s');
    clock.advance(runtime.ctx.settings.jobLeaseMs + 1000);
    await r.drain();
    const j = await job(queued.id);
    assert.deepEqual([j.status, j.attempts, runs], ['done', 2, 1]);

    // A job that died on its last attempt is parked instead.
    const last = await store().jobs.enqueue('test.lease', {}, now());
    await store().jobs.update(last.id, { status: 'running', attempts: MAX_ATTEMPTS, updated_at: now() });
    clock.advance(runtime.ctx.settings.jobLeaseMs + 1000);
    await r.drain();
    assert.equal((await job(last.id)).status, 'failed');
    assert.match((await job(last.id)).last_error ?? '', /lease expired/);
  });

  it('two workers (two connections to one store) draining at once run every job exactly once', async () => {
    const other = await createRuntime(loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, LOG_LEVEL: 'silent' }), { clock });
    try {
      const runs = new Map<number, number>();
      const handler: JobHandler = async (_ctx, _payload, { job: j }) => {
        runs.set(j.id, (runs.get(j.id) ?? 0) + 1);
        await new Promise((resolve) => setImmediate(resolve));
      };
      const ids: number[] = [];
      for (let i = 0; i < 60; i++) ids.push((await store().jobs.enqueue('test.shared', { i }, now())).id);
      const a = runner({ 'test.shared': handler });
      const b = new JobRunner({ 'test.shared': handler });
      b.bind(other.ctx);
      await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
      assert.deepEqual(ids.map((id) => runs.get(id)), ids.map(() => 1));
      for (const id of ids) assert.equal((await job(id)).status, 'done');
    } finally {
      await other.close();
    }
  });
});
