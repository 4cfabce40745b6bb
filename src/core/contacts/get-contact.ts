import type { Ctx } from '../context.js';
import type { Contact, Store } from '../../ports/store.js';
import { forbidden, notFound } from '../errors.js';

/**
 * Contact `contactId` of user `userId`, read through `store` (a transaction's, when the caller is in one).
 * Errors: not_found when no contact has that id, forbidden when it is another user's.
 */
export async function findOwnedContact(store: Store, userId: number, contactId: number): Promise<Contact> {
  const contact = await store.contacts.findById(contactId);
  if (!contact) throw notFound();
  if (contact.user_id !== userId) throw forbidden();
  return contact;
}

/** One contact of the user. Errors: not_found, forbidden (another user's contact). */
export function getContact(ctx: Ctx, input: { userId: number; contactId: number }): Promise<Contact> {
  return findOwnedContact(ctx.store, input.userId, input.contactId);
}
