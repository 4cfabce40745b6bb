import { Type } from '@sinclair/typebox';
import { RequiredInCore } from '../../shared/required-in-core.js';
import type { PartnerRoutes } from '../types.js';
import { issuePartnerToken } from '../../../core/partners/issue-token.js';
import { TokenErrorBody, acceptFormBodies, noStore, tokenErrorHandler, tokenRequestOf } from '../oauth.js';
import { ctxOf } from '../../shared/actor-hook.js';

const parameter = (description: string) => Type.Optional(Type.String({ maxLength: 1000, description }));

/**
 * POST /auth/token: not in the document, but called by programs in use. The OAuth 2.0 token endpoint
 * (RFC 6749) for the client-credentials grant and refresh tokens: form-encoded or JSON parameters,
 * client credentials in the body or by HTTP Basic, errors as RFC 6749 5.2 has them (see ../oauth.ts).
 * The access token then works wherever an API key does.
 */
export const authRoutes: PartnerRoutes = (app) => {
  acceptFormBodies(app);
  app.post(
    '/auth/token',
    {
      errorHandler: tokenErrorHandler,
      // No body at all is a request without parameters: "grant_type is required", not "not an object".
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags: ['Partner: Authentication'],
        summary: 'Exchange client credentials or a refresh token for an access token (OAuth 2.0, RFC 6749)',
        description:
          'The client credentials grant (RFC 6749 4.4) and refresh (6). Parameters form-encoded (as OAuth ' +
          'clients send them) or JSON. The client authenticates with `client_id` and `client_secret` in the ' +
          'body or with HTTP Basic (2.3.1), not both. Answers carry `Cache-Control: no-store`. Errors have ' +
          'RFC 6749 5.2\'s `error` and `error_description`, and the partner envelope\'s `success` and ' +
          '`message`: 400 invalid_request, unsupported_grant_type or invalid_grant (a refresh token that is ' +
          'expired, already used or revoked), 401 invalid_client (with `WWW-Authenticate: Basic`).',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: Type.Object({
          grant_type: RequiredInCore(Type.String({ maxLength: 1000, description: 'client_credentials or refresh_token' })),
          client_id: parameter('The client id (unless sent by HTTP Basic)'),
          client_secret: parameter('The client secret (unless sent by HTTP Basic)'),
          refresh_token: parameter('With grant_type refresh_token: the refresh token, which works once'),
          scope: parameter('Ignored: a token has the partner\'s whole access'),
        }),
        response: {
          200: Type.Object({
            token_type: Type.Literal('Bearer'),
            expires_in: Type.Integer({ description: 'Seconds the access token works (3600)' }),
            access_token: Type.String(),
            refresh_token: Type.String({ description: 'Works once, for 30 days: it gives a new pair' }),
          }),
          400: TokenErrorBody,
          401: TokenErrorBody,
          413: TokenErrorBody,
          415: TokenErrorBody,
        },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return issuePartnerToken(ctxOf(req), tokenRequestOf(req));
    },
  );
};
