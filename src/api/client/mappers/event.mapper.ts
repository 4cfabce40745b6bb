import type { Static } from '@sinclair/typebox';
import type { EventRow } from '../../../ports/store/events.js';
import type { EventSchema } from '../schemas/event.schema.js';

export function toEventWire(e: EventRow): Static<typeof EventSchema> {
  return {
    id: e.id,
    type: e.type,
    subject: e.subject,
    data: JSON.parse(e.data) as Record<string, unknown>,
    actor: { kind: e.actor_kind, id: e.actor_id },
    request_id: e.request_id,
    address: e.address,
    created_at: e.created_at,
  };
}
