import type { Ctx } from '../context.js';
import type { Store } from '../../ports/store.js';
import { registrantSnapshot } from '../domains/registrant.js';

/** The job that brings a registry's copy of a registrant up to date after the contact changed. */
export const REGISTRANT_SYNC_JOB = 'registry.contact.sync';

/**
 * Queues the registry update of contact `contactId`, on `tx`, the transaction that changed it (the
 * outbox: the change and the job commit together or not at all), when the contact is the registrant
 * of a domain the registry holds. A contact that registers nothing is not sent anywhere: a registry
 * gets it with the next registration that uses it. One waiting job covers every edit before it runs
 * (it reads the contact as it is then), so a burst of edits sends one update.
 */
export async function queueRegistrantSync(tx: Store, contactId: number, at: string): Promise<void> {
  if (await tx.contacts.isRegistrantAtRegistry(contactId)) {
    await tx.jobs.enqueueUnlessPending(REGISTRANT_SYNC_JOB, { contactId }, at);
  }
}

/**
 * The 'registry.contact.sync' job: sends the contact as it is now to the registry
 * (registry.syncContact, which updates the registry's contact object for its key, or does nothing
 * where the registry holds none). Safe to repeat: it sends the current state, not a change. A contact
 * deleted meanwhile is no one's registrant any more (a registrant cannot be deleted), so nothing is
 * sent. Registry errors are thrown: an unavailable registry is retried with backoff, a refusal lands
 * with the failed jobs for an operator (`hostplane jobs list --failed`).
 */
export async function syncRegistrant(ctx: Ctx, contactId: number): Promise<void> {
  const contact = await ctx.store.contacts.findById(contactId);
  if (!contact) return;
  await ctx.registry.syncContact(registrantSnapshot(contact));
}
