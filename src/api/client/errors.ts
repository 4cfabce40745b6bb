import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DomainError, type ErrorCode } from '../../core/errors.js';
import { fieldErrorsFromValidation } from '../shared/validation-errors.js';

/**
 * The client API's error envelope, as its document shows it:
 * `{"error": {"status": 422, "message": "The given data was invalid.", "context": {field: [messages]}}}`.
 */
export const ErrorEnvelope = Type.Object({
  error: Type.Object({
    status: Type.Integer(),
    message: Type.String(),
    context: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
  }),
});

const STATUS: Record<ErrorCode, number> = {
  invalid: 422,
  invalid_credentials: 422,
  rejected: 400,
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  token_expired: 401,
  rate_limited: 429,
  conflict: 409,
  upstream_unavailable: 502,
};

export function sendError(reply: FastifyReply, status: number, message: string, context?: Record<string, string[]>) {
  return reply.code(status).send({ error: context ? { status, message, context } : { status, message } });
}

/** Every error a client route raises ends here and leaves in the documented envelope. */
export function clientErrorHandler(error: FastifyError | DomainError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    if (error.retryAfter !== undefined) reply.header('Retry-After', String(error.retryAfter));
    return sendError(reply, STATUS[error.code], error.message, error.fields);
  }
  const e = error as FastifyError;
  if (e.validation) {
    return sendError(reply, 422, 'The given data was invalid.', fieldErrorsFromValidation(e.validation));
  }
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return sendError(reply, 400, 'The request body is not valid JSON');
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return sendError(reply, 415, 'Unsupported media type: send application/json');
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'The request body is too large');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return sendError(reply, e.statusCode, e.message);
  request.log.error({ err: error }, 'unhandled error');
  return sendError(reply, 500, 'Internal server error');
}

/** Shorthand for route schemas: the documented error responses a route can give. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorEnvelope]));
}
