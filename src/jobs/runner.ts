import type { Ctx, JobDrain } from '../core/context.js';
import type { Job } from '../ports/store.js';
import { isoTimestamp } from '../core/dates.js';
import { isOutage } from '../core/registry-sync/outage.js';
import { quietLog, type Log } from './log.js';

/** What a handler gets besides its payload. */
export interface JobTools {
  log: Log;
  job: Job;
}

/** A job handler performs one side effect; it must be safe to run again after a crash midway. */
export type JobHandler = (ctx: Ctx, payload: any, tools: JobTools) => Promise<void>;

/**
 * After this many failed attempts a job is parked as `failed` (the dead letters: `hostplane jobs list
 * --failed`, `hostplane jobs retry ID`). With the backoff below that is about 70 minutes of retries:
 * long enough for a passing fault, short enough for an operator to hear of a real one the same day.
 * An outage (see isOutage) is not counted against this: see OUTAGE_LIMIT_MS.
 */
export const MAX_ATTEMPTS = 12;
/** Backoff after the n-th failure: 2^n seconds, at most an hour. */
export const backoffMs = (attempts: number): number => 1000 * Math.min(2 ** attempts, 3600);

/**
 * A registry (or other outside service) that is down or unreachable fails every job that needs it,
 * however often it is tried, until it is back; registries announce maintenance windows of several
 * hours. Such a failure says nothing about the job, so it is retried on a backoff that stops growing
 * at OUTAGE_BACKOFF_MS (the order goes through within minutes of the service's return, and a worker
 * tries it a few times an hour, not a spin), and it is dead-lettered only once the job has waited
 * OUTAGE_LIMIT_MS since it was queued: an outage longer than that is an operator's matter.
 */
export const OUTAGE_BACKOFF_MS = 10 * 60_000;
export const OUTAGE_LIMIT_MS = 3 * 24 * 3600_000;
export const outageBackoffMs = (attempts: number): number => Math.min(backoffMs(attempts), OUTAGE_BACKOFF_MS);

/**
 * A kind's own retries, for jobs whose failures mean something else than a registry's: a partner's
 * webhook endpoint may be down for a day (core/webhooks/retry-policy.ts). Kinds without one use
 * MAX_ATTEMPTS and backoffMs.
 */
export interface RetryPolicy {
  maxAttempts: number;
  /** The wait after the n-th failed attempt. */
  backoffMs(attempts: number): number;
  /**
   * Run by the worker only, never by a request's drain (inlineDrain): a job that calls someone else's
   * server (a partner's webhook endpoint, up to its timeout) must not hold up the request that queued
   * it, nor, since drains take turns, every other request of the process.
   */
  workerOnly?: boolean;
}

/** Which kinds a claim takes: all but `skip`, or only `only`. */
export type KindFilter = { skip: readonly string[] } | { only: readonly string[] };

/** Longest a finished job waits for its batch's done mark (see drainOnce). */
const MARK_DONE_MS = 1_000;
/**
 * Runs jobs from the outbox (the `jobs` table, written in the same transaction as the change that
 * needs them). A job is claimed (pending -> running, attempts + 1, in one statement: the store's
 * claimDue) before it runs, so two drains, in one process or on several machines, never run one job
 * twice while its lease holds; on PostgreSQL the claim picks rows FOR UPDATE SKIP LOCKED, so workers
 * take different jobs instead of queueing behind each other's locks. Failures back off
 * exponentially; after MAX_ATTEMPTS the job is `failed`. Delivery is at least once: a worker that
 * dies mid-job leaves it `running`, and after its lease (settings.jobLeaseMs) any drain puts it back in the queue.
 */
export class JobRunner implements JobDrain {
  private running: Promise<void> = Promise.resolve();
  private runningOwnLane: Promise<void> = Promise.resolve();
  private ctx!: Ctx;
  /** Where handlers log (notifications are log lines); the server sets its own logger here. */
  log: Log = quietLog;

  /** The workerOnly kinds, fixed with the policies. */
  private readonly workerOnlyKinds: string[];

  constructor(
    private readonly handlers: Record<string, JobHandler>,
    private readonly policies: Record<string, RetryPolicy> = {},
  ) {
    this.workerOnlyKinds = Object.entries(policies).filter(([, p]) => p.workerOnly).map(([kind]) => kind);
  }

  bind(ctx: Ctx): void {
    this.ctx = ctx;
  }

  /**
   * Runs every job due now; concurrent calls queue behind each other. A drain that failed (the store
   * was unreachable) rejects for its caller only: the next drain starts afresh instead of inheriting
   * the rejection, or the queue would stop for good after one bad moment.
   *
   * The workerOnly kinds (webhook attempts, which wait on partners' servers) run in a lane of their
   * own, each batch's jobs at once: a slow endpoint holds up neither the other jobs (nor so the
   * requests whose drain waits its turn behind this one) nor the other endpoints' deliveries.
   */
  drain(): Promise<void> {
    const own = this.workerOnlyKinds;
    if (own.length === 0) return this.queue({ skip: [] });
    return Promise.all([this.queue({ skip: own }), this.queueOwnLane(own)]).then(() => undefined);
  }

