import type { JobHandler, RetryPolicy } from './runner.js';
import { fulfilOrder } from '../core/domains/fulfil-order.js';
import { publishZone } from '../core/dns/publish-zone.js';
import { NOTIFICATION_JOB, type Notification } from '../core/lifecycle/notify.js';
import { DOMAIN_RELEASE_JOB } from '../core/lifecycle/delete-expired-domains.js';
import { releaseDomain } from '../core/lifecycle/release-domain.js';
import { M365_SYNC_JOB } from '../core/lifecycle/extend-service.js';
import { syncM365Subscription } from '../core/lifecycle/sync-m365-subscription.js';
import { REGISTRANT_SYNC_JOB, syncRegistrant } from '../core/contacts/sync-registrant.js';
import { DS_JOB, syncParentDs } from '../core/dns/dnssec/sync-parent-ds.js';
import { TRANSFER_DELEGATION_JOB, delegateTransferred } from '../core/domains/delegate-transferred.js';
import { EINVOICE_JOB } from '../core/billing/create-invoice.js';
import { writeEinvoice } from './einvoice-outbox.js';
import { WEBHOOK_DELIVER_JOB, webhookRetryPolicy } from '../core/webhooks/retry-policy.js';
import { deliverWebhook } from '../core/webhooks/deliver-webhook.js';
import { sendWebhook } from './webhook-http.js';
import { MAIL_JOB, type MailJob } from '../core/messages/mail-subscriber.js';
import { sendMailJob, sendNotification } from './send-mail.js';

/** Every job kind and the handler that performs it. */
export const jobHandlers: Record<string, JobHandler> = {
  /** Registration, renewal or transfer at the registry of a paid order. */
  'order.fulfil': (ctx, payload: { orderId: number }) => fulfilOrder(ctx, payload.orderId),
  /** A completed transfer's asked-for name servers, set at the registry (see delegateTransferred). */
  [TRANSFER_DELEGATION_JOB]: (ctx, payload: { orderId: number }) => delegateTransferred(ctx, payload.orderId),
  /** A zone's change, to the DNS provider of this process (see publishZone). */
  'zone.publish': (ctx, payload: { zone: string }) => publishZone(ctx, payload.zone),
  /** A signed zone's DS set, handed to the registry (see syncParentDs). */
  [DS_JOB]: (ctx, payload: { zone: string }) => syncParentDs(ctx, payload.zone),
  /** A deleted domain's name, freed at the registry. */
  [DOMAIN_RELEASE_JOB]: (ctx, payload: { domainId: number }) => releaseDomain(ctx, payload.domainId),
  /** A registrant contact edited by its owner, brought up to date at the registry. */
  [REGISTRANT_SYNC_JOB]: (ctx, payload: { contactId: number }) => syncRegistrant(ctx, payload.contactId),
  /** A renewed Microsoft 365 subscription, checked at Microsoft. */
  [M365_SYNC_JOB]: (ctx, payload: { serviceId: number }) => syncM365Subscription(ctx, payload.serviceId),
  /** An invoice billed by e-invoice, written as a Finvoice message into the outbox folder (EINVOICE_DIR). */
  [EINVOICE_JOB]: async (ctx, payload: { invoiceId: number }, { log }) => {
    const path = await writeEinvoice(ctx, payload.invoiceId);
    if (path) log.info({ invoice: payload.invoiceId, file: path }, `e-invoice of invoice ${payload.invoiceId} is in the outbox: ${path}`);
  },
  /** One attempt at a partner's webhook delivery (see deliverWebhook). */
  [WEBHOOK_DELIVER_JOB]: (ctx, payload: { deliveryId: number }, { job }) => deliverWebhook(ctx, payload.deliveryId, job.attempts, sendWebhook),
  /** A message to an account about an event (core/messages/mail-subscriber.ts), or a password reset link. */
  [MAIL_JOB]: (ctx, payload: MailJob, { log }) => sendMailJob(ctx, payload, log),
  /** A message to an account written where it was queued (core/lifecycle/notify.ts), sent through the mailer. */
  [NOTIFICATION_JOB]: (ctx, payload: Notification, { log, job }) => sendNotification(ctx, payload, job.id, log),
};

/** The kinds that retry on a schedule of their own (see RetryPolicy). */
export const jobRetryPolicies: Record<string, RetryPolicy> = {
  [WEBHOOK_DELIVER_JOB]: webhookRetryPolicy,
};
