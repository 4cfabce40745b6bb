import type { ClientRoutes } from '../types.js';
import { currentUser } from '../auth-guard.js';
import { errorResponses } from '../errors.js';
import { ListEnvelope } from '../schemas/envelope.js';
import { EventQuery, EventSchema } from '../schemas/event.schema.js';
import { toEventWire } from '../mappers/event.mapper.js';
import { pageMeta, toPage } from '../../shared/pagination.js';
import { EVENT_FILTERS_DOC, EVENT_TYPES_DOC } from '../../shared/events-doc.js';
import { listEvents } from '../../../core/events/list-events.js';
import { ctxOf } from '../../shared/actor-hook.js';

/**
 * The account's event log: not in the document. Paged as the document's lists are (limit, offset,
 * meta), in its envelope; the account's own events only.
 */
export const eventRoutes: ClientRoutes = (app) => {
  app.get(
    '/events',
    {
      schema: {
        tags: ['Event'],
        summary: 'Events - Retrieve the authenticated User\'s event log (not in the original document)',
        description: `What changed in the account, by whom and from where. ${EVENT_FILTERS_DOC}\n\n${EVENT_TYPES_DOC}`,
        querystring: EventQuery,
        response: { 200: ListEnvelope(EventSchema), ...errorResponses(401, 422) },
      },
    },
    async (req) => {
      const { type, since, until } = req.query;
      const page = await listEvents(ctxOf(req), { userId: currentUser(req).id }, { type, since, until }, toPage(req.query));
      return { message: '', data: page.items.map(toEventWire), meta: pageMeta(req.query, page.items.length, page.total) };
    },
  );
};
