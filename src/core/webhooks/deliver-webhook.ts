import type { Ctx } from '../context.js';
import type { WebhookEndpoint } from '../../ports/store/webhooks.js';
import { isoTimestamp } from '../dates.js';
import { recordEvent } from '../events/record-event.js';
import { queueNotification } from '../lifecycle/notify.js';
import { openWebhookSecret } from './secret-vault.js';
import { webhookHeaders } from './signing.js';
import { webhookRetryPolicy } from './retry-policy.js';

/** What one HTTP attempt came to: a response's status, or an error before any (refused address, timeout, reset). */
export type WebhookAttemptResult = { status: number } | { error: string };

/**
 * Makes the HTTP POST of one attempt (jobs/webhook-http.ts): JSON body and the given headers, no
 * redirects followed, a short timeout, and never to a non-public address unless allowPrivate.
 */
export type WebhookSender = (url: string, headers: Record<string, string>, body: string, options: { allowPrivate: boolean }) => Promise<WebhookAttemptResult>;

/** A failed attempt, for the outbox to retry on webhookRetryPolicy's schedule. */
export class WebhookAttemptFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookAttemptFailed';
  }
}

const MAX_ERROR_LENGTH = 500;

/**
 * One attempt at delivery `deliveryId` (the `webhook.deliver` job; `attempt` is the job's count,
 * this one included). Signed anew with the attempt's webhook-timestamp; the webhook-id stays the
 * delivery's.
 * - 2xx: delivered; the endpoint's run of failures ends.
 * - Otherwise the attempt failed: recorded on the delivery, and the endpoint's run of failures starts
 *   (first_failure_at) or goes on. Once that run has lasted WEBHOOK_DISABLE_AFTER_HOURS the endpoint is
 *   disabled, a `webhook.disabled` event recorded and the partner's account sent a notification, and
 *   the delivery ends failed. Otherwise WebhookAttemptFailed is thrown and the outbox retries, until
 *   its last attempt, after which the delivery is failed (a resend starts it again).
 * A delivery already delivered, or whose endpoint was deleted or disabled, ends without a request: a
 * job may run twice, and a disabled endpoint receives nothing.
 */
export async function deliverWebhook(ctx: Ctx, deliveryId: number, attempt: number, send: WebhookSender): Promise<void> {
  const { store, clock } = ctx;
  const delivery = await store.webhooks.findDelivery(deliveryId);
  if (!delivery || delivery.status !== 'pending') return;
  const endpoint = await store.webhooks.findEndpoint(delivery.endpoint_id);
  if (!endpoint) return;
  if (endpoint.disabled_at !== null) {
    await store.webhooks.updateDelivery(delivery.id, { status: 'failed', next_attempt_at: null, last_error: 'The endpoint is disabled.' });
    return;
  }

  const secret = openWebhookSecret(ctx.settings.dnssec.keySecret, endpoint.partner_id, endpoint.secret);
  const headers = webhookHeaders(secret, delivery.id, clock.now(), delivery.payload);
  const result = await send(endpoint.url, headers, delivery.payload, { allowPrivate: ctx.settings.webhooks.allowPrivate });
  const now = clock.now();
  const at = isoTimestamp(now);
  const status = 'status' in result ? result.status : null;
  const attempts = delivery.attempts + 1;

  if (status !== null && status >= 200 && status <= 299) {
    await store.transaction(async (tx) => {
      await tx.webhooks.updateDelivery(delivery.id, {
        status: 'delivered', attempts, last_response_status: status, last_error: null, next_attempt_at: null, delivered_at: at,
      });
      if (endpoint.first_failure_at !== null) await tx.webhooks.updateEndpoint(endpoint.id, { first_failure_at: null });
    });
    return;
  }

  const error = ('error' in result ? result.error : `The endpoint answered HTTP ${status}.`).slice(0, MAX_ERROR_LENGTH);
  const firstFailure = endpoint.first_failure_at ?? at;
  // 410 Gone: the receiver says it wants no more (Standard Webhooks: disable the endpoint).
  const gone = status === 410;
  const disable = gone || now.getTime() - Date.parse(firstFailure) >= ctx.settings.webhooks.disableAfterMs;
  const last = attempt >= webhookRetryPolicy.maxAttempts;
  await store.transaction(async (tx) => {
    await tx.webhooks.updateDelivery(delivery.id, {
      status: disable || last ? 'failed' : 'pending',
      attempts,
      last_response_status: status,
      last_error: error,
      next_attempt_at: disable || last ? null : isoTimestamp(new Date(now.getTime() + webhookRetryPolicy.backoffMs(attempt))),
    });
    if (endpoint.first_failure_at === null) await tx.webhooks.updateEndpoint(endpoint.id, { first_failure_at: firstFailure });
    if (disable) await disableEndpoint(tx, ctx, endpoint, firstFailure, at, gone);
  });
  if (!disable && !last) throw new WebhookAttemptFailed(error);
  if (!disable) throw new WebhookAttemptFailed(`${error} (the last attempt: the delivery has failed)`);
}

async function disableEndpoint(tx: Ctx['store'], ctx: Ctx, endpoint: WebhookEndpoint, firstFailure: string, at: string, gone: boolean): Promise<void> {
  const hours = Math.round(ctx.settings.webhooks.disableAfterMs / 3_600_000);
  const reason = gone
    ? 'The endpoint answered 410 Gone: it wants no more deliveries.'
    : `Every delivery attempt has failed since ${firstFailure} (${hours} hours or more).`;
  if (!(await tx.webhooks.disableEndpoint(endpoint.id, at, reason))) return;
  await recordEvent(tx, ctx, {
    type: 'webhook.disabled',
    partnerId: endpoint.partner_id,
    subject: String(endpoint.id),
    data: { url: endpoint.url, reason, first_failure_at: firstFailure },
  });
  const partner = await tx.partners.findById(endpoint.partner_id);
  if (partner) {
    await queueNotification(tx, ctx, partner.user_id, {
      subject: `Webhook disabled: ${endpoint.url}`,
      text:
        `Your webhook endpoint ${endpoint.url} (id ${endpoint.id}) was disabled at ${at}: ${reason} ` +
        'Nothing more is sent to it. Fix the receiver, then create a new endpoint (POST /webhooks); what it missed is in the event log (GET /events).',
    });
  }
}
