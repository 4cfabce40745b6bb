/**
 * The one error type the core throws. `code` is stable and dialect-neutral; each API dialect's
 * errors.ts maps a code to its HTTP status and envelope. `fields` carries per-field messages for
 * `invalid` (the client API's `context`, the partner API's `errors`).
 */
export type ErrorCode =
  | 'invalid' // input breaks a rule; fields say which
  | 'rejected' // a business rule refuses the request as a whole (client API: 400)
  | 'not_found'
  | 'forbidden' // the object exists but belongs to another account
  | 'unauthenticated'
  | 'token_expired'
  | 'invalid_credentials'
  | 'rate_limited'
  | 'overloaded' // the server is at a bound of its own (concurrent password checks); retry shortly
  | 'conflict' // a concurrent or duplicate request
  | 'upstream_unavailable' // an outside system (a WHOIS server) did not answer
  | 'retry_later'; // an outside system (a registry) cannot serve the request now; retryAfter says when to try again

export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    /** Seconds a client should wait before retrying (rate_limited, overloaded). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (fields: FieldErrors, message = 'The given data was invalid.') =>
  new DomainError('invalid', message, fields);
export const invalidField = (field: string, message: string) => invalid({ [field]: [message] });
export const notFound = (message = 'Resource not found') => new DomainError('not_found', message);
export const forbidden = (message = 'Forbidden request') => new DomainError('forbidden', message);
export const rejected = (message: string) => new DomainError('rejected', message);

/** Collects per-field messages so a command reports every problem at once, then throws if any. */
export class FieldErrorCollector {
  readonly fields: FieldErrors = {};
  add(field: string, message: string): void {
    (this.fields[field] ??= []).push(message);
  }
  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }
  throwIfAny(): void {
    if (!this.empty) throw invalid(this.fields);
  }
}
