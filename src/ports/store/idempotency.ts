/**
 * A POST's `Idempotency-Key` and the first response it got (see api/shared/idempotency.ts).
 * `response_status` and `response_body` are null while the first request is still in flight.
 */
export interface IdempotencyRecord {
  id: number;
  /** "user:<id>" or "partner:<id>": keys belong to one account. */
  scope: string;
  idem_key: string;
  request_hash: string;
  response_status: number | null;
  response_body: string | null;
  created_at: string;
  expires_at: string;
}

export interface IdempotencyRepository {
  find(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Reserves a key for a request in flight. Throws UniqueViolation when the key is held already. */
  create(record: Omit<IdempotencyRecord, 'id'>): Promise<IdempotencyRecord>;
  /** Records the first request's answer. */
  complete(id: number, status: number, body: string): Promise<void>;
  /**
   * Drops row `id` if it is still the one created at `createdAt` (so that of two requests taking over
   * an expired key, only one removes it). Returns whether a row was removed.
   */
  release(id: number, createdAt: string): Promise<boolean>;
  /** Drops keys that expired before `now`; returns how many. */
  purgeExpired(now: string): Promise<number>;
}
