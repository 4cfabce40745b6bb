import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../ports/store.js';
import { notFound } from '../../core/errors.js';
import { listExpiringDomains } from '../../core/domains/list-expiring-domains.js';
import { listInvoices } from '../../core/billing/list-invoices.js';
import { listDomains } from '../../core/domains/list-domains.js';
import { getDomain } from '../../core/domains/get-domain.js';
import { domainNameservers } from '../../core/domains/nameserver-list.js';
import { pageContext, sendPage, stateOf } from '../request-state.js';
import { customerStartPage, domainPage, domainsPage } from '../views/customer.js';
import { partnerStart } from './partner.js';
import { domainSettings } from './domain-settings.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

export const EXPIRING_DAYS = 60;
const START_LIST = 20;
export const PAGE_SIZE = 25;

/** A 1-based page number from a query value (anything else is page 1). */
export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' && /^[0-9]{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(1, n);
}

/**
 * The customer logged in, undefined after redirecting to the login page when nobody is; a partner's
 * person reaching a customer page gets 404, as for any page not theirs.
 */
export function customerOf(request: FastifyRequest, reply: FastifyReply): User | undefined {
  const account = stateOf(request).account;
  if (!account) {
    void reply.redirect('/panel/login', 303);
    return undefined;
  }
  if (account.kind !== 'customer') throw notFound();
  return account.user;
}

/** The customer's start page, domain list and domain page. */
export function customerRoutes(app: FastifyInstance): void {
  app.get('/', async (request, reply) => {
    const ctx = ctxOf(request);
    const account = stateOf(request).account;
    if (!account) return reply.redirect('/panel/login', 303);
    if (account.kind === 'partner') return partnerStart(request, reply, account.partner.id);
    const [expiring, unpaid] = await Promise.all([
      listExpiringDomains(ctx, account.user.id, EXPIRING_DAYS, START_LIST),
      listInvoices(ctx, { userId: account.user.id, unpaid: true, page: { limit: START_LIST, offset: 0 } }),
    ]);
    return sendPage(reply, 200, customerStartPage(pageContext(request), { expiring, days: EXPIRING_DAYS, unpaid: unpaid.items.map((i) => i.invoice) }));
  });

  app.get('/domains', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const query = request.query as Record<string, string | undefined>;
    const q = (query.q ?? '').trim().slice(0, 253);
    const page = pageNumber(query.page);
    const result = await listDomains(ctx, user.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, q);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    return sendPage(reply, 200, domainsPage(pageContext(request), { domains: result.items.map((v) => v.domain), total: result.total, q, page, pages }));
  });

  app.get('/domains/:name', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    // getDomain's forbidden (another customer's domain) is a 404 here: the panel does not tell
    // whether a name it will not show exists (errors.ts).
    const { domain } = await getDomain(ctx, user.id, (request.params as { name: string }).name);
    const settings = domainSettings(request, ctx, domain);
    return sendPage(reply, 200, domainPage(pageContext(request), { domain, nameservers: domainNameservers(domain), settings }));
  });
}
