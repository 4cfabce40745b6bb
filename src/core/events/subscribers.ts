import type { Store } from '../../ports/store.js';
import type { EventRow } from '../../ports/store/events.js';
import type { Ctx } from '../context.js';

/**
 * What acts on the event log: e-mail to the account, a partner's webhooks. DESIGN.md's "events before
 * messages": a core command records what happened; subscribers turn it into work for the job worker.
 *
 * A subscriber is called by recordEvent for every event, inside the transaction that records it (and
 * the change it tells of). There it only queues its own jobs (`tx.jobs.enqueue`: a message to send, a
 * delivery per endpoint), reading what it needs from `tx`; the sending happens in those jobs, with the
 * outbox's retries. So work exists exactly when the change commits, nothing is sent for a change that
 * rolled back, and no event is missed or read twice, as a reader following the log by id could (ids are
 * taken before commit, so a later id can commit first). Keep onEvent cheap: it runs on every write.
 */
export interface EventSubscriber {
  readonly name: string;
  onEvent(tx: Store, ctx: Ctx, event: EventRow): Promise<void>;
}
