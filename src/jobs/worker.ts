import type { Ctx } from '../core/context.js';
import { isoDate } from '../core/dates.js';
import { readRegistryNews } from '../core/registry-sync/read-registry-news.js';
import { syncRegistryDomains } from '../core/registry-sync/sync-registry-domains.js';
import { runLifecycle } from '../core/lifecycle/run-lifecycle.js';
import { advanceDnssec } from '../core/dns/dnssec/advance-dnssec.js';
import { pruneExpired } from '../core/housekeeping/prune-expired.js';
import type { StepReport } from '../core/lifecycle/step.js';
import type { Log } from './log.js';
import type { JobRunner } from './runner.js';

export interface WorkerOptions {
  log: Log;
  /** How often the outbox is looked at: a committed change's side effect starts within this. */
  pollMs?: number;
  /**
   * How often the schedule runs (lifecycle, housekeeping); null: only when tick() is called, as with
   * an injected clock, whose time is the caller's to move (tests), not the wall clock's.
   */
  scheduleMs?: number | null;
}

export const DEFAULT_POLL_MS = 200;
/** Lifecycle dates are whole days, so once a minute is plenty and costs a few indexed queries. */
export const DEFAULT_SCHEDULE_MS = 60_000;

/**
 * The one job worker of a process (`hostplane serve` unless --no-worker, or `hostplane worker`): it
 * drains the outbox every pollMs and runs the schedule every scheduleMs. Any number of workers may
 * run against one store: the outbox claim and every scheduled change are safe to race (see JobRunner
 * and runLifecycle), so more machines only share the work.
 */
export class Worker {
  private timers: NodeJS.Timeout[] = [];
  private draining: Promise<unknown> | undefined;
  private ticking: Promise<StepReport[]> = Promise.resolve([]);
  private scheduled: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly runner: JobRunner,
    private readonly options: WorkerOptions,
  ) {}

  /** Starts the loops, with a drain at once: jobs a previous run left queued (a crash) go first. */
  start(): this {
    const { log } = this.options;
    this.poll();
    this.timers.push(setInterval(() => this.poll(), this.options.pollMs ?? DEFAULT_POLL_MS));
    const scheduleMs = this.options.scheduleMs === undefined ? DEFAULT_SCHEDULE_MS : this.options.scheduleMs;
    if (scheduleMs !== null) {
      this.timers.push(setInterval(() => {
        this.scheduled ??= this.tick()
          .catch((err) => log.error({ err }, 'scheduled lifecycle pass failed'))
          .finally(() => (this.scheduled = undefined));
      }, scheduleMs));
    }
    return this;
  }

  /**
   * One scheduling pass, then a drain of what it queued (and anything else due): the lifecycle for
   * today by ctx.clock, the registry's news and nightly sync, the DNSSEC flows' due steps, and rows past their
   * use dropped (core/housekeeping/prune-expired.ts). Passes queue behind each other. Returns
   * what each lifecycle step did; a step's failures are logged, not thrown.
   */
  tick(): Promise<StepReport[]> {
    const run = this.ticking.catch(() => []).then(() => this.tickOnce());
    this.ticking = run;
    return run;
  }

  private async tickOnce(): Promise<StepReport[]> {
    const { log } = this.options;
    // The schedule's changes (expiry, renewals, the registry's news) are the system's.
    const ctx: Ctx = { ...this.ctx, actor: { kind: 'system', id: 'schedule' } };
    const steps = await runLifecycle(ctx);
    // The registry's news and the nightly sync run with the schedule, after the lifecycle (whose
    // changes they may correct), each pass: news is read until the queue is empty, the sync takes only
    // the domains not yet compared today.
    steps.push(await readRegistryNews(ctx, log));
    steps.push(await syncRegistryDomains(ctx, isoDate(ctx.clock.now()), log));
    // DNSSEC keys' timed steps (core/dns/dnssec/states.ts): a DS handed over, a key removed, a rollover due.
    steps.push(await advanceDnssec(ctx));
    // Rows no rule reads any more: ended panel sessions, old failed logins, expired tokens and keys.
    steps.push(await pruneExpired(ctx));
    for (const s of steps) {
      if (s.done > 0) log.info({ step: s.step, done: s.done }, `lifecycle: ${s.step}: ${s.done}`);
      for (const e of s.errors) log.error({ step: s.step, id: e.id, err: e.error }, `lifecycle: ${s.step} failed for ${e.id}`);
    }
    await this.runner.drain();
    return steps;
  }

  /** Stops the loops and waits for a drain or pass under way. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled([this.draining, this.scheduled, this.ticking]);
  }

  private poll(): void {
    if (this.stopped) return;
    this.draining ??= this.runner
      .drain()
      .catch((err) => this.options.log.error({ err }, 'outbox drain failed'))
      .finally(() => (this.draining = undefined));
  }
}
