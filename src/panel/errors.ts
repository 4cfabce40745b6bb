import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DomainError, type ErrorCode } from '../core/errors.js';
import type { ErrorDialect } from '../api/shared/error-handler.js';
import { ReferenceViolation } from '../ports/store.js';
import { pageContext, sendPage } from './request-state.js';
import { errorPage } from './views/error.js';

/** A core error's page status: another account's object is "not found", as if it did not exist. */
const status: Record<ErrorCode, number> = {
  invalid: 400, rejected: 400, not_found: 404, forbidden: 404, unauthenticated: 404, token_expired: 404,
  invalid_credentials: 401, rate_limited: 429, overloaded: 503, conflict: 409, upstream_unavailable: 503, retry_later: 503,
};

/** The panel's error page for a status, in the request's language. */
export function sendErrorPage(reply: FastifyReply, code: number, vars?: Record<string, string | number>): FastifyReply {
  return sendPage(reply, code, errorPage(pageContext(reply.request), code, vars));
}

/**
 * The panel as an "error dialect" (api/shared/http-edge.ts), so that what fails before routing under
 * /panel (a URL that does not decode) gets the panel's HTML page instead of the partner API's JSON.
 * The messages are not used: the page says it in the request's language.
 */
export const panelDialect: ErrorDialect = {
  status,
  messages: {
    invalid: '', invalidJson: '', tooDeep: '', mediaType: '', tooLarge: '', internal: '', concurrentChange: '',
    badUrl: '', uriTooLong: '', headersTooLarge: '', badRequest: '', timeout: '',
  },
  envelopeSchema: Type.Object({ message: Type.String() }),
  envelope: (_status, message) => ({ message }),
  send: (reply, code) => sendErrorPage(reply, code),
};

/** Errors in the panel's routes and hooks, as pages. */
export function panelErrorHandler(error: FastifyError | DomainError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    if (error.retryAfter !== undefined) reply.header('Retry-After', String(error.retryAfter));
    return sendErrorPage(reply, status[error.code], { seconds: error.retryAfter ?? 1 });
  }
  if (error instanceof ReferenceViolation) return sendErrorPage(reply, 409);
  const e = error as FastifyError;
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendErrorPage(reply, 415);
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendErrorPage(reply, 413);
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return sendErrorPage(reply, e.statusCode);
  request.log.error({ err: error }, 'unhandled error');
  return sendErrorPage(reply, 500);
}
