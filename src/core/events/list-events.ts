import type { Ctx } from '../context.js';
import type { Page, PageOf } from '../../ports/store.js';
import type { EventRow } from '../../ports/store/events.js';
import { FieldErrorCollector } from '../errors.js';
import { isEventType } from './event-types.js';

/** Whose events: one account's (a customer), a partner's (its own and its clients'), or all (the operator). */
export type EventScope = { userId: number } | { partnerId: number } | 'all';

/** Filters as a reader sends them, unchecked: a type, and times as text. */
export interface EventQuery {
  type?: string;
  since?: string;
  until?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A point in time as a reader may give it: a date (YYYY-MM-DD, its midnight UTC) or an ISO 8601
 * timestamp with a zone (Z or +hh:mm); as the store compares it (ISO 8601 UTC), or undefined when it
 * is neither or names no real day (2026-02-30).
 */
export function parseInstant(value: string): string | undefined {
  const text = DATE.test(value) ? `${value}T00:00:00Z` : TIMESTAMP.test(value) ? value : undefined;
  if (text === undefined) return undefined;
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) return undefined;
  // Date rolls 2026-02-30 over to March; a day that does not exist is a mistake, not March 2nd.
  if (!validDay(text.slice(0, 10))) return undefined;
  return time.toISOString();
}

function validDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/**
 * A page of the event log, newest first. Rules: `type` is one of EVENT_TYPES; `since` (inclusive) and
 * `until` (exclusive) are dates or timestamps (parseInstant), since before until. Every bad filter is
 * named at once. Errors: invalid (type, since, until).
 */
export async function listEvents(ctx: Ctx, scope: EventScope, query: EventQuery, page: Page): Promise<PageOf<EventRow>> {
  const errors = new FieldErrorCollector();
  if (query.type !== undefined && !isEventType(query.type)) errors.add('type', 'The type is not an event type (see the list in the API reference)');
  const since = query.since === undefined ? undefined : parseInstant(query.since);
  const until = query.until === undefined ? undefined : parseInstant(query.until);
  const instant = 'must be a date (YYYY-MM-DD) or an ISO 8601 time with a zone (2026-03-01T10:00:00Z)';
  if (query.since !== undefined && since === undefined) errors.add('since', `The since ${instant}`);
  if (query.until !== undefined && until === undefined) errors.add('until', `The until ${instant}`);
  if (since !== undefined && until !== undefined && since >= until) errors.add('until', 'The until must be later than since');
  errors.throwIfAny();
  const filter = { type: query.type, since, until, ...(scope === 'all' ? {} : scope) };
  return ctx.store.events.list(filter, page);
}
