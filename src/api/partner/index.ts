import type { Ctx } from '../../core/context.js';
import type { PartnerRoutes, TypedApp } from './types.js';
import { currentPartner, requirePartner } from './auth-guard.js';
import { PartnerErrorEnvelope, partnerErrorHandler, sendPartnerError } from './errors.js';
import { addIdempotency } from '../shared/idempotency.js';
import { actorHook } from '../shared/actor-hook.js';
import { authRoutes } from './routes/auth.routes.js';
import { clientRoutes } from './routes/clients.routes.js';
import { domainRoutes } from './routes/domains.routes.js';
import { recordRoutes } from './routes/records.routes.js';
import { productRoutes } from './routes/products.routes.js';
import { m365Routes } from './routes/m365.routes.js';
import { dnssecRoutes } from './routes/dnssec.routes.js';
import { eventRoutes } from './routes/events.routes.js';
import { webhookRoutes } from './routes/webhooks.routes.js';

const publicRoutes: PartnerRoutes[] = [authRoutes];
/** Every route of the document "requires authentication": an API key or an access token. */
const privateRoutes: PartnerRoutes[] = [clientRoutes, domainRoutes, recordRoutes, dnssecRoutes, productRoutes, m365Routes, eventRoutes, webhookRoutes];

/**
 * The partner API (Nomeo-compatible), mounted at the root beside /api/v1, with its own error envelope
 * (see errors.ts). Unknown paths outside /api/v1 answer in this envelope too.
 */
export async function partnerApi(app: TypedApp, ctx: Ctx): Promise<void> {
  app.setErrorHandler(partnerErrorHandler);
  app.setNotFoundHandler((_req, reply) => sendPartnerError(reply, 404, 'Not found.'));
  // Events recorded by a request name the credential it carried (its visible prefix, which the partner
  // knows its keys by); the partner itself is the event's partner_id. Handlers act with the ctx this
  // hook makes (ctxOf); the hooks before it (the guard, Idempotency-Key) with the app's, and so must
  // record no event.
  app.addHook('preHandler', actorHook(ctx, (req) => ({ kind: 'partner', id: req.partnerCredential ?? null })));
  await app.register(async (pub: TypedApp) => {
    for (const routes of publicRoutes) routes(pub);
  });
  await app.register(async (priv: TypedApp) => {
    priv.addHook('onRequest', requirePartner(ctx));
    priv.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, security: [{ partnerKey: [] }] };
    });
    addIdempotency(priv, ctx, { scope: (req) => `partner:${currentPartner(req).id}`, errorEnvelope: PartnerErrorEnvelope });
    for (const routes of privateRoutes) routes(priv);
  });
}
