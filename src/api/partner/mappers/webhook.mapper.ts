import type { Static } from '@sinclair/typebox';
import type { WebhookDelivery, WebhookEndpoint } from '../../../ports/store/webhooks.js';
import type { PartnerWebhookDeliverySchema, PartnerWebhookSchema } from '../schemas/webhook.schema.js';
import { subscribedTypes } from '../../../core/webhooks/endpoints.js';

export function toPartnerWebhookWire(e: WebhookEndpoint): Static<typeof PartnerWebhookSchema> {
  const types = subscribedTypes(e);
  return {
    id: String(e.id),
    url: e.url,
    events: types === '*' ? ['*'] : types,
    enabled: e.disabled_at === null,
    disabled_at: e.disabled_at,
    disabled_reason: e.disabled_reason,
    first_failure_at: e.first_failure_at,
    created_at: e.created_at,
  };
}

export function toPartnerWebhookDeliveryWire(d: WebhookDelivery): Static<typeof PartnerWebhookDeliverySchema> {
  return {
    id: String(d.id),
    event_id: String(d.event_id),
    event_type: d.event_type,
    status: d.status,
    attempts: d.attempts,
    last_response_status: d.last_response_status,
    last_error: d.last_error,
    next_attempt_at: d.next_attempt_at,
    delivered_at: d.delivered_at,
    created_at: d.created_at,
  };
}
