import type { Ctx } from '../context.js';
import type { Store } from '../../ports/store.js';
import type { EventRow } from '../../ports/store/events.js';
import { isoTimestamp } from '../dates.js';
import { SYSTEM } from './actor.js';
import type { EventType } from './event-types.js';

export interface NewEvent {
  type: EventType;
  /** The account the event belongs to; leave out for what concerns no one account. */
  userId?: number | null;
  /** The partner concerned; when left out, the account's partner (see EventRepository.appendOfAccount). */
  partnerId?: number | null;
  /** The object as text: a domain name, an invoice id. */
  subject: string;
  /** A small JSON-able object: what a reader needs to tell what happened, not the whole row. */
  data?: Record<string, unknown>;
}

/**
 * Writes an event on `tx`, the transaction of the change it tells of, so the event exists exactly when
 * the change does (a change that rolls back leaves none). The actor, request id and address come from
 * ctx.actor (actor.ts; the system when nothing set one); the time from the clock. Then each subscriber (subscribers.ts) queues
 * its work for it on the same transaction.
 */
export async function recordEvent(tx: Store, ctx: Ctx, event: NewEvent): Promise<EventRow> {
  const actor = ctx.actor ?? SYSTEM;
  const userId = event.userId ?? null;
  const fields = {
    type: event.type,
    subject: event.subject,
    data: JSON.stringify(event.data ?? {}),
    actor_kind: actor.kind,
    actor_id: actor.id,
    request_id: actor.requestId ?? null,
    address: actor.address ?? null,
    created_at: isoTimestamp(ctx.clock.now()),
  };
  const row = event.partnerId === undefined && userId !== null
    ? await tx.events.appendOfAccount({ ...fields, user_id: userId })
    : await tx.events.append({ ...fields, user_id: userId, partner_id: event.partnerId ?? null });
  for (const subscriber of ctx.subscribers) await subscriber.onEvent(tx, ctx, row);
  return row;
}
