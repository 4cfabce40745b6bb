import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Ctx } from '../core/context.js';
import type { Db } from '../store/db.js';
import { registerDocs } from './shared/docs.js';
import { registerHealth } from './shared/health.js';
import { validatorCompiler } from './shared/validator.js';
import { serializerCompiler } from './shared/schema-compilers.js';
import { BODY_LIMIT, parseJsonBody } from './shared/json-body.js';
import { documentLaravelInput } from './shared/laravel-input.js';
import { MAX_PARAM_LENGTH, clientErrorHandlerFor, frameworkErrorsFor, type DialectOf } from './shared/http-edge.js';
import { clientApi } from './client/index.js';
import { clientDialect } from './client/errors.js';
import { partnerApi } from './partner/index.js';
import { partnerDialect } from './partner/errors.js';
import { panel, PANEL_PREFIX } from '../panel/index.js';
import { panelDialect } from '../panel/errors.js';
import type { PanelSessionSettings } from '../panel/session.js';
import { REQUEST_ID_HEADER } from './shared/actor-hook.js';

export interface AppOptions {
  logger: FastifyServerOptions['logger'];
  /** Which proxies' X-Forwarded-For names the client (request.ip), as Config.trustProxy. */
  trustProxy?: boolean | number | string;
  /** The panel's session lifetimes (Config.panelSessions); defaults when not given. */
  panelSessions?: PanelSessionSettings;
}

const CLIENT_PREFIX = '/api/v1';

const under = (url: string, prefix: string) => url.startsWith(prefix) && /^([/?#]|$)/.test(url.slice(prefix.length));

/** The client API owns /api/v1 and what is below it, the panel /panel; the partner API the rest of the root. */
const dialectOf: DialectOf = (url = '') =>
  under(url, CLIENT_PREFIX) ? clientDialect : under(url, PANEL_PREFIX) ? panelDialect : partnerDialect;

/**
 * The HTTP application: health, docs, and both API dialects over one core context.
 * Validation collects every error so a response can name each bad field at once. Errors that happen
 * before any route (a URL that does not decode, a request that is not HTTP) answer in the dialect
 * of their URL too (http-edge.ts).
 */
export async function buildApp(ctx: Ctx, db: Db, options: AppOptions) {
  const trustProxy = options.trustProxy ?? false;
  const app = Fastify({
    logger: options.logger,
    bodyLimit: BODY_LIMIT,
    // A hop count trusts that many proxies nearest to us (proxy-addr's rule, which Fastify's types omit).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // The client API's ids are path segments; reject absurd URLs before routing.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorsFor(dialectOf),
    clientErrorHandler: clientErrorHandlerFor(dialectOf),
    // Unique over processes and restarts (Fastify's own ids count from 1 in each process): the event
    // log keeps it, and the answer's X-Request-Id lets a caller name the request it made.
    genReqId: () => randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Bodies are JSON and nothing else: Fastify's text/plain parser handed a string to routes that
  // expect an object (a 422 where a 415 is meant). The JSON parser refuses over-deep bodies first.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, parseJsonBody(text as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  // Every route's schema, as validated and as /docs shows it: bodies take Laravel's integer and
  // boolean forms (laravel-input.ts), and the errors of the HTTP layer are listed in the route's dialect.
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (!schema || schema.hide) return;
    const envelope = dialectOf(route.url).envelopeSchema;
    // 400: a body that does not parse, or a path parameter that does not decode.
    const edge = schema.body ? { 400: envelope, 413: envelope, 415: envelope } : schema.params ? { 400: envelope } : {};
    route.schema = {
      ...schema,
      ...(schema.body ? { body: documentLaravelInput(schema.body) } : {}),
      response: { ...edge, ...(schema.response as object | undefined) },
    };
  });

  await registerDocs(app);
  registerHealth(app, db);
  await app.register(async (scope) => clientApi(scope, ctx), { prefix: CLIENT_PREFIX });
  await app.register(async (scope) => partnerApi(scope, ctx));
  await app.register(async (scope) => panel(scope, ctx, { sessions: options.panelSessions }), { prefix: PANEL_PREFIX });
  return app;
}
