import type { PartnerRoutes } from '../types.js';
import { Type } from '@sinclair/typebox';
import { currentPartner } from '../auth-guard.js';
import { partnerErrors } from '../errors.js';
import { PartnerEnvelope, partnerOk } from '../schemas/envelope.js';
import {
  ChangeNameserversBody, ChangeNameserversResponse, CheckDomainBody, CheckDomainResponse, DomainDetailSchema,
  DomainListItemSchema, DomainParams, RegisterDomainBody, RegisterDomainData,
} from '../schemas/domain.schema.js';
import { toDomainDetailWire, toDomainListItemWire } from '../mappers/domain.mapper.js';
import { orderRequest } from '../../shared/idempotency.js';
import { orderPartnerDomain, type PartnerDomainOrderResult } from '../../../core/partners/domains/order-partner-domain.js';
import { checkPartnerDomain } from '../../../core/partners/domains/check-partner-domain.js';
import { listPartnerDomains } from '../../../core/partners/domains/list-partner-domains.js';
import { showPartnerDomain } from '../../../core/partners/domains/show-partner-domain.js';
import { changePartnerNameservers } from '../../../core/partners/domains/change-partner-nameservers.js';
import { ctxOf } from '../../shared/actor-hook.js';

const TAGS = ['Partner: Domain'];

/**
 * The message of POST domains/register. The document gives the registration's; a transfer says
 * "Transferred successfully"; an order the registry has not answered yet (it is retried) says
 * it was requested.
 */
function orderMessage(r: PartnerDomainOrderResult): string {
  if (!r.completed) return r.action === 'register' ? 'Registration requested' : 'Transfer requested';
  if (r.action === 'register') return 'Registered successfully';
  return r.nameserverError ? `Transferred successfully; the nameservers were not changed: ${r.nameserverError}` : 'Transferred successfully';
}

/** The document's Domain APIs but the DNS records (records.routes.ts), and GET domains/{domain}. */
export const domainRoutes: PartnerRoutes = (app) => {
  app.post(
    '/domains/register',
    {
      schema: {
        tags: TAGS,
        summary: 'Register domain',
        description:
          'Registers (action=register) or transfers in (action=transfer) a domain for a client (client_id) or for the partner itself. '
          + 'Fulfilled at once and billed as a line on the partner\'s monthly invoice. Another partner\'s client_id: 403; an unknown one: 422.',
        body: RegisterDomainBody,
        response: { 201: PartnerEnvelope(RegisterDomainData), ...partnerErrors(401, 403, 422, 503) },
      },
    },
    async (req, reply) => {
      const result = await orderPartnerDomain(ctxOf(req), currentPartner(req), req.body, orderRequest(req));
      reply.code(201);
      return partnerOk(orderMessage(result), { order_id: result.order.id, domain_id: result.domain ? String(result.domain.id) : '' });
    },
  );

  app.post(
    '/domains/check-domain',
    {
      schema: {
        tags: TAGS,
        summary: 'Check the availability of domain',
        body: CheckDomainBody,
        response: { 200: CheckDomainResponse, ...partnerErrors(401, 422, 503) },
      },
    },
    async (req) => ({ success: true as const, ...(await checkPartnerDomain(ctxOf(req), req.body)) }),
  );

  app.get(
    '/domains/list',
    {
      schema: {
        tags: TAGS,
        summary: 'Get domains list',
        description: 'Every live domain of the partner: its own and its clients\'.',
        response: { 200: Type.Object({ data: Type.Array(DomainListItemSchema) }), ...partnerErrors(401) },
      },
    },
    async (req) => ({ data: (await listPartnerDomains(ctxOf(req), currentPartner(req))).map(toDomainListItemWire) }),
  );

  app.get(
    '/domains/:domain',
    {
      schema: {
        tags: TAGS,
        summary: 'Get domain',
        description:
          'Not in the document: the list\'s fields, the nameservers as change-nameservers takes them (ns1-ns4, null when unset; ns5 and on only when the domain has more), '
          + 'and the contacts by role (registrant and admin: the registrant; billing: the billing contact; on_site and tech: null).',
        params: DomainParams,
        response: { 200: PartnerEnvelope(DomainDetailSchema), ...partnerErrors(401, 403, 404) },
      },
    },
    async (req) => partnerOk('Domain details', toDomainDetailWire(await showPartnerDomain(ctxOf(req), currentPartner(req), req.params.domain))),
  );

  app.post(
    '/domains/:domain/change-nameservers',
    {
      schema: {
        tags: TAGS,
        summary: 'Change nameservers',
        params: DomainParams,
        body: ChangeNameserversBody,
        response: { 201: ChangeNameserversResponse, ...partnerErrors(401, 403, 404, 422, 503) },
      },
    },
    async (req, reply) => {
      await changePartnerNameservers(ctxOf(req), currentPartner(req), req.params.domain, req.body);
      reply.code(201);
      return { ResultCode: 1 as const, ResultMessage: 'Updated domain nameservers!', Success: true as const };
    },
  );
};