  /**
   * What requests and commands drain (ctx.jobs): every due job but the workerOnly kinds, which the
   * worker runs within its poll interval.
   */
  inlineDrain(): JobDrain {
    return { drain: () => this.queue({ skip: this.workerOnlyKinds }) };
  }

  private queue(kinds: KindFilter): Promise<void> {
    const run = this.running.catch(() => undefined).then(() => this.drainOnce(kinds, false));
    this.running = run;
    return run;
  }

  private queueOwnLane(kinds: string[]): Promise<void> {
    const run = this.runningOwnLane.catch(() => undefined).then(() => this.drainOnce({ only: kinds }, true));
    this.runningOwnLane = run;
    return run;
  }

  private async drainOnce(kinds: KindFilter, together: boolean): Promise<void> {
    const { store, clock } = this.ctx;
    const now = clock.now();
    const leaseStart = new Date(now.getTime() - this.ctx.settings.jobLeaseMs);
    const released = await store.jobs.releaseStale(isoTimestamp(leaseStart), isoTimestamp(now), MAX_ATTEMPTS);
    if (released > 0) this.log.warn({ jobs: released }, 'jobs whose worker stopped were put back in the queue');
    for (;;) {
      const claimed = await this.claim(20, kinds);
      if (claimed.length === 0) return;
      if (together) {
        // Each job waits on its own outside server; none waits on another's.
        const ran = await Promise.all(claimed.map(async (job) => ((await this.runOne(job)) ? job.id : undefined)));
        await store.jobs.markDone(ran.filter((id): id is number => id !== undefined), isoTimestamp(clock.now()));
        continue;
      }
      // The jobs that went through are marked done together: one commit per batch instead of one per
      // job. On SQLite every commit waits for an fsync (synchronous=FULL), and each record change
      // queues a zone.publish job, so this halved the commits of a record create (`npm run bench`).
      // A crash before the mark runs those jobs again after their lease, which every handler is
      // written to allow (a job may always run twice: the lease can end under a slow worker too).
      // Slow jobs (registry calls) are marked at least every MARK_DONE_MS, so a batch of them does
      // not hold finished jobs `running` towards their lease.
      let done: number[] = [];
      let since = performance.now();
      for (const job of claimed) {
        if (await this.runOne(job)) done.push(job.id);
        if (performance.now() - since >= MARK_DONE_MS) {
          await store.jobs.markDone(done, isoTimestamp(clock.now()));
          done = [];
          since = performance.now();
        }
      }
      await store.jobs.markDone(done, isoTimestamp(clock.now()));
    }
  }

  /** Claims up to `limit` due jobs: pending -> running with attempts + 1, the lease starting now. */
  private claim(limit: number, kinds: KindFilter): Promise<Job[]> {
    const { store, clock } = this.ctx;
    return store.jobs.claimDue(isoTimestamp(clock.now()), limit, kinds);
  }

  /**
   * Runs a claimed job (its attempts already count this run). Returns true when it went through, for
   * the caller to mark done; a failure is recorded here (retry later, or dead).
   */
  private async runOne(job: Job): Promise<boolean> {
    const { store, clock } = this.ctx;
    const handler = this.handlers[job.kind];
    if (!handler) {
      await store.jobs.update(job.id, { status: 'failed', last_error: `no handler for ${job.kind}`, updated_at: isoTimestamp(clock.now()) });
      this.log.error({ job: job.id, kind: job.kind }, 'job failed: no handler for its kind');
      return false;
    }
    try {
      // A job acts as the system, named by its kind, even when a request's drain runs it: the request
      // recorded what it asked for; what the outbox then does is the system's.
      // A copy made now, not when bound: tests set a provider on the runtime's ctx after it was built.
      const ctx: Ctx = { ...this.ctx, actor: { kind: 'system', id: `job:${job.kind}` } };
      await handler(ctx, JSON.parse(job.payload), { log: this.log, job });
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const now = clock.now();
      const outage = isOutage(err);
      const policy = this.policies[job.kind];
      const maxAttempts = policy?.maxAttempts ?? MAX_ATTEMPTS;
      // A refusal for good (a mail server's 5xx: MailRefusedError) would be refused again: failed at once.
      const permanent = (err as { permanent?: unknown } | null)?.permanent === true;
      const dead = permanent || (outage ? now.getTime() - Date.parse(job.created_at) >= OUTAGE_LIMIT_MS : job.attempts >= maxAttempts);
      await store.jobs.update(job.id, {
        status: dead ? 'failed' : 'pending',
        // Held below MAX_ATTEMPTS during an outage, so a lease that runs out under a worker that dies
        // (releaseStale) requeues the job instead of failing it.
        ...(outage && job.attempts >= MAX_ATTEMPTS ? { attempts: MAX_ATTEMPTS - 1 } : {}),
        last_error: message,
        run_after: isoTimestamp(new Date(now.getTime() + (outage ? outageBackoffMs(job.attempts) : (policy?.backoffMs ?? backoffMs)(job.attempts)))),
        updated_at: isoTimestamp(now),
      });
      if (dead) this.log.error({ job: job.id, kind: job.kind, attempts: job.attempts, err: message }, 'job failed for good: see hostplane jobs list --failed');
      else this.log.warn({ job: job.id, kind: job.kind, attempts: job.attempts, err: message }, 'job failed; it will be retried');
      return false;
    }
  }
}
