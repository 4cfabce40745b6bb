import type { Ctx } from '../context.js';
import type { Contact } from '../../ports/store.js';
import { notFound } from '../errors.js';
import type { UserSummary } from './list-users.js';

export interface Account {
  user: UserSummary;
  contact: Contact | undefined;
  /** Live domains (not transferred away or deleted) and unpaid invoices, for the operator's summary. */
  liveDomains: number;
  unpaidInvoices: number;
}

/**
 * One account as the operator sees it (`hostplane users show`): the user without its password hash,
 * its primary contact, and how many live domains and unpaid invoices it has.
 * Errors: not_found.
 */
export async function getAccount(ctx: Ctx, userId: number): Promise<Account> {
  const found = await ctx.store.users.findById(userId);
  if (!found) throw notFound(`No user ${userId}`);
  const { password_hash: _hash, ...user } = found;
  const one = { limit: 1, offset: 0 };
  const [contact, domains, unpaid] = await Promise.all([
    user.primary_contact_id === null ? undefined : ctx.store.contacts.findById(user.primary_contact_id),
    ctx.store.domains.listByUser(userId, one),
    ctx.store.invoices.list({ userId, unpaid: true }, one),
  ]);
  return { user, contact, liveDomains: domains.total, unpaidInvoices: unpaid.total };
}
