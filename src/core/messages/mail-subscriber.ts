import type { Store } from '../../ports/store.js';
import type { EventRow } from '../../ports/store/events.js';
import type { Ctx } from '../context.js';
import type { EventSubscriber } from '../events/subscribers.js';
import { isoTimestamp } from '../dates.js';
import { recipientOf } from './recipient.js';
import type { Template } from './templates.js';

/** The outbox job that sends one message (payload: MailJob; see jobs/send-mail.ts). */
export const MAIL_JOB = 'mail.send';

/** A `mail.send` job's payload: what to send to whom; the message itself is written when it is sent. */
export type MailJob =
  | { template: Template; to: string; eventId: number }
  | { template: 'password_reset'; to: string; resetId: number; userId: number; token: string };

/**
 * The template that tells the account of `event`, if any. Event types are named as strings, not only
 * as EventType: `invoice.overdue` belongs to the dunning work and is mailed once it is recorded.
 */
export function templateOf(event: Pick<EventRow, 'type' | 'data'>): Template | undefined {
  switch (event.type) {
    case 'invoice.created': return 'invoice_created';
    case 'invoice.overdue': return 'invoice_overdue';
    case 'invoice.cancelled': return 'invoice_cancelled';
    case 'domain.order_cancelled': return 'order_cancelled';
    case 'service.suspended': return 'service_suspended';
    case 'service.resumed': return 'service_resumed';
    case 'domain.registered': return 'domain_registered';
    case 'domain.renewed': return 'domain_renewed';
    case 'domain.expiring': return 'domain_expiring';
    case 'domain.expired': return 'domain_expired';
    case 'domain.transferred_in': return 'transfer_completed';
    case 'domain.ordered': return (JSON.parse(event.data) as { kind?: unknown }).kind === 'transfer' ? 'transfer_started' : undefined;
    default: return undefined;
  }
}

/**
 * E-mail to the account an event belongs to, for the events that tell it something (templateOf).
 * Queues one `mail.send` job in the event's transaction, with the address as it is now; the job
 * writes the message when it runs (templates.ts), so nothing but ids waits in the outbox.
 * An invoice is mailed only to a recipient billed by e-mail: one billed by e-invoice gets a Finvoice
 * message (create-invoice.ts), one billed by post nothing (its PDF is the operator's to print); and
 * not a partner's monthly invoice while it is still being added to (`period`, as for the e-invoice). A partner's managed client is mailed
 * nothing: it is the partner's customer.
 */
export class MailSubscriber implements EventSubscriber {
  readonly name = 'mail';

  async onEvent(tx: Store, ctx: Ctx, event: EventRow): Promise<void> {
    const template = templateOf(event);
    if (!template || event.user_id === null) return;
    if (template === 'invoice_created') {
      const invoice = await tx.invoices.findById(Number(event.subject));
      if (!invoice || invoice.delivery_method !== 'email' || invoice.period !== null) return;
    }
    const recipient = await recipientOf(tx, event.user_id, { billing: template.startsWith('invoice_') });
    // A partner's managed client is the partner's customer, not ours: the partner hears of its events
    // (the partner API's events, webhooks) and tells the client under its own name.
    if (!recipient || (recipient.user.partner_id !== null && recipient.user.client_type === 'Managed Client')) return;
    const job: MailJob = { template, to: recipient.to, eventId: event.id };
    await tx.jobs.enqueue(MAIL_JOB, job, isoTimestamp(ctx.clock.now()));
  }
}
