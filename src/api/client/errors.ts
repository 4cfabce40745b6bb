import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { ErrorCode } from '../../core/errors.js';
import { errorHandlerFor } from '../shared/error-handler.js';

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
  overloaded: 503,
  conflict: 409,
  upstream_unavailable: 502,
};

export function sendError(reply: FastifyReply, status: number, message: string, context?: Record<string, string[]>) {
  return reply.code(status).send({ error: context ? { status, message, context } : { status, message } });
}

/** Every error a client route raises ends here and leaves in the documented envelope. */
export const clientErrorHandler = errorHandlerFor({
  status: STATUS,
  messages: {
    invalid: 'The given data was invalid.',
    invalidJson: 'The request body is not valid JSON',
    mediaType: 'Unsupported media type: send application/json',
    tooLarge: 'The request body is too large',
    internal: 'Internal server error',
    concurrentChange: 'The request conflicts with a change made at the same time; send it again',
  },
  send: sendError,
});

/** Shorthand for route schemas: the documented error responses a route can give. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorEnvelope]));
}
