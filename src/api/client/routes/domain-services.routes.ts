import { Type } from '@sinclair/typebox';
import type { ClientRoutes } from '../types.js';
import { currentUser } from '../auth-guard.js';
import { errorResponses } from '../errors.js';
import { Envelope, ListEnvelope, ok } from '../schemas/envelope.js';
import { IdParam } from '../schemas/id-param.js';
import { RenewBody, ServiceSchema } from '../schemas/service.schema.js';
import { toServiceWire } from '../mappers/service.mapper.js';
import { PageQuery, pageMeta, toPage } from '../../shared/pagination.js';
import { listDomainServices } from '../../../core/services/list-domain-services.js';
import { setServiceRenew } from '../../../core/services/set-service-renew.js';
import { ctxOf } from '../../shared/actor-hook.js';

const DomainParam = Type.String({ minLength: 1, maxLength: 253, description: 'Domain name (unicode or punycode)' });

export const domainServiceRoutes: ClientRoutes = (app) => {
  app.get(
    '/domain/domains/:domain/services',
    {
      schema: {
        tags: ['Domain'],
        summary: 'Services - Retrieve a collection of services for the specified Domain',
        params: Type.Object({ domain: DomainParam }),
        querystring: PageQuery,
        response: { 200: ListEnvelope(ServiceSchema), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req) => {
      const page = await listDomainServices(ctxOf(req), {
        userId: currentUser(req).id, domain: req.params.domain, page: toPage(req.query),
      });
      return { message: '', data: page.items.map(toServiceWire), meta: pageMeta(req.query, page.items.length, page.total) };
    },
  );

  app.patch(
    '/domain/domains/:domain/services/:id',
    {
      schema: {
        tags: ['Domain'],
        summary: 'Services - Update renew status of service for the specified Domain',
        params: Type.Object({ domain: DomainParam, id: IdParam }),
        body: RenewBody,
        response: { 200: Envelope(ServiceSchema), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => {
      const service = await setServiceRenew(ctxOf(req), {
        userId: currentUser(req).id, domain: req.params.domain, serviceId: req.params.id, renew: req.body.renew,
      });
      return ok(toServiceWire(service));
    },
  );
};
