import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { ErrorCode } from '../../core/errors.js';
import { errorHandlerFor, type ErrorDialect } from '../shared/error-handler.js';
import { MAX_BODY_DEPTH } from '../shared/json-body.js';
import { MAX_PARAM_LENGTH } from '../shared/http-edge.js';

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
  // A registry that is down, in maintenance or throttling us: the request was fine and will succeed
  // later, which is 503 with Retry-After (RFC 9110 section 15.6.4), not a gateway's 502.
  retry_later: 503,
};

export const clientEnvelope = (status: number, message: string, context?: Record<string, string[]>) =>
  ({ error: context ? { status, message, context } : { status, message } });

export function sendError(reply: FastifyReply, status: number, message: string, context?: Record<string, string[]>) {
  return reply.code(status).send(clientEnvelope(status, message, context));
}

export const clientDialect: ErrorDialect = {
  status: STATUS,
  messages: {
    invalid: 'The given data was invalid.',
    invalidJson: 'The request body is not valid JSON',
    tooDeep: `The request body is nested too deeply (at most ${MAX_BODY_DEPTH} levels of arrays and objects)`,
    mediaType: 'Unsupported media type: send application/json',
    tooLarge: 'The request body is too large',
    internal: 'Internal server error',
    concurrentChange: 'The request conflicts with a change made at the same time; send it again',
    badUrl: 'The URL is not valid (malformed percent-encoding)',
    uriTooLong: `The URL is too long: a path segment may have at most ${MAX_PARAM_LENGTH} characters`,
    headersTooLarge: 'The request headers are too large',
    badRequest: 'The request is not valid HTTP',
    timeout: 'The request took too long to arrive',
  },
  envelopeSchema: ErrorEnvelope,
  envelope: clientEnvelope,
  send: sendError,
};

/** Every error a client route raises ends here and leaves in the documented envelope. */
export const clientErrorHandler = errorHandlerFor(clientDialect);

/** Shorthand for route schemas: the documented error responses a route can give. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorEnvelope]));
}
