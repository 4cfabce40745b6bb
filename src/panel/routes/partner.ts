import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pageClients } from '../../core/partners/clients/page-clients.js';
import type { PanelDeps } from '../index.js';
import { pageContext, sendPage } from '../request-state.js';
import { partnerStartPage } from '../views/partner.js';
import { PAGE_SIZE, pageNumber } from './customer.js';

/** The partner's start page (GET /panel for a partner's person): its clients, paged in the store. */
export async function partnerStart(request: FastifyRequest, reply: FastifyReply, { ctx }: PanelDeps, partnerId: number): Promise<FastifyReply> {
  const page = pageNumber((request.query as Record<string, string | undefined>).page);
  const result = await pageClients(ctx, partnerId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  return sendPage(reply, 200, partnerStartPage(pageContext(request), { clients: result.items, page, pages }));
}

/** Partner pages beyond the start page come here (clients' domains, API keys: later slices). */
export function partnerRoutes(_app: FastifyInstance, _deps: PanelDeps): void {}
