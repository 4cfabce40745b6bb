import type { New, Page, PageOf } from '../store.js';

/** A partner's webhook endpoint (migration 024). */
export interface WebhookEndpoint {
  id: number;
  partner_id: number;
  url: string;
  /** The subscribed event types as a JSON array, or "*" for every type. */
  events: string;
  /** The `whsec_` signing secret, sealed (core/webhooks/secret-vault.ts). */
  secret: string;
  /** When deliveries stopped, and why (failing for days; see core/webhooks/deliver-webhook.ts); null while enabled. */
  disabled_at: string | null;
  disabled_reason: string | null;
  /** When the endpoint's current run of failed attempts began; null after a success. */
  first_failure_at: string | null;
  created_at: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event (or test) sent to one endpoint, with every attempt's outcome folded in. */
export interface WebhookDelivery {
  id: number;
  endpoint_id: number;
  event_id: number;
  event_type: string;
  /** The JSON body sent, fixed when queued. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_response_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
}

export interface WebhookRepository {
  createEndpoint(endpoint: New<WebhookEndpoint>): Promise<WebhookEndpoint>;
  findEndpoint(id: number): Promise<WebhookEndpoint | undefined>;
  /** A partner's endpoints, oldest first. */
  listEndpoints(partnerId: number): Promise<WebhookEndpoint[]>;
  /** A partner's enabled endpoints: the subscriber's read on every event with a partner. */
  enabledEndpoints(partnerId: number): Promise<WebhookEndpoint[]>;
  updateEndpoint(id: number, patch: Partial<Omit<WebhookEndpoint, 'id' | 'partner_id'>>): Promise<void>;
  /**
   * Disables an enabled endpoint (disabled_at null -> at); returns false when it was already disabled,
   * so of two workers failing at once only one tells the partner.
   */
  disableEndpoint(id: number, at: string, reason: string): Promise<boolean>;
  /** Removes the endpoint and its deliveries. */
  deleteEndpoint(id: number): Promise<void>;
  createDelivery(delivery: New<WebhookDelivery>): Promise<WebhookDelivery>;
  findDelivery(id: number): Promise<WebhookDelivery | undefined>;
  updateDelivery(id: number, patch: Partial<Omit<WebhookDelivery, 'id' | 'endpoint_id'>>): Promise<void>;
  /** Drops delivered and failed deliveries made before `before`; returns how many. */
  pruneDeliveries(before: string): Promise<number>;
  /** An endpoint's deliveries, newest first, with the total count. */
  listDeliveries(endpointId: number, page: Page): Promise<PageOf<WebhookDelivery>>;
}
