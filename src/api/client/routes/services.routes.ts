import { Type } from '@sinclair/typebox';
import type { ClientRoutes } from '../types.js';
import { currentUser } from '../auth-guard.js';
import { errorResponses } from '../errors.js';
import { Envelope, ListEnvelope, ok } from '../schemas/envelope.js';
import { IdParam } from '../schemas/id-param.js';
import { RenewBody, ServiceSchema } from '../schemas/service.schema.js';
import { toServiceWire } from '../mappers/service.mapper.js';
import { PageQuery, pageMeta, toPage } from '../../shared/pagination.js';
import { listServices } from '../../../core/services/list-services.js';
import { getService } from '../../../core/services/get-service.js';
import { setServiceRenew } from '../../../core/services/set-service-renew.js';
import { ctxOf } from '../../shared/actor-hook.js';

const ServiceId = Type.Object({ id: IdParam });

export const serviceRoutes: ClientRoutes = (app) => {
  app.get(
    '/service/services',
    {
      schema: {
        tags: ['Service'],
        summary: 'Retrieve a collection of services for the authenticated User',
        querystring: PageQuery,
        response: { 200: ListEnvelope(ServiceSchema), ...errorResponses(401, 422) },
      },
    },
    async (req) => {
      const page = await listServices(ctxOf(req), { userId: currentUser(req).id, page: toPage(req.query) });
      return { message: '', data: page.items.map(toServiceWire), meta: pageMeta(req.query, page.items.length, page.total) };
    },
  );

  app.get(
    '/service/services/:id',
    {
      schema: {
        tags: ['Service'],
        summary: 'Retrieve details for the specified Service',
        params: ServiceId,
        response: { 200: Envelope(ServiceSchema), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req) => ok(toServiceWire(await getService(ctxOf(req), { userId: currentUser(req).id, serviceId: req.params.id }))),
  );

  app.patch(
    '/service/services/:id',
    {
      schema: {
        tags: ['Service'],
        summary: 'Update renew status of Service',
        params: ServiceId,
        body: RenewBody,
        response: { 200: Envelope(ServiceSchema), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => {
      const service = await setServiceRenew(ctxOf(req), { userId: currentUser(req).id, serviceId: req.params.id, renew: req.body.renew });
      return ok(toServiceWire(service));
    },
  );
};
