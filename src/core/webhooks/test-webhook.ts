import type { Ctx } from '../context.js';
import type { Partner } from '../../ports/store/partners.js';
import type { WebhookDelivery } from '../../ports/store/webhooks.js';
import { rejected } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { ownedEndpoint, queueDelivery } from './endpoints.js';

/**
 * Sends a `webhook.test` event to the partner's endpoint `id` alone (the subscriber leaves this type
 * to this command), whatever types it subscribed to, so a partner can check its receiver and its
 * signature check. The event is in the log like any other.
 * Errors: not_found (no such endpoint, or another partner's), rejected (the endpoint is disabled).
 */
export async function testWebhook(ctx: Ctx, partner: Partner, id: number): Promise<WebhookDelivery> {
  const delivery = await ctx.store.transaction(async (tx) => {
    const endpoint = await ownedEndpoint(tx, partner.id, id);
    if (endpoint.disabled_at !== null) throw rejected('The webhook is disabled; create a new one for a working receiver.');
    const event = await recordEvent(tx, ctx, { type: 'webhook.test', partnerId: partner.id, subject: String(endpoint.id), data: { url: endpoint.url } });
    return queueDelivery(tx, ctx, endpoint, event);
  });
  return (await ctx.store.webhooks.findDelivery(delivery.id)) ?? delivery;
}
