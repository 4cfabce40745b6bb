import { Type } from '@sinclair/typebox';
import { MAX_URL_LENGTH } from '../../../core/webhooks/endpoint-url.js';

const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

/** `{id}`: a positive integer within the store's integer range ("abc" or "0" answer 422). */
const WebhookId = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Webhook ID.' });
export const WebhookParams = Type.Object({ id: WebhookId });
export const DeliveryParams = Type.Object({
  id: WebhookId,
  deliveryId: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Delivery ID.' }),
});

export const CreateWebhookBody = Type.Object({
  url: Type.String({ maxLength: MAX_URL_LENGTH, description: 'Where deliveries are POSTed: an https URL on a public address.' }),
  events: Type.Array(Type.String({ maxLength: 100 }), {
    maxItems: 100,
    description: 'The event types to receive (as GET /events names them), or ["*"] for every type.',
  }),
});

/** A webhook endpoint (not in the original document); ids are strings, as the document's lists show them. */
export const PartnerWebhookSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String(), { description: 'The subscribed types; ["*"]: every type' }),
  enabled: Type.Boolean(),
  disabled_at: Nullable(Type.String({ description: 'ISO 8601 UTC' })),
  disabled_reason: Nullable(Type.String()),
  first_failure_at: Nullable(Type.String({ description: 'When the current run of failed attempts began (ISO 8601 UTC); null after a success' })),
  created_at: Type.String({ description: 'ISO 8601 UTC' }),
});

export const PartnerWebhookCreatedSchema = Type.Intersect([
  PartnerWebhookSchema,
  Type.Object({
    secret: Type.String({ description: 'The signing secret (whsec_ + base64), shown this once: keep it to verify webhook-signature' }),
  }),
]);

/** One event (or test) sent to one endpoint, every attempt folded in. */
export const PartnerWebhookDeliverySchema = Type.Object({
  id: Type.String({ description: 'Also in webhook-id, as msg_<id>' }),
  event_id: Type.String(),
  event_type: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  last_response_status: Nullable(Type.Integer({ description: 'The HTTP status of the last attempt; null when none came (refused, timed out)' })),
  last_error: Nullable(Type.String()),
  next_attempt_at: Nullable(Type.String({ description: 'ISO 8601 UTC, while pending' })),
  delivered_at: Nullable(Type.String({ description: 'ISO 8601 UTC' })),
  created_at: Type.String({ description: 'ISO 8601 UTC' }),
});

export const DeliveryQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'Page number, from 1' }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'Deliveries per page (1-100)' }),
});
