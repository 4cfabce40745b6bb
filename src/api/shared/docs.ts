import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { BODY_LIMIT, MAX_BODY_DEPTH } from './json-body.js';
import { MAX_PARAM_LENGTH } from './http-edge.js';

/**
 * OpenAPI 3.1, generated from the same TypeBox schemas that validate requests and serialize
 * responses, served at GET /docs (JSON). Register before the routes so their schemas are collected.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'hostplane',
        version: '0.1.0',
        description:
          'Two dialects over one system.\n\n' +
          '**Client API** (`/api/v1`, wire-compatible with Euronic\'s client API), for customers: authenticate ' +
          'with a JWT from `POST /api/v1/auth`. Errors use the envelope `{"error": {"status", "message", ' +
          '"context"?}}`; `context` maps each invalid field to its messages.\n\n' +
          '**Partner API** (paths at the root, wire-compatible with Nomeo\'s partner API), for resellers: ' +
          'authenticate with `Authorization: Bearer <API key>` or an access token from `POST /auth/token`. ' +
          'The partner document shows no error responses; hostplane answers errors as ' +
          '`{"success": false, "message": "...", "errors": {field: [messages]}}` (errors only for invalid ' +
          'input) with status 401 (missing, unknown, revoked or expired credentials), 403 (another partner\'s ' +
          'object), 404 (no such object), 422 (invalid input, or a rule refusing the request) and 429.\n\n' +
          `In both dialects a body must be JSON (415 otherwise) of at most ${BODY_LIMIT / 1024 / 1024} MB (413) nested at ` +
          `most ${MAX_BODY_DEPTH} levels (400, as JSON that does not parse); errors before any route (a URL that does ` +
          `not decode: 400, a path segment over ${MAX_PARAM_LENGTH} characters: 414, headers too large: 431) use the ` +
          'envelope of the URL\'s dialect.\n\n' +
          'In both dialects any write may answer **409** when it collided with a change made at the same ' +
          'time (a contact deleted while a domain was being given it, a second request with an ' +
          '`Idempotency-Key` still in flight): nothing was changed, and the request can be sent again.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Token from POST /api/v1/auth' },
          partnerKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'A partner API key (hpk_...) or an access token (hpat_...) from POST /auth/token',
          },
        },
      },
    },
  });
  app.get('/docs', { schema: { hide: true } }, async () => app.swagger());
}
