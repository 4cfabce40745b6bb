import type { Contact, Store, User } from '../../../ports/store.js';

/** A partner's client as the partner API shows it: the account and its primary contact. */
export interface ClientView {
  user: User;
  contact: Contact;
}

/** The account with its primary contact (every client has one: it is written with the account). */
export async function clientView(store: Store, user: User): Promise<ClientView> {
  const contact = user.primary_contact_id === null ? undefined : await store.contacts.findById(user.primary_contact_id);
  if (!contact) throw new Error(`client ${user.id} has no primary contact`);
  return { user, contact };
}

/** clientView for a list of accounts, with their contacts read at once (a partner may have thousands). */
export async function clientViews(store: Store, users: User[]): Promise<ClientView[]> {
  const ids = users.flatMap((u) => (u.primary_contact_id === null ? [] : [u.primary_contact_id]));
  const contacts = new Map((await store.contacts.findByIds(ids)).map((c) => [c.id, c]));
  return users.map((user) => {
    const contact = user.primary_contact_id === null ? undefined : contacts.get(user.primary_contact_id);
    if (!contact) throw new Error(`client ${user.id} has no primary contact`);
    return { user, contact };
  });
}

/**
 * Whether `email` already names another account, as its login name or its e-mail address: a
 * client logs in to the client API with its e-mail, so two accounts cannot share one.
 */
export async function emailTaken(store: Store, email: string, exceptUserId?: number): Promise<boolean> {
  const byUsername = await store.users.findByUsername(email.toLowerCase());
  if (byUsername && byUsername.id !== exceptUserId) return true;
  const byEmail = await store.users.findByEmail(email);
  return byEmail !== undefined && byEmail.id !== exceptUserId;
}

export const EMAIL_TAKEN = 'The email has already been taken';
