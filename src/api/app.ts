import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Ctx } from '../core/context.js';
import type { Db } from '../store/db.js';
import { registerDocs } from './shared/docs.js';
import { registerHealth } from './shared/health.js';
import { validatorCompiler } from './shared/validator.js';
import { clientApi } from './client/index.js';
import { partnerApi } from './partner/index.js';

export interface AppOptions {
  logger: FastifyServerOptions['logger'];
  /** Which proxies' X-Forwarded-For names the client (request.ip), as Config.trustProxy. */
  trustProxy?: boolean | number | string;
}

/**
 * The HTTP application: health, docs, and both API dialects over one core context.
 * Validation collects every error so a response can name each bad field at once.
 */
export async function buildApp(ctx: Ctx, db: Db, options: AppOptions) {
  const trustProxy = options.trustProxy ?? false;
  const app = Fastify({
    logger: options.logger,
    bodyLimit: 1024 * 1024,
    // A hop count trusts that many proxies nearest to us (proxy-addr's rule, which Fastify's types omit).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // The client API's ids are path segments; reject absurd URLs before routing.
    routerOptions: { maxParamLength: 300 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  await registerDocs(app);
  registerHealth(app, db);
  await app.register(async (scope) => clientApi(scope, ctx), { prefix: '/api/v1' });
  await app.register(async (scope) => partnerApi(scope, ctx));
  return app;
}
