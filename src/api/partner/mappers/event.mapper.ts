import type { Static } from '@sinclair/typebox';
import type { Partner } from '../../../ports/store/partners.js';
import type { EventRow } from '../../../ports/store/events.js';
import type { PartnerEventSchema } from '../schemas/event.schema.js';

export function toPartnerEventWire(partner: Partner, e: EventRow): Static<typeof PartnerEventSchema> {
  return {
    id: String(e.id),
    client_id: e.user_id === null || e.user_id === partner.user_id ? '0' : String(e.user_id),
    type: e.type,
    subject: e.subject,
    data: JSON.parse(e.data) as Record<string, unknown>,
    actor: { kind: e.actor_kind, id: e.actor_id },
    request_id: e.request_id,
    address: e.address,
    created_at: e.created_at,
  };
}
