import type { Store, User } from '../../ports/store.js';
import type { MessageLang } from './templates.js';

/**
 * Who a message to account `userId` goes to, and in which language; undefined for an account that is
 * gone (deleted or unknown) or has no address.
 * - The address: the account's e-mail; for an invoice (`billing`), the primary contact's billing
 *   e-mail when it has one, as the client API's contact fields mean it.
 * - The language: Finnish when the account's primary contact is in Finland (country FI), else English
 *   (docs/decisions.md: the contact's country is the one thing every account has that says it).
 */
export async function recipientOf(tx: Store, userId: number, options: { billing?: boolean } = {}): Promise<{ user: User; to: string; lang: MessageLang } | undefined> {
  const user = await tx.users.findById(userId);
  if (!user || user.deleted_at) return undefined;
  const contact = user.primary_contact_id === null ? undefined : await tx.contacts.findById(user.primary_contact_id);
  const lang: MessageLang = contact?.country.toUpperCase() === 'FI' ? 'fi' : 'en';
  const to = (options.billing && contact?.billing_email) || user.email;
  if (!to) return undefined;
  return { user, to, lang };
}
