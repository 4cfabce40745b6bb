import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DomainError } from '../../core/errors.js';
import { TokenError, type TokenErrorCode } from '../../core/partners/token-error.js';
import type { TokenRequest } from '../../core/partners/issue-token.js';
import { errorHandlerFor, type ErrorDialect } from '../shared/error-handler.js';
import { partnerDialect } from './errors.js';
import type { TypedApp } from './types.js';

/**
 * The HTTP side of POST /auth/token as OAuth 2.0 clients speak it (RFC 6749): form-encoded bodies,
 * HTTP Basic client authentication, errors in the shape of 5.2, and answers never cached (5.1).
 */

/** An error answer: RFC 6749 5.2's fields, then the partner envelope's, so either kind of client reads it. */
export const TokenErrorBody = Type.Object({
  error: Type.Union(['invalid_request', 'invalid_client', 'invalid_grant', 'unsupported_grant_type', 'server_error'].map((c) => Type.Literal(c)), {
    description: 'RFC 6749 5.2 error code',
  }),
  error_description: Type.String(),
  success: Type.Literal(false),
  message: Type.String({ description: 'The same text as error_description (the partner API\'s error envelope)' }),
  errors: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
});

const FORM = 'application/x-www-form-urlencoded';

/**
 * Parses form-encoded bodies in `app`'s scope (only the token route's): RFC 6749 3.2 has the token
 * request form-encoded, and every OAuth library sends it so. A parameter sent twice is refused (3.2:
 * "MUST NOT be included more than once"), as JSON cannot send one twice.
 */
export function acceptFormBodies(app: TypedApp): void {
  app.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => {
    const params: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(body as string)) {
      if (name in params) return done(new TokenError('invalid_request', `The ${name.slice(0, 50)} parameter was sent more than once.`), undefined);
      params[name] = value;
    }
    done(null, params);
  });
}

/**
 * The client credentials of a token request, from its body or from HTTP Basic authentication
 * (RFC 6749 2.3.1: the id and secret are form-encoded, joined by a colon and base64-encoded). Using
 * both at once is refused (2.3: "MUST NOT use more than one authentication method"); a client_id in
 * the body beside Basic is allowed when it names the same client, as some libraries send it.
 * Errors: invalid_request (both methods), invalid_client (a Basic header that does not decode).
 */
export function tokenRequestOf(request: FastifyRequest): TokenRequest {
  const body = (request.body ?? {}) as TokenRequest;
  const basic = basicCredentials(request.headers.authorization);
  if (!basic) return body;
  if (body.client_secret !== undefined || (body.client_id !== undefined && body.client_id !== basic.id)) {
    throw new TokenError(
      'invalid_request',
      'Use one client authentication method: HTTP Basic or client_id and client_secret in the body, not both.',
    );
  }
  return { ...body, client_id: basic.id, client_secret: basic.secret };
}

/** The id and secret of an `Authorization: Basic` header; undefined for no header or another scheme. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic(?:\s+(\S*))?\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const bad = () => new TokenError('invalid_client', 'The Basic authorization header does not hold a client id and secret.');
  const encoded = match[1] ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw bad();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw bad();
  try {
    const id = formDecode(decoded.slice(0, colon));
    const secret = formDecode(decoded.slice(colon + 1));
    if (!id || !secret) throw bad();
    return { id, secret };
  } catch (err) {
    if (err instanceof TokenError) throw err;
    throw bad(); // a malformed percent escape
  }
}

const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

/** RFC 6749 5.1: "Cache-Control: no-store" and "Pragma: no-cache" on every answer holding tokens. */
export function noStore(reply: FastifyReply): void {
  reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
}

const STATUS: Record<TokenErrorCode | 'server_error', number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unsupported_grant_type: 400,
  server_error: 500,
};

/**
 * The token route's errors, in RFC 6749 5.2's shape, mapped as every partner route's are (the shared
 * error handler: validation, body parsing, depth, size, the core's codes), each answer then an OAuth
 * error: 401 invalid_client, 5xx server_error, any other refusal invalid_request with its own status.
 * Only the request's parameters are worded apart ("not valid" rather than "given data", both body types).
 */
const tokenDialect: ErrorDialect = {
  ...partnerDialect,
  status: { ...partnerDialect.status, invalid: 400 },
  messages: {
    ...partnerDialect.messages,
    invalid: 'The request parameters are not valid.',
    mediaType: `Send the parameters as ${FORM} or application/json.`,
  },
  send: (reply, status, message, fields) =>
    sendTokenError(reply, status >= 500 ? 'server_error' : status === 401 ? 'invalid_client' : 'invalid_request', message, fields, status),
};
const mappedError = errorHandlerFor(tokenDialect);

/**
 * The token route's error handler: every refusal in RFC 6749 5.2's shape, a TokenError with the code
 * the core named. invalid_client is a 401 with `WWW-Authenticate: Basic` whether or not the client used
 * Basic: HTTP requires the header on a 401 (RFC 9110 11.6.1), and it names the scheme this endpoint takes.
 */
export function tokenErrorHandler(error: FastifyError | DomainError, request: FastifyRequest, reply: FastifyReply) {
  noStore(reply);
  if (error instanceof TokenError) return sendTokenError(reply, error.oauthError, error.message, error.fields);
  return mappedError(error, request, reply);
}

function sendTokenError(reply: FastifyReply, code: TokenErrorCode | 'server_error', description: string, fields?: Record<string, string[]>, status = STATUS[code]) {
  if (code === 'invalid_client') reply.header('WWW-Authenticate', 'Basic realm="partner API", charset="UTF-8"');
  return reply.code(status).send({ error: code, error_description: description, success: false, message: description, ...(fields ? { errors: fields } : {}) });
}
