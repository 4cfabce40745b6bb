import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, notFound } from '../../core/errors.js';
import { listServices } from '../../core/services/list-services.js';
import { getService } from '../../core/services/get-service.js';
import { setServiceRenew } from '../../core/services/set-service-renew.js';
import { serviceDomains } from '../../core/services/service-domains.js';
import type { Ctx } from '../../core/context.js';
import type { FormErrors } from '../layout.js';
import { pageContext, sendPage } from '../request-state.js';
import { SERVICE_NOTICES, serviceHref, servicePage, servicesPage, type ServiceNotice } from '../views/services.js';
import { customerOf, pageNumber, PAGE_SIZE } from './customer.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

type Form = Record<string, string | undefined>;

/** A service id from the path; anything else is a page that does not exist (never a 400 that says more). */
function serviceId(request: FastifyRequest): number {
  const id = (request.params as { id: string }).id;
  if (!/^[0-9]{1,9}$/.test(id)) throw notFound();
  return Number(id);
}

/**
 * The service page, read through the core (another customer's service is its forbidden, the 404
 * page), with what a refused form sent when there is one.
 */
async function sendServicePage(
  request: FastifyRequest, reply: FastifyReply, ctx: Ctx, userId: number, status: number,
  refused?: { errors: FormErrors; renew: boolean | undefined },
): Promise<FastifyReply> {
  const service = await getService(ctx, { userId, serviceId: serviceId(request) });
  const domains = await serviceDomains(ctx, { userId, services: [service] });
  const domain = service.domain_id === null ? undefined : domains.get(service.domain_id);
  const saved = (request.query as Form).saved;
  const notice = !refused && saved !== undefined && Object.hasOwn(SERVICE_NOTICES, saved) ? (saved as ServiceNotice) : undefined;
  // A page drawn for a POST has its language switch come back to the service's page.
  const c = refused ? { ...pageContext(request), path: serviceHref(service.id) } : pageContext(request);
  return sendPage(reply, status, servicePage(c, {
    service, domain, renew: refused ? refused.renew : service.renew === 1, errors: refused?.errors, saved: notice,
  }));
}

/**
 * The customer's services under /panel/services, through the client API's commands: listServices,
 * getService, and setServiceRenew (its PATCH of `renew`), whose refusal of an expired service is shown
 * at the form in the core's words.
 */
export function serviceRoutes(app: FastifyInstance): void {
  app.get('/services', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const page = pageNumber((request.query as Form).page);
    const result = await listServices(ctx, { userId: user.id, page: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } });
    const domains = await serviceDomains(ctx, { userId: user.id, services: result.items });
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    return sendPage(reply, 200, servicesPage(pageContext(request), { services: result.items, domains, total: result.total, page, pages }));
  });

  app.get('/services/:id', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    return sendServicePage(request, reply, ctx, user.id, 200);
  });

  app.post('/services/:id/renew', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const id = serviceId(request);
    const value = (request.body as Form).renew;
    const renew = value === '1' ? true : value === '0' ? false : undefined;
    const { t } = pageContext(request);
    // A form sent without a choice is the panel's to refuse, as the API's schema refuses a renew that
    // is not a boolean; the page reads the service first, so another customer's is still a 404.
    if (renew === undefined) return sendServicePage(request, reply, ctx, user.id, 400, { errors: { renew: t('services.renew.choose') }, renew });
    try {
      await setServiceRenew(ctx, { userId: user.id, serviceId: id, renew });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'rejected') throw error;
      return sendServicePage(request, reply, ctx, user.id, 400, { errors: { renew: t.core(error.message) }, renew });
    }
    return reply.redirect(`${serviceHref(id)}?saved=${renew ? 'renewOn' : 'renewOff'}`, 303);
  });
}
