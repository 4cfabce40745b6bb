import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { ErrorCode } from '../../core/errors.js';
import { errorHandlerFor, type ErrorDialect } from '../shared/error-handler.js';
import { MAX_BODY_DEPTH } from '../shared/json-body.js';
import { MAX_PARAM_LENGTH } from '../shared/http-edge.js';

/**
 * The partner API's error envelope. The document shows no errors; its successes all carry
 * `success` and `message`, and its validation rules read like Laravel's, so errors answer
 * `{"success": false, "message": "...", "errors": {field: [messages]}}` (Laravel's own shape plus
 * `success`), with 401, 403, 404 and 422 as fitting. Written into the OpenAPI description too.
 */
export const PartnerErrorEnvelope = Type.Object({
  success: Type.Literal(false),
  message: Type.String(),
  errors: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
});

const STATUS: Record<ErrorCode, number> = {
  invalid: 422,
  invalid_credentials: 401,
  // A business rule refusing the request (a client with active domains cannot be deleted): the input
  // was understood but cannot be processed, which Laravel APIs answer with 422.
  rejected: 422,
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

export const partnerEnvelope = (_status: number, message: string, errors?: Record<string, string[]>) =>
  (errors ? { success: false as const, message, errors } : { success: false as const, message });

export function sendPartnerError(reply: FastifyReply, status: number, message: string, errors?: Record<string, string[]>) {
  return reply.code(status).send(partnerEnvelope(status, message, errors));
}

export const partnerDialect: ErrorDialect = {
  status: STATUS,
  messages: {
    invalid: 'The given data was invalid.',
    invalidJson: 'The request body is not valid JSON.',
    tooDeep: `The request body is nested too deeply (at most ${MAX_BODY_DEPTH} levels of arrays and objects).`,
    mediaType: 'Unsupported media type: send application/json.',
    tooLarge: 'The request body is too large.',
    internal: 'Internal server error.',
    concurrentChange: 'The request conflicts with a change made at the same time; send it again.',
    badUrl: 'The URL is not valid (malformed percent-encoding).',
    uriTooLong: `The URL is too long: a path segment may have at most ${MAX_PARAM_LENGTH} characters.`,
    headersTooLarge: 'The request headers are too large.',
    badRequest: 'The request is not valid HTTP.',
    timeout: 'The request took too long to arrive.',
  },
  envelopeSchema: PartnerErrorEnvelope,
  envelope: partnerEnvelope,
  send: sendPartnerError,
};

export const partnerErrorHandler = errorHandlerFor(partnerDialect);

/** The error responses a partner route can give, for its schema. */
export function partnerErrors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, PartnerErrorEnvelope]));
}
