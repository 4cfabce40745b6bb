import type { Ctx, JobDrain } from '../core/context.js';
import type { Job } from '../ports/store.js';
import { isoTimestamp } from '../core/dates.js';

/** A job handler performs one side effect; it must be safe to run again after a crash midway. */
export type JobHandler = (ctx: Ctx, payload: any) => Promise<void>;

/** After this many failed attempts a job is parked as `failed` for an operator to look at. */
export const MAX_ATTEMPTS = 8;

/**
 * Runs jobs from the outbox (the `jobs` table, written in the same transaction as the change that
 * needs them). A job is claimed by flipping pending -> running, so two drains never run one job twice.
 * Failures back off exponentially (2^attempts seconds).
 */
export class JobRunner implements JobDrain {
  private running: Promise<void> = Promise.resolve();
  private ctx!: Ctx;

  constructor(private readonly handlers: Record<string, JobHandler>) {}

  bind(ctx: Ctx): void {
    this.ctx = ctx;
  }

  /**
   * Runs every job due now; concurrent calls queue behind each other. A drain that failed (the store
   * was unreachable) rejects for its caller only: the next drain starts afresh instead of inheriting
   * the rejection, or the queue would stop for good after one bad moment.
   */
  drain(): Promise<void> {
    const run = this.running.catch(() => undefined).then(() => this.drainOnce());
    this.running = run;
    return run;
  }

  private async drainOnce(): Promise<void> {
    const { store, clock } = this.ctx;
    for (;;) {
      const due = await store.jobs.due(isoTimestamp(clock.now()), 20);
      if (due.length === 0) return;
      for (const job of due) await this.runOne(job);
    }
  }

  private async runOne(job: Job): Promise<void> {
    const { store, clock } = this.ctx;
    const handler = this.handlers[job.kind];
    const now = isoTimestamp(clock.now());
    if (!handler) {
      await store.jobs.update(job.id, { status: 'failed', last_error: `no handler for ${job.kind}`, updated_at: now });
      return;
    }
    await store.jobs.update(job.id, { status: 'running', attempts: job.attempts + 1, updated_at: now });
    try {
      await handler(this.ctx, JSON.parse(job.payload));
      await store.jobs.update(job.id, { status: 'done', last_error: null, updated_at: isoTimestamp(clock.now()) });
    } catch (err) {
      const attempts = job.attempts + 1;
      const later = new Date(clock.now().getTime() + 1000 * 2 ** attempts);
      await store.jobs.update(job.id, {
        status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        last_error: err instanceof Error ? err.message : String(err),
        run_after: isoTimestamp(later),
        updated_at: isoTimestamp(clock.now()),
      });
    }
  }
}
