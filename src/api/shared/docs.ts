import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

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
          'Client API (`/api/v1`, wire-compatible with Euronic\'s client API). Errors use the envelope ' +
          '`{"error": {"status", "message", "context"?}}`; `context` maps each invalid field to its messages.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Token from POST /api/v1/auth' },
        },
      },
    },
  });
  app.get('/docs', { schema: { hide: true } }, async () => app.swagger());
}
