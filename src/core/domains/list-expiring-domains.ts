import type { Ctx } from '../context.js';
import type { Domain } from '../../ports/store.js';
import { isoDate } from '../dates.js';

/**
 * The user's live domains that expire within `days` days of today (or have expired and are still
 * live), soonest first, at most `limit`: the panel's start page.
 */
export function listExpiringDomains(ctx: Ctx, userId: number, days: number, limit: number): Promise<Domain[]> {
  const lastDay = isoDate(new Date(ctx.clock.now().getTime() + days * 86_400_000));
  return ctx.store.domains.listExpiringByUser(userId, lastDay, limit);
}
