import type { PartnerRoutes } from '../types.js';
import { currentPartner } from '../auth-guard.js';
import { partnerErrors } from '../errors.js';
import { LicensesResponse, ServicesQuery, ServicesResponse } from '../schemas/products.schema.js';
import { toPartnerServiceWire } from '../mappers/product.mapper.js';
import { isoDate } from '../../../core/dates.js';
import { listPartnerServices } from '../../../core/partners/products/list-partner-services.js';
import { listPartnerLicenses } from '../../../core/partners/products/list-partner-licenses.js';
import { ctxOf } from '../../shared/actor-hook.js';

/** Products: the services and licences of a partner and its clients (the document's "Products"). */
export const productRoutes: PartnerRoutes = (app) => {
  app.get(
    '/products/services',
    {
      schema: {
        tags: ['Products'],
        summary: "Get list of Partner's Services",
        querystring: ServicesQuery,
        response: { 200: ServicesResponse, ...partnerErrors(401, 403, 404, 422) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const partner = currentPartner(req);
      const services = await listPartnerServices(ctx, { partner, clientId: req.query.client_id });
      const today = isoDate(ctx.clock.now());
      return { data: services.map((s) => toPartnerServiceWire(s, partner, today)) };
    },
  );

  app.get(
    '/products/licenses',
    {
      schema: {
        tags: ['Products'],
        summary: "Get list of Partner's Licenses",
        response: { 200: LicensesResponse, ...partnerErrors(401) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const partner = currentPartner(req);
      const result = await listPartnerLicenses(ctx, { partner });
      const today = isoDate(ctx.clock.now());
      return {
        licenses: result.licenses.map((s) => toPartnerServiceWire(s, partner, today)),
        expiringWithin60days: result.expiringWithin60days,
      };
    },
  );
};
