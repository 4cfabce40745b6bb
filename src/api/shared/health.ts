import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../store/db.js';

/** GET /health: 200 once the store answers a query, 503 otherwise (load balancers take it out). */
export function registerHealth(app: FastifyInstance, db: Db): void {
  app.get('/health', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch (err) {
      app.log.error({ err }, 'health check: store unreachable');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
