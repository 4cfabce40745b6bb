import type { Ctx } from '../context.js';
import type { Partner } from '../../ports/store/partners.js';
import type { WebhookEndpoint } from '../../ports/store/webhooks.js';
import { isoTimestamp } from '../dates.js';
import { FieldErrorCollector, rejected } from '../errors.js';
import { isEventType } from '../events/event-types.js';
import { recordEvent } from '../events/record-event.js';
import { endpointUrlProblem } from './endpoint-url.js';
import { newWebhookSecret, sealWebhookSecret } from './secret-vault.js';

/** Endpoints per partner: each event is queued once per endpoint, in the transaction that records it. */
export const MAX_ENDPOINTS = 20;

export interface CreateWebhookInput {
  url: string;
  /** Event types (event-types.ts), or ["*"] for every type. */
  events: string[];
}

/**
 * Registers a webhook endpoint for the partner and returns it with its signing secret, the one time
 * the secret is shown (the store keeps it sealed, secret-vault.ts). Records `webhook.created` (which a
 * new endpoint for every type receives itself).
 * Rules: the url as endpointUrlProblem says (https; no private address unless WEBHOOK_ALLOW_PRIVATE);
 * events a non-empty list of known types, or "*" alone; at most MAX_ENDPOINTS endpoints a partner.
 * Errors: invalid (per field: url, events), rejected (too many endpoints).
 */
export async function createWebhook(ctx: Ctx, partner: Partner, input: CreateWebhookInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const errors = new FieldErrorCollector();
  const urlProblem = endpointUrlProblem(input.url, ctx.settings.webhooks.allowPrivate);
  if (urlProblem) errors.add('url', urlProblem);
  const types = [...new Set(input.events)];
  if (types.length === 0) errors.add('events', 'Give at least one event type, or "*" for all.');
  else if (types.includes('*') && types.length > 1) errors.add('events', '"*" (every type) stands alone.');
  for (const type of types) if (type !== '*' && !isEventType(type)) errors.add('events', `Unknown event type: ${type}.`);
  errors.throwIfAny();

  return ctx.store.transaction(async (tx) => {
    // Two creations at once could both pass the count; the partner's key makes them take turns.
    await tx.lockKey(`webhooks:${partner.id}`);
    if ((await tx.webhooks.listEndpoints(partner.id)).length >= MAX_ENDPOINTS) {
      throw rejected(`A partner may have at most ${MAX_ENDPOINTS} webhook endpoints; delete one first.`);
    }
    const secret = newWebhookSecret();
    const endpoint = await tx.webhooks.createEndpoint({
      partner_id: partner.id,
      url: input.url,
      events: types.includes('*') ? '*' : JSON.stringify(types),
      secret: sealWebhookSecret(ctx.settings.dnssec.keySecret, partner.id, secret),
      disabled_at: null,
      disabled_reason: null,
      first_failure_at: null,
      created_at: isoTimestamp(ctx.clock.now()),
    });
    await recordEvent(tx, ctx, {
      type: 'webhook.created', partnerId: partner.id, subject: String(endpoint.id), data: { url: endpoint.url, events: types.includes('*') ? ['*'] : types },
    });
    return { endpoint, secret };
  });
}
