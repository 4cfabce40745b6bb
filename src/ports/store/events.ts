import type { New, Page, PageOf } from '../store.js';

/** Who did what the event tells: a customer, a partner (a key, a token or a panel person), the operator or the system. */
export type ActorKind = 'customer' | 'partner' | 'operator' | 'system';

/** One change of state, written in the transaction that made it (migration 019). */
export interface EventRow {
  id: number;
  /** The account it belongs to; null for what concerns no one account. */
  user_id: number | null;
  /** The partner concerned: the account's partner (or the partner whose own account it is), or the partner itself. */
  partner_id: number | null;
  /** Dotted: `domain.registered`, `dns.record_created`, `auth.login_failed`. */
  type: string;
  /** The object as text: a domain name, an invoice id, a login name. */
  subject: string;
  /** A small JSON object (text). */
  data: string;
  actor_kind: ActorKind;
  /** The actor within its kind: an account id, a credential's visible prefix, a job kind; null when unknown. */
  actor_id: string | null;
  request_id: string | null;
  /** The source address of the request; null outside a request. */
  address: string | null;
  created_at: string;
}

/** What a read of the log may be narrowed to. Times are ISO 8601 UTC, since inclusive and until exclusive. */
export interface EventFilter {
  userId?: number;
  partnerId?: number;
  type?: string;
  since?: string;
  until?: string;
}

export interface EventRepository {
  append(event: New<EventRow>): Promise<EventRow>;
  /**
   * append for an event of account `user_id` whose partner_id is the account's partner: the partner
   * whose client it is, or the partner whose own account it is; null for a direct customer's account
   * (or none). Found by the insert itself, in the same statement.
   */
  appendOfAccount(event: Omit<New<EventRow>, 'partner_id'> & { user_id: number }): Promise<EventRow>;
  findById(id: number): Promise<EventRow | undefined>;
  /** A page of events matching `filter`, newest first (by time, then by id), with the total count. */
  list(filter: EventFilter, page: Page): Promise<PageOf<EventRow>>;
}
