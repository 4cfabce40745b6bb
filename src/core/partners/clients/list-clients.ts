import type { Ctx } from '../../context.js';
import type { Partner } from '../../../ports/store/partners.js';
import { clientViews, type ClientView } from './client-view.js';

/**
 * The partner's clients (not deleted), oldest first; with `keyword`, those whose first name, last
 * name or company contains it, case-insensitively. The document pages nothing here, so all are given.
 */
export async function listClients(ctx: Ctx, partner: Partner, keyword?: string): Promise<ClientView[]> {
  const users = await ctx.store.users.listByPartner(partner.id, keyword?.trim() || undefined);
  return clientViews(ctx.store, users);
}
