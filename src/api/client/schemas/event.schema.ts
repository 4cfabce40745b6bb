import { Type } from '@sinclair/typebox';
import { PageQuery } from '../../shared/pagination.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** An entry of the account's event log (not in the original document). */
export const EventSchema = Type.Object({
  id: Type.Integer({ description: 'Identifier of the event' }),
  type: Type.String({ description: 'What happened, dotted (domain.registered)' }),
  subject: Type.String({ description: 'What it happened to: a domain name, an invoice or contact id, a login name' }),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'Details of the change, by type' }),
  actor: Type.Object({
    kind: Type.Union([Type.Literal('customer'), Type.Literal('partner'), Type.Literal('operator'), Type.Literal('system')]),
    id: Nullable(Type.String({ description: 'Who within the kind; null when unknown (a login before authentication)' })),
  }),
  request_id: Nullable(Type.String({ description: 'The X-Request-Id of the request that made the change; null outside a request' })),
  address: Nullable(Type.String({ description: 'The source address of that request' })),
  created_at: Type.String({ description: 'When it happened (ISO 8601 UTC)' }),
});

export const EventQuery = Type.Object({
  ...PageQuery.properties,
  type: Type.Optional(Type.String({ maxLength: 100, description: 'Only events of this type' })),
  since: Type.Optional(Type.String({ maxLength: 40, description: 'Only events at or after this date or time' })),
  until: Type.Optional(Type.String({ maxLength: 40, description: 'Only events before this date or time' })),
});
