import type { Ctx } from '../../core/context.js';
import type { ClientRoutes, TypedApp } from './types.js';
import { currentUser, requireUser } from './auth-guard.js';
import { ErrorEnvelope, clientErrorHandler, sendError } from './errors.js';
import { addIdempotency } from '../shared/idempotency.js';
import { actorHook } from '../shared/actor-hook.js';
import { authRoutes } from './routes/auth.routes.js';
import { lookupRoutes } from './routes/lookup.routes.js';
import { contactRoutes } from './routes/contacts.routes.js';
import { domainRoutes } from './routes/domains.routes.js';
import { nameserverRoutes } from './routes/nameservers.routes.js';
import { recordRoutes } from './routes/records.routes.js';
import { domainServiceRoutes } from './routes/domain-services.routes.js';
import { invoiceRoutes } from './routes/invoices.routes.js';
import { serviceRoutes } from './routes/services.routes.js';
import { dnssecRoutes } from './routes/dnssec.routes.js';
import { eventRoutes } from './routes/events.routes.js';

/** Routes anyone may call. */
const publicRoutes: ClientRoutes[] = [authRoutes, lookupRoutes];
/** Routes marked "requires authentication" in the document. */
const privateRoutes: ClientRoutes[] = [
  contactRoutes, domainRoutes, nameserverRoutes, recordRoutes, dnssecRoutes, domainServiceRoutes, invoiceRoutes, serviceRoutes, eventRoutes,
];

/**
 * The client API (Euronic-compatible), mounted at /api/v1. Its own error handler keeps every error,
 * including schema validation and unknown paths, in the documented envelope.
 */
export async function clientApi(app: TypedApp, ctx: Ctx): Promise<void> {
  app.setErrorHandler(clientErrorHandler);
  app.setNotFoundHandler((_req, reply) => sendError(reply, 404, 'Resource not found'));
  // Events recorded by a request name the customer whose token it carries (none on a login): its
  // handler acts with the ctx this hook makes (ctxOf). The hooks before it (the guard, Idempotency-Key)
  // act with the app's ctx, and so must record no event.
  app.addHook('preHandler', actorHook(ctx, (req) => ({ kind: 'customer', id: req.user ? String(req.user.id) : null })));

  await app.register(async (pub: TypedApp) => {
    for (const routes of publicRoutes) routes(pub);
  });
  await app.register(async (priv: TypedApp) => {
    // Checked on request, before the body is read: no token, no further work and no validation oracle.
    priv.addHook('onRequest', requireUser(ctx));
    priv.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, security: [{ bearerAuth: [] }] };
    });
    addIdempotency(priv, ctx, { scope: (req) => `user:${currentUser(req).id}`, errorEnvelope: ErrorEnvelope });
    for (const routes of privateRoutes) routes(priv);
  });
}
