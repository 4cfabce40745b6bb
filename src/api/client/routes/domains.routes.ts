import type { ClientRoutes } from '../types.js';
import { currentUser } from '../auth-guard.js';
import { errorResponses } from '../errors.js';
import { Envelope, ListEnvelope, MessageEnvelope, done, ok } from '../schemas/envelope.js';
import {
  AuthCodeSchema, DomainParams, DomainPatchBody, DomainSchema, PurchaseBody, RenewBody, TransferBody,
} from '../schemas/domain.schema.js';
import { toDomainWire } from '../mappers/domain.mapper.js';
import { PageQuery, pageMeta, toPage } from '../../shared/pagination.js';
import { orderRequest } from '../../shared/idempotency.js';
import { purchaseDomain } from '../../../core/domains/purchase-domain.js';
import { renewDomain } from '../../../core/domains/renew-domain.js';
import { transferDomain } from '../../../core/domains/transfer-domain.js';
import { listDomains } from '../../../core/domains/list-domains.js';
import { getDomain } from '../../../core/domains/get-domain.js';
import { updateDomain } from '../../../core/domains/update-domain.js';
import { getAuthCode } from '../../../core/domains/get-auth-code.js';
import { ctxOf } from '../../shared/actor-hook.js';

const SUCCESS = 'Request was successful';

export const domainRoutes: ClientRoutes = (app) => {
  app.post(
    '/domain/domains/purchase',
    {
      schema: {
        tags: ['Domain'],
        summary: 'Purchase the specified Domain',
        description: 'Orders the registration and invoices it; the domain is `pending` until the invoice is paid.',
        body: PurchaseBody,
        response: { 200: MessageEnvelope, ...errorResponses(401, 422, 503) },
      },
    },
    async (req) => {
      const b = req.body;
      await purchaseDomain(ctxOf(req), currentUser(req).id, {
        domain: b.domain ?? '',
        years: b.years ?? 1,
        nameServers: b.nameServers,
        registrantContact: b.registrantContact ?? {},
      }, orderRequest(req));
      return done(SUCCESS);
    },
  );

  app.post(
    '/domain/domains/renew',
    {
      schema: {
        tags: ['Domain'],
        summary: 'Renew the specified Domain',
        body: RenewBody,
        response: { 200: MessageEnvelope, ...errorResponses(401, 404, 422) },
      },
    },
    async (req) => {
      await renewDomain(ctxOf(req), currentUser(req).id, { domain: req.body.domain ?? '', years: req.body.years ?? 1 }, orderRequest(req));
      return done(SUCCESS);
    },
  );

  app.post(
    '/domain/domains/transfer',
    {
      schema: {
        tags: ['Domain'],
        summary: 'Transfer the specified Domain',
        description: 'Start domain transfer process from other registrar (or another account) to this provider.',
        body: TransferBody,
        response: { 200: MessageEnvelope, ...errorResponses(401, 422, 503) },
      },
    },
    async (req) => {
      await transferDomain(ctxOf(req), currentUser(req).id, { domain: req.body.domain ?? '', authCode: req.body.authCode ?? '' }, orderRequest(req));
      return done(SUCCESS);
    },
  );

  app.get(
    '/domain/domains',
    {
      schema: {
        tags: ['Domain'],
        summary: 'Retrieve a collection of domains for the authenticated User',
        querystring: PageQuery,
        response: { 200: ListEnvelope(DomainSchema), ...errorResponses(401, 422) },
      },
    },
    async (req) => {
      const page = await listDomains(ctxOf(req), currentUser(req).id, toPage(req.query));
      return { message: '', data: page.items.map(toDomainWire), meta: pageMeta(req.query, page.items.length, page.total) };
    },
  );

  app.get(
    '/domain/domains/:domain',
    {
      config: { readsDomain: true },
      schema: {
        tags: ['Domain'],
        summary: 'Retrieve details for the specified Domain',
        params: DomainParams,
        response: { 200: Envelope(DomainSchema), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req) => ok(toDomainWire(await getDomain(ctxOf(req), currentUser(req).id, req.params.domain, req.domainReadAhead))),
  );

  app.patch(
    '/domain/domains/:domain',
    {
      schema: {
        tags: ['Domain'],
        summary: 'Modify the information for the Domain',
        params: DomainParams,
        body: DomainPatchBody,
        response: { 200: Envelope(DomainSchema), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => ok(toDomainWire(await updateDomain(ctxOf(req), currentUser(req).id, req.params.domain, req.body))),
  );

  app.get(
    '/domain/domains/:domain/authcode',
    {
      schema: {
        tags: ['Auth Code'],
        summary: 'Generate authorization code for the specified Domain',
        description: 'An Auth Code is required to transfer a domain name between domain registrars. Each request issues a new code.',
        params: DomainParams,
        response: { 200: Envelope(AuthCodeSchema), ...errorResponses(400, 401, 403, 404, 422, 503) },
      },
    },
    async (req) => ok({ authCode: await getAuthCode(ctxOf(req), currentUser(req).id, req.params.domain) }),
  );
};
