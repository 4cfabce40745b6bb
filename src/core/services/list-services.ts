import type { Ctx } from '../context.js';
import type { Page, PageOf, Service } from '../../ports/store.js';

/** A page of all the user's services (with or without a domain), oldest first. */
export function listServices(ctx: Ctx, input: { userId: number; page: Page }): Promise<PageOf<Service>> {
  return ctx.store.services.listByUser(input.userId, input.page);
}
