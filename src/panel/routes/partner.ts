import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../core/errors.js';
import { pageClients } from '../../core/partners/clients/page-clients.js';
import { showClient } from '../../core/partners/clients/show-client.js';
import { pagePartnerDomains } from '../../core/partners/domains/list-partner-domains.js';
import { showPartnerDomain } from '../../core/partners/domains/show-partner-domain.js';
import { pageContext, sendPage } from '../request-state.js';
import { clientPage, partnerDomainPage, partnerStartPage } from '../views/partner.js';
import { PAGE_SIZE, pageNumber } from './customer.js';
import { partnerScope, recordEditorRoutes } from './dns-editor.js';
import { partnerOf } from './partner-account.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

/** The partner's start page (GET /panel for a partner's person): its clients, paged in the store. */
export async function partnerStart(request: FastifyRequest, reply: FastifyReply, partnerId: number): Promise<FastifyReply> {
  const ctx = ctxOf(request);
  const page = pageNumber((request.query as Record<string, string | undefined>).page);
  const result = await pageClients(ctx, partnerId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  return sendPage(reply, 200, partnerStartPage(pageContext(request), { clients: result.items, page, pages }));
}

/** A client id from the path; anything else is a page that does not exist. */
function clientId(params: unknown): number {
  const id = (params as { id?: string }).id ?? '';
  if (!/^[0-9]{1,15}$/.test(id)) throw notFound();
  return Number(id);
}

/**
 * The partner's pages beyond the start page: a client (its details and domains), a domain, and the
 * DNS editor through the partner API's core commands. Ownership is the core's: another partner's
 * client or domain is its forbidden, the 404 page.
 */
export function partnerRoutes(app: FastifyInstance): void {
  app.get('/clients/:id', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const id = clientId(request.params);
    const page = pageNumber((request.query as Record<string, string | undefined>).page);
    const client = await showClient(ctx, partner, id);
    const domains = await pagePartnerDomains(ctx, partner, { clientId: id, page: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } });
    const pages = Math.max(1, Math.ceil(domains.total / PAGE_SIZE));
    return sendPage(reply, 200, clientPage(pageContext(request), { client, domains: domains.items, total: domains.total, page, pages }));
  });

  app.get('/partner/domains/:name', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const details = await showPartnerDomain(ctx, partner, (request.params as { name: string }).name);
    return sendPage(reply, 200, partnerDomainPage(pageContext(request), { details }));
  });

  recordEditorRoutes(app, '/partner/domains/:name/records', (request, reply) => {
    const partner = partnerOf(request, reply);
    return partner && partnerScope(ctxOf(request), partner, (request.params as { name: string }).name);
  });
}
