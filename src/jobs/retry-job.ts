import type { Ctx } from '../core/context.js';
import type { Job } from '../ports/store.js';
import { isoTimestamp } from '../core/dates.js';
import { notFound, rejected } from '../core/errors.js';

/**
 * Puts a failed (dead-lettered) job back in the queue, due now, with its attempts reset so it gets
 * the full series of retries again; its last error is kept until it runs. Compare-and-set on the
 * status is not needed: only a failed job is touched, and no worker claims a failed job.
 * Errors: not_found (no such job), rejected (the job is not failed: it is pending, running or done).
 */
export async function retryJob(ctx: Ctx, jobId: number): Promise<Job> {
  const job = await ctx.store.jobs.findById(jobId);
  if (!job) throw notFound(`No job ${jobId}`);
  if (job.status !== 'failed') throw rejected(`Job ${jobId} is ${job.status}; only failed jobs can be retried`);
  const at = isoTimestamp(ctx.clock.now());
  const patch = { status: 'pending', attempts: 0, run_after: at, updated_at: at };
  await ctx.store.jobs.update(job.id, patch);
  return { ...job, ...patch };
}
