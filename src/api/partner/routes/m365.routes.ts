import type { PartnerRoutes } from '../types.js';
import { currentPartner } from '../auth-guard.js';
import { partnerErrors } from '../errors.js';
import { PartnerEnvelope, partnerOk } from '../schemas/envelope.js';
import {
  AddSubscriptionBody, AddSubscriptionResponse, AddTenantBody, CatalogResponse, CheckTenantQuery, CheckTenantResponse,
  OrderSchema, QuantityBody, ServiceParams, SubscriptionParams, SubscriptionsResponse, TenantCreated,
} from '../schemas/m365.schema.js';
import { toCatalogItemWire, toNceLicenseWire, toOrderWire } from '../mappers/m365.mapper.js';
import { queryFromJsonBody } from '../json-body-on-get.js';
import { listCatalog } from '../../../core/m365/list-catalog.js';
import { addTenant } from '../../../core/m365/add-tenant.js';
import { checkTenantName } from '../../../core/m365/check-tenant.js';
import { addSubscription } from '../../../core/m365/add-subscription.js';
import { updateSubscriptionQuantity } from '../../../core/m365/update-subscription-quantity.js';
import { listSubscriptions } from '../../../core/m365/list-subscriptions.js';
import { ctxOf } from '../../shared/actor-hook.js';

/** Microsoft 365: catalog, tenants and subscriptions (the document's M365 sections, under "Products"). */
export const m365Routes: PartnerRoutes = (app) => {
  app.get(
    '/products/m365/catalog',
    {
      schema: {
        tags: ['Products'],
        summary: 'Get Subscription Catalog',
        response: { 200: CatalogResponse, ...partnerErrors(401) },
      },
    },
    // The document's catalog answer has no customData, unlike most.
    async (req) => ({ success: true as const, message: 'Subscription Catalog', data: (await listCatalog(ctxOf(req))).map(toCatalogItemWire) }),
  );

  app.post(
    '/products/m365/tenant',
    {
      schema: {
        tags: ['Products'],
        summary: 'Add Tenant',
        body: AddTenantBody,
        response: { 201: PartnerEnvelope(TenantCreated), ...partnerErrors(400, 401, 403, 404, 422, 502) },
      },
    },
    async (req, reply) => {
      const { service } = await addTenant(ctxOf(req), {
        partner: currentPartner(req), tenantName: req.body.tenant_name, clientId: req.body.client_id,
      });
      return reply.code(201).send(partnerOk('Added Tenant', { service_id: String(service.id) }));
    },
  );

  app.get(
    '/products/m365/check-tenant',
    {
      // The document sends tenant_name as a JSON body on this GET; a query string works too.
      preValidation: queryFromJsonBody(['tenant_name']),
      schema: {
        tags: ['Products'],
        summary: 'Check the availability of the Microsoft tenant name',
        querystring: CheckTenantQuery,
        response: { 201: CheckTenantResponse, ...partnerErrors(400, 401, 413, 422, 502) },
      },
    },
    async (req, reply) => {
      const check = await checkTenantName(ctxOf(req), req.query.tenant_name);
      const message = check.available
        ? `${check.domain} is available to register!`
        : `${check.domain} is not available to register${check.reason ? `: ${check.reason}` : ''}!`;
      // 201 as the document's example, for a taken name too: the check itself succeeded; `available` answers it.
      return reply.code(201).send({ success: true as const, available: check.available, message });
    },
  );

  app.post(
    '/products/:serviceId/m365/subscription',
    {
      schema: {
        tags: ['Products'],
        summary: 'Add a new M365 subscription',
        params: ServiceParams,
        body: AddSubscriptionBody,
        response: { 200: AddSubscriptionResponse, ...partnerErrors(400, 401, 403, 404, 422, 502) },
      },
    },
    async (req) => {
      const partner = currentPartner(req);
      const added = await addSubscription(ctxOf(req), {
        partner, serviceId: req.params.serviceId, catalogId: req.body.catalog_id, quantity: req.body.quantity,
        termDuration: req.body.term_duration, billingCycle: req.body.billing_cycle,
      });
      return { success: true as const, data: toOrderWire(added, partner, 'code') };
    },
  );

  app.post(
    '/products/:serviceId/m365/subscription/:subscriptionId/update/quantity',
    {
      schema: {
        tags: ['Products'],
        summary: 'Update M365 subscription quantity',
        params: SubscriptionParams,
        body: QuantityBody,
        response: { 200: PartnerEnvelope(OrderSchema), ...partnerErrors(400, 401, 403, 404, 422, 502) },
      },
    },
    async (req) => {
      const partner = currentPartner(req);
      const updated = await updateSubscriptionQuantity(ctxOf(req), {
        partner, serviceId: req.params.serviceId, subscriptionId: req.params.subscriptionId, quantity: req.body.quantity,
      });
      return partnerOk('Subscription has been updated!', toOrderWire(updated, partner, 'name'));
    },
  );

  app.get(
    '/products/:serviceId/m365/subscriptions',
    {
      schema: {
        tags: ['Products'],
        summary: "Get list of User's M365 subscriptions",
        params: ServiceParams,
        response: { 200: SubscriptionsResponse, ...partnerErrors(401, 403, 404, 422, 502) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const partner = currentPartner(req);
      const { items } = await listSubscriptions(ctx, { partner, serviceId: req.params.serviceId });
      const now = ctx.clock.now();
      return { nce_licenses: items.map((item) => toNceLicenseWire(item, partner, now)) };
    },
  );
};
