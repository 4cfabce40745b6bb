import type { Ctx } from '../context.js';
import type { Page, PageOf } from '../../ports/store.js';
import type { Partner } from '../../ports/store/partners.js';
import type { WebhookDelivery } from '../../ports/store/webhooks.js';
import { ownedEndpoint } from './endpoints.js';

/** The deliveries of the partner's endpoint `id`, newest first. Errors: not_found (no such endpoint, or another partner's). */
export async function listWebhookDeliveries(ctx: Ctx, partner: Partner, id: number, page: Page): Promise<PageOf<WebhookDelivery>> {
  await ownedEndpoint(ctx.store, partner.id, id);
  return ctx.store.webhooks.listDeliveries(id, page);
}
