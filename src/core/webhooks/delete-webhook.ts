import type { Ctx } from '../context.js';
import type { Partner } from '../../ports/store/partners.js';
import { ownedEndpoint } from './endpoints.js';
import { recordEvent } from '../events/record-event.js';

/**
 * Removes the partner's endpoint `id` with its deliveries, and records `webhook.deleted`; a delivery
 * job still queued finds nothing and ends (deliver-webhook.ts). Errors: not_found (no such endpoint, or another partner's).
 */
export async function deleteWebhook(ctx: Ctx, partner: Partner, id: number): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const endpoint = await ownedEndpoint(tx, partner.id, id);
    await tx.webhooks.deleteEndpoint(id);
    await recordEvent(tx, ctx, { type: 'webhook.deleted', partnerId: partner.id, subject: String(id), data: { url: endpoint.url } });
  });
}
