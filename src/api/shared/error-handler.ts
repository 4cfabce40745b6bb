import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { DomainError, type ErrorCode, type FieldErrors } from '../../core/errors.js';
import { fieldErrorsFromValidation } from './validation-errors.js';
import { ReferenceViolation } from '../../ports/store.js';
import { BodyTooDeep } from './json-body.js';

/** What sets one API dialect's errors apart: its status per core code, its wording, its envelope. */
export interface ErrorDialect {
  status: Record<ErrorCode, number>;
  messages: {
    invalid: string; invalidJson: string; tooDeep: string; mediaType: string; tooLarge: string; internal: string;
    concurrentChange: string;
    /** Errors of the HTTP layer (http-edge.ts), which never name what was sent: it may be huge or hostile. */
    badUrl: string; uriTooLong: string; headersTooLarge: string; badRequest: string; timeout: string;
  };
  /** The envelope's schema, for the error responses of the OpenAPI document. */
  envelopeSchema: TSchema;
  /** The envelope itself, for answers written without a Fastify reply (HTTP parser errors). */
  envelope(status: number, message: string, fields?: FieldErrors): object;
  send(reply: FastifyReply, status: number, message: string, fields?: FieldErrors): FastifyReply;
}

/**
 * The error handler of a dialect: core DomainErrors by their code, schema validation as per-field
 * `invalid`, body-parser failures as 400/413/415, a foreign key broken by a concurrent change (the
 * store's ReferenceViolation) as a 409 to retry, other client errors as they are, and anything else
 * as a logged 500. Every answer leaves in the dialect's envelope.
 * An error answered after the request's body was read in part (a GET's JSON body over its limit)
 * closes the connection: Node discards an unread body to keep a connection alive, but not one
 * abandoned half-read, which left the next request on it waiting for the keep-alive timeout (60-73 s).
 */
export function errorHandlerFor(dialect: ErrorDialect) {
  return (error: FastifyError | DomainError, request: FastifyRequest, reply: FastifyReply) => {
    const { messages, send } = dialect;
    if (!request.raw.complete && request.raw.readableDidRead) reply.header('connection', 'close');
    if (error instanceof DomainError) {
      if (error.retryAfter !== undefined) reply.header('Retry-After', String(error.retryAfter));
      return send(reply, dialect.status[error.code], error.message, error.fields);
    }
    if (error instanceof ReferenceViolation) return send(reply, dialect.status.conflict, messages.concurrentChange);
    const e = error as FastifyError;
    if (e.validation) return send(reply, dialect.status.invalid, messages.invalid, fieldErrorsFromValidation(e.validation));
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return send(reply, 400, messages.invalidJson);
    }
    if (error instanceof BodyTooDeep) return send(reply, 400, messages.tooDeep);
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(reply, 415, messages.mediaType);
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, 413, messages.tooLarge);
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return send(reply, e.statusCode, e.message);
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, messages.internal);
  };
}
