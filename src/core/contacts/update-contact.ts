import type { Ctx } from '../context.js';
import type { Contact } from '../../ports/store.js';
import { FieldErrorCollector } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { checkContact, contactFieldsOf, normalizeContactInput, type ContactField } from './contact-rules.js';
import { findOwnedContact } from './get-contact.js';
import { queueRegistrantSync } from './sync-registrant.js';
import { recordEvent } from '../events/record-event.js';

/**
 * Changes any subset of a contact's fields and returns the contact as it now is.
 * Rules: the merged result must pass checkContact, so a contact that was saved incomplete (an
 * account's first contact has only a name and an e-mail) must be completed in the same request.
 * The registrant of a domain the registry holds is brought up to date there by a job queued in the
 * same transaction (sync-registrant.ts).
 * Errors: not_found, forbidden (another user's contact), invalid (nothing is changed).
 */
export async function updateContact(
  ctx: Ctx,
  input: { userId: number; contactId: number; patch: Partial<Record<ContactField, string>> },
): Promise<Contact> {
  return ctx.store.transaction(async (tx) => {
    const current = await findOwnedContact(tx, input.userId, input.contactId);
    const patch = normalizeContactInput(input.patch);
    const merged = { ...contactFieldsOf(current), ...patch };
    const errors = new FieldErrorCollector();
    checkContact(merged, errors);
    errors.throwIfAny();
    const updated_at = isoTimestamp(ctx.clock.now());
    await tx.contacts.update(current.id, { ...patch, updated_at });
    await queueRegistrantSync(tx, current.id, updated_at);
    // The names of the fields sent, not their values: the log tells what changed, the contact what it is now.
    await recordEvent(tx, ctx, { type: 'contact.updated', userId: input.userId, subject: String(current.id), data: { fields: Object.keys(patch).sort() } });
    return { ...current, ...patch, updated_at };
  });
}
