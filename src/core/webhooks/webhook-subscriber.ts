import type { EventSubscriber } from '../events/subscribers.js';
import { queueDelivery, receives } from './endpoints.js';

/**
 * A partner's webhooks, as an event subscriber: for an event with a partner (its client's or its own),
 * one delivery and one `webhook.deliver` job per enabled endpoint of that partner subscribed to the
 * type, on the event's transaction. A customer's event (no partner) costs nothing; a partner's costs
 * one indexed read of its enabled endpoints. `webhook.test` goes only where POST /webhooks/{id}/test
 * sends it (test-webhook.ts), never to the partner's other endpoints.
 */
export const webhookSubscriber: EventSubscriber = {
  name: 'webhooks',
  async onEvent(tx, ctx, event) {
    if (event.partner_id === null || event.type === 'webhook.test') return;
    for (const endpoint of await tx.webhooks.enabledEndpoints(event.partner_id)) {
      if (receives(endpoint, event.type)) await queueDelivery(tx, ctx, endpoint, event);
    }
  },
};
