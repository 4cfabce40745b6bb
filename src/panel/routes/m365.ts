import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Partner } from '../../ports/store/partners.js';
import { listPartnerTenants } from '../../core/m365/list-partner-tenants.js';
import { listSubscriptions } from '../../core/m365/list-subscriptions.js';
import { listCatalog } from '../../core/m365/list-catalog.js';
import { addTenant } from '../../core/m365/add-tenant.js';
import { addSubscription } from '../../core/m365/add-subscription.js';
import { updateSubscriptionQuantity } from '../../core/m365/update-subscription-quantity.js';
import { listClients } from '../../core/partners/clients/list-clients.js';
import type { FormErrors } from '../layout.js';
import { pageContext, sendPage } from '../request-state.js';
import { M365_PATH, NOTICES, m365Page, seatsField, tenantPage, tenantPath, type M365Notice, type TenantForms } from '../views/m365.js';
import { partnerOf, pathId } from './partner-account.js';
import { formErrors } from '../form-errors.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

type Form = Record<string, string | undefined>;

/**
 * A number as typed: digits only, else NaN, which the core refuses with its words (as the API's
 * schema refuses a quantity that is not an integer).
 */
const typedNumber = (value: string | undefined): number => (/^[0-9]{1,9}$/.test((value ?? '').trim()) ? Number(value!.trim()) : NaN);

const doneOf = (request: FastifyRequest): M365Notice | undefined => {
  const done = (request.query as Form).done;
  return done && Object.hasOwn(NOTICES, done) ? (done as M365Notice) : undefined;
};

/**
 * The partner's Microsoft 365 under /panel/m365: every read and change is the partner API's core
 * command (tenants: addTenant; subscriptions: listSubscriptions, addSubscription; seats:
 * updateSubscriptionQuantity). Another partner's tenant is the core's forbidden: the 404 page.
 * A refusal by the core or by Microsoft's rules (fewer seats after the cancellation window, an
 * offer's seat limits) is shown beside the field, 400, nothing changed.
 */
export function m365Routes(app: FastifyInstance): void {
  async function sendList(request: FastifyRequest, reply: FastifyReply, partner: Partner, status: number, refused?: { form: Form; errors: FormErrors }) {
    const ctx = ctxOf(request);
    const [tenants, clients] = await Promise.all([listPartnerTenants(ctx, { partner }), listClients(ctx, partner)]);
    const names = new Map(clients.map(({ user, contact }) => [user.id, `${contact.first_name} ${contact.last_name}`.trim() || user.email]));
    const rows = [];
    for (const { service, tenant } of tenants) {
      const { items } = await listSubscriptions(ctx, { partner, serviceId: service.id });
      rows.push({ serviceId: service.id, tenant, owner: service.user_id === partner.user_id ? '' : names.get(service.user_id) ?? '', subscriptions: items });
    }
    // Drawn for a refused POST too: its language switch comes back to the list, which has a GET.
    return sendPage(reply, status, m365Page({ ...pageContext(request), path: M365_PATH }, {
      tenants: rows, clients: [...names], form: refused?.form, errors: refused?.errors, done: refused ? undefined : doneOf(request),
    }));
  }

  async function sendTenant(request: FastifyRequest, reply: FastifyReply, partner: Partner, serviceId: number, status: number, refused?: { forms: TenantForms; errors: FormErrors }) {
    const ctx = ctxOf(request);
    const [{ tenant, items }, catalog] = await Promise.all([listSubscriptions(ctx, { partner, serviceId }), listCatalog(ctx)]);
    // The page answering a refused POST: its language switch comes back to the tenant's page.
    const c = { ...pageContext(request), path: tenantPath(serviceId) };
    return sendPage(reply, status, tenantPage(c, {
      serviceId, tenant, subscriptions: items, catalog, forms: refused?.forms, errors: refused?.errors, done: refused ? undefined : doneOf(request),
    }));
  }

  const serviceIdOf = (request: FastifyRequest) => pathId((request.params as { serviceId: string }).serviceId);

  app.get('/m365', async (request, reply) => {
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    return sendList(request, reply, partner, 200);
  });

  app.post('/m365/tenants', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const body = request.body as Form;
    const client = (body.client_id ?? '').trim();
    let serviceId: number;
    try {
      // A client chosen is one of the partner's (the core's rule): another partner's is the 404 page.
      const added = await addTenant(ctx, { partner, tenantName: (body.tenant_name ?? '').trim(), clientId: client === '' ? undefined : pathId(client) });
      serviceId = added.service.id;
    } catch (err) {
      const errors = formErrors(pageContext(request).t, err, 'tenant_name', (f) => f);
      if (!errors) throw err;
      return sendList(request, reply, partner, 400, { form: { tenant_name: body.tenant_name, client_id: client }, errors });
    }
    return reply.redirect(`${tenantPath(serviceId)}?done=tenant`, 303);
  });

  app.get('/m365/:serviceId', async (request, reply) => {
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    return sendTenant(request, reply, partner, serviceIdOf(request), 200);
  });

  app.post('/m365/:serviceId/subscriptions', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const serviceId = serviceIdOf(request);
    const body = request.body as Form;
    try {
      await addSubscription(ctx, {
        partner, serviceId, catalogId: typedNumber(body.catalog_id) || 0, quantity: typedNumber(body.quantity),
        termDuration: body.term_duration ?? '', billingCycle: body.billing_cycle ?? '',
      });
    } catch (err) {
      const errors = formErrors(pageContext(request).t, err, 'quantity', (f) => f);
      if (!errors) throw err;
      const { catalog_id, quantity, term_duration, billing_cycle } = body;
      return sendTenant(request, reply, partner, serviceId, 400, { forms: { subscription: { catalog_id, quantity, term_duration, billing_cycle } }, errors });
    }
    return reply.redirect(`${tenantPath(serviceId)}?done=subscription`, 303);
  });

  app.post('/m365/:serviceId/subscriptions/:subscriptionId/quantity', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const serviceId = serviceIdOf(request);
    const { subscriptionId } = request.params as { subscriptionId: string };
    const body = request.body as Form;
    try {
      await updateSubscriptionQuantity(ctx, { partner, serviceId, subscriptionId, quantity: typedNumber(body.quantity) });
    } catch (err) {
      // Every refusal of a seat change is the seat field's: the core's range and Microsoft's rules alike.
      const errors = formErrors(pageContext(request).t, err, seatsField(subscriptionId), () => seatsField(subscriptionId));
      if (!errors) throw err;
      return sendTenant(request, reply, partner, serviceId, 400, { forms: { seats: { [subscriptionId]: body.quantity ?? '' } }, errors });
    }
    return reply.redirect(`${tenantPath(serviceId)}?done=seats`, 303);
  });
}
