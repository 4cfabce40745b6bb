import type { Ctx } from '../context.js';
import type { Page, User } from '../../ports/store.js';

/** A user as an operator may see it: everything but the password hash. */
export type UserSummary = Omit<User, 'password_hash'>;

/** A page of all accounts, oldest first (the operator's view). */
export async function listUsers(ctx: Ctx, input: { page: Page }): Promise<{ items: UserSummary[]; total: number }> {
  const page = await ctx.store.users.list(input.page);
  return { items: page.items.map(({ password_hash: _hash, ...user }) => user), total: page.total };
}
