import { Type } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/**
 * An entry of the partner's event log (not in the original document). `client_id` is the client the
 * event belongs to, "0" for the partner's own account or the partner itself (an API key), as the
 * domain list shows a partner's own domains; ids are strings, as the document's lists show them.
 */
export const PartnerEventSchema = Type.Object({
  id: Type.String(),
  client_id: Type.String(),
  type: Type.String({ description: 'What happened, dotted (domain.registered)' }),
  subject: Type.String({ description: 'What it happened to: a domain name, an invoice or contact id, a key prefix' }),
  data: Type.Record(Type.String(), Type.Unknown()),
  actor: Type.Object({
    kind: Type.Union([Type.Literal('customer'), Type.Literal('partner'), Type.Literal('operator'), Type.Literal('system')]),
    id: Nullable(Type.String()),
  }),
  request_id: Nullable(Type.String()),
  address: Nullable(Type.String()),
  created_at: Type.String({ description: 'ISO 8601 UTC' }),
});

/** Laravel's paging words (page from 1, per_page), as the dialect's validation reads like Laravel's. */
export const PartnerEventQuery = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 100, description: 'Only events of this type' })),
  since: Type.Optional(Type.String({ maxLength: 40, description: 'Only events at or after this date or time' })),
  until: Type.Optional(Type.String({ maxLength: 40, description: 'Only events before this date or time' })),
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'Page number, from 1' }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'Events per page (1-100)' }),
});

/** Laravel's paginator fields. */
export const PartnerPageMeta = Type.Object({
  current_page: Type.Integer(),
  per_page: Type.Integer(),
  last_page: Type.Integer({ description: 'The last page with events (1 when there are none)' }),
  total: Type.Integer(),
});
