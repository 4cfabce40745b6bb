import type { Ctx } from '../context.js';
import type { Partner } from '../../ports/store/partners.js';
import type { WebhookDelivery } from '../../ports/store/webhooks.js';
import { isoTimestamp } from '../dates.js';
import { notFound, rejected } from '../errors.js';
import { ownedEndpoint } from './endpoints.js';
import { WEBHOOK_DELIVER_JOB } from './retry-policy.js';

/**
 * Sends a delivery of the partner's endpoint again, now, with a fresh series of retries: the same
 * body and the same webhook-id (a receiver that had it already knows it by that id), a new
 * webhook-timestamp and signature. For a receiver that was down longer than the retries, or lost what
 * it was sent.
 * Errors: not_found (no such endpoint or delivery, another partner's, or a delivery of another
 * endpoint), rejected (the endpoint is disabled, or the delivery is still pending: its retries run).
 */
export async function resendWebhookDelivery(ctx: Ctx, partner: Partner, endpointId: number, deliveryId: number): Promise<WebhookDelivery> {
  await ctx.store.transaction(async (tx) => {
    const endpoint = await ownedEndpoint(tx, partner.id, endpointId);
    const delivery = await tx.webhooks.findDelivery(deliveryId);
    if (!delivery || delivery.endpoint_id !== endpoint.id) throw notFound('Delivery not found.');
    if (endpoint.disabled_at !== null) throw rejected('The webhook is disabled; create a new one for a working receiver.');
    if (delivery.status === 'pending') throw rejected('The delivery is pending: it is being retried already.');
    const now = isoTimestamp(ctx.clock.now());
    await tx.webhooks.updateDelivery(delivery.id, { status: 'pending', next_attempt_at: now });
    await tx.jobs.enqueue(WEBHOOK_DELIVER_JOB, { deliveryId: delivery.id }, now);
  });
  return (await ctx.store.webhooks.findDelivery(deliveryId))!;
}
