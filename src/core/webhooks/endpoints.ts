import type { Store } from '../../ports/store.js';
import type { EventRow } from '../../ports/store/events.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../ports/store/webhooks.js';
import type { Ctx } from '../context.js';
import { isoTimestamp } from '../dates.js';
import { notFound } from '../errors.js';
import { WEBHOOK_DELIVER_JOB } from './retry-policy.js';
import { webhookBody } from './signing.js';

/** The event types an endpoint receives: a list, or "*" for every type. */
export const subscribedTypes = (endpoint: WebhookEndpoint): string[] | '*' =>
  endpoint.events === '*' ? '*' : (JSON.parse(endpoint.events) as string[]);

export function receives(endpoint: WebhookEndpoint, type: string): boolean {
  const types = subscribedTypes(endpoint);
  return types === '*' || types.includes(type);
}

/**
 * The partner's endpoint `id`. Another partner's, like one that does not exist, is not_found: a
 * partner learns nothing of another's endpoints, not even that the id is taken.
 */
export async function ownedEndpoint(store: Store, partnerId: number, id: number): Promise<WebhookEndpoint> {
  const endpoint = await store.webhooks.findEndpoint(id);
  if (!endpoint || endpoint.partner_id !== partnerId) throw notFound('Webhook not found.');
  return endpoint;
}

/** One delivery of `event` to `endpoint`, and the job that makes its first attempt now, on `tx`. */
export async function queueDelivery(tx: Store, ctx: Ctx, endpoint: WebhookEndpoint, event: EventRow): Promise<WebhookDelivery> {
  const now = isoTimestamp(ctx.clock.now());
  const delivery = await tx.webhooks.createDelivery({
    endpoint_id: endpoint.id,
    event_id: event.id,
    event_type: event.type,
    payload: webhookBody(event),
    status: 'pending',
    attempts: 0,
    last_response_status: null,
    last_error: null,
    next_attempt_at: now,
    delivered_at: null,
    created_at: now,
  });
  await tx.jobs.enqueue(WEBHOOK_DELIVER_JOB, { deliveryId: delivery.id }, now);
  return delivery;
}
