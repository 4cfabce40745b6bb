import type { Ctx } from '../context.js';
import { rejected } from '../errors.js';
import { findOwnedContact } from './get-contact.js';
import { recordEvent } from '../events/record-event.js';

/**
 * Deletes one of the user's contacts.
 * Rules: the account's primary contact stays; a contact that a live domain uses as registrant or
 * billing contact stays. Domains transferred away or deleted let go of it: their registrations keep
 * their own copy of the registrant, so the reference is only history.
 * Errors: not_found, forbidden (another user's contact), rejected "Primary contact cannot be deleted",
 * rejected "Contact cannot be deleted as it is assigned to at least one domain".
 */
export async function deleteContact(ctx: Ctx, input: { userId: number; contactId: number }): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const contact = await findOwnedContact(tx, input.userId, input.contactId);
    const user = await tx.users.findById(input.userId);
    if (user?.primary_contact_id === contact.id) throw rejected('Primary contact cannot be deleted');
    if (await tx.contacts.isAssignedToDomain(contact.id)) {
      throw rejected('Contact cannot be deleted as it is assigned to at least one domain');
    }
    await tx.contacts.detachFromEndedDomains(contact.id);
    await tx.contacts.delete(contact.id);
    await recordEvent(tx, ctx, { type: 'contact.deleted', userId: input.userId, subject: String(contact.id), data: { contact_type: contact.contact_type } });
  });
}
