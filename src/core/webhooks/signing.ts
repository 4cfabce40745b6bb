import { createHmac } from 'node:crypto';
import type { EventRow } from '../../ports/store/events.js';
import { secretKeyBytes } from './secret-vault.js';

/**
 * The body of a delivery, after the Standard Webhooks payload structure: `type`, `timestamp` (when the
 * event happened, not when it is sent) and `data`: the event's id, its subject, the account it belongs
 * to (null for the partner itself), then the event's own data. Thin, as the event log is: a receiver
 * reads more through the API when it needs it.
 */
export function webhookBody(event: Pick<EventRow, 'id' | 'type' | 'subject' | 'user_id' | 'data' | 'created_at'>): string {
  const data = JSON.parse(event.data) as Record<string, unknown>;
  return JSON.stringify({ type: event.type, timestamp: event.created_at, data: { id: String(event.id), subject: event.subject, account: event.user_id, ...data } });
}

/** webhook-id: the delivery's, the same on every attempt and resend (a receiver's idempotency key). No dots: it is part of the signed input. */
export const webhookMessageId = (deliveryId: number): string => `msg_${deliveryId}`;

/**
 * The webhook-signature header: `v1,` + base64 HMAC-SHA256, keyed with the secret's decoded bytes, of
 * `${id}.${timestamp}.${body}` (timestamp in whole seconds since the epoch, as webhook-timestamp sends it).
 */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secretKeyBytes(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers of one attempt. */
export function webhookHeaders(secret: string, deliveryId: number, now: Date, body: string): Record<string, string> {
  const id = webhookMessageId(deliveryId);
  const timestamp = Math.floor(now.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': webhookSignature(secret, id, timestamp, body) };
}
