import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DomainError, type ErrorCode } from '../../core/errors.js';
import { fieldErrorsFromValidation } from '../shared/validation-errors.js';

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
  conflict: 409,
  upstream_unavailable: 502,
};

export function sendPartnerError(reply: FastifyReply, status: number, message: string, errors?: Record<string, string[]>) {
  return reply.code(status).send(errors ? { success: false, message, errors } : { success: false, message });
}

export function partnerErrorHandler(error: FastifyError | DomainError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    if (error.retryAfter !== undefined) reply.header('Retry-After', String(error.retryAfter));
    return sendPartnerError(reply, STATUS[error.code], error.message, error.fields);
  }
  const e = error as FastifyError;
  if (e.validation) return sendPartnerError(reply, 422, 'The given data was invalid.', fieldErrorsFromValidation(e.validation));
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return sendPartnerError(reply, 400, 'The request body is not valid JSON.');
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendPartnerError(reply, 415, 'Unsupported media type: send application/json.');
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendPartnerError(reply, 413, 'The request body is too large.');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return sendPartnerError(reply, e.statusCode, e.message);
  request.log.error({ err: error }, 'unhandled error');
  return sendPartnerError(reply, 500, 'Internal server error.');
}

/** The error responses a partner route can give, for its schema. */
export function partnerErrors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, PartnerErrorEnvelope]));
}
