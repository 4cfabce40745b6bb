import { Type } from '@sinclair/typebox';
import type { PartnerRoutes } from '../types.js';
import { currentPartner } from '../auth-guard.js';
import { partnerErrors } from '../errors.js';
import { PartnerEventQuery, PartnerEventSchema, PartnerPageMeta } from '../schemas/event.schema.js';
import { toPartnerEventWire } from '../mappers/event.mapper.js';
import { EVENT_FILTERS_DOC, EVENT_TYPES_DOC } from '../../shared/events-doc.js';
import { listEvents } from '../../../core/events/list-events.js';
import { ctxOf } from '../../shared/actor-hook.js';

/**
 * The partner's event log: not in the document, which pages nothing. Its envelope, with `meta` beside
 * `data` holding Laravel's paginator fields (the dialect reads like Laravel elsewhere too); `data` is
 * the list, as the document's lists are. The partner's own events and its clients', never another
 * partner's.
 */
export const eventRoutes: PartnerRoutes = (app) => {
  app.get(
    '/events',
    {
      schema: {
        tags: ['Partner: Events'],
        summary: 'Get list events (not in the original document)',
        description:
          `What changed for the partner and its clients (\`client_id\`, "0" for the partner's own), by whom and from where. ` +
          `Paged with \`page\` and \`per_page\`; \`meta\` tells the page, its size, the last page and the total. ${EVENT_FILTERS_DOC}\n\n${EVENT_TYPES_DOC}`,
        querystring: PartnerEventQuery,
        response: {
          200: Type.Object({
            success: Type.Literal(true),
            message: Type.String(),
            data: Type.Array(PartnerEventSchema),
            meta: PartnerPageMeta,
            customData: Type.Array(Type.Unknown()),
          }),
          ...partnerErrors(401, 422),
        },
      },
    },
    async (req) => {
      const partner = currentPartner(req);
      const { type, since, until, page, per_page } = req.query;
      const found = await listEvents(ctxOf(req), { partnerId: partner.id }, { type, since, until }, { limit: per_page, offset: (page - 1) * per_page });
      return {
        success: true as const,
        message: 'List events',
        data: found.items.map((e) => toPartnerEventWire(partner, e)),
        meta: { current_page: page, per_page, last_page: Math.max(1, Math.ceil(found.total / per_page)), total: found.total },
        customData: [] as unknown[],
      };
    },
  );
};
