import type { Ctx } from '../context.js';
import type { Contact, Page, PageOf } from '../../ports/store.js';

/** A page of the user's contacts, oldest first (the primary contact usually comes first). */
export function listContacts(ctx: Ctx, input: { userId: number; page: Page }): Promise<PageOf<Contact>> {
  return ctx.store.contacts.listByUser(input.userId, input.page);
}
