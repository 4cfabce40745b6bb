import type { Ctx } from '../context.js';
import type { Partner } from '../../ports/store/partners.js';
import type { WebhookEndpoint } from '../../ports/store/webhooks.js';

/** The partner's webhook endpoints, oldest first (their secrets stay sealed: shown only at creation). */
export function listWebhooks(ctx: Ctx, partner: Partner): Promise<WebhookEndpoint[]> {
  return ctx.store.webhooks.listEndpoints(partner.id);
}
