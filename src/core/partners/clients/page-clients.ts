import type { Ctx } from '../../context.js';
import type { Page, PageOf } from '../../../ports/store.js';
import { clientViews, type ClientView } from './client-view.js';

/**
 * One page of partner `partnerId`'s clients (not deleted), oldest first, each with its primary
 * contact: the panel pages in the store what the partner API's list gives whole.
 */
export async function pageClients(ctx: Ctx, partnerId: number, page: Page): Promise<PageOf<ClientView>> {
  const { items, total } = await ctx.store.users.pageByPartner(partnerId, page);
  return { items: await clientViews(ctx.store, items), total };
}
