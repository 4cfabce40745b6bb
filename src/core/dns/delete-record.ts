import type { Ctx } from '../context.js';
import { applyPlan, lockedRecordsForPlan } from './apply-plan.js';
import { planChange } from './plan-change.js';
import { getManagedZone } from './zone-access.js';

/**
 * Deletes record `recordId` of user `userId`'s `domain` and bumps the zone's serial, in one transaction.
 * Errors: as getManagedZone; not_found for a record that is not in this domain's zone; rejected for an
 * apex NS record (those follow the domain's name servers).
 */
export async function deleteRecord(
  ctx: Ctx,
  { userId, domain, recordId }: { userId: number; domain: string; recordId: number },
): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const { domain: owned, zone } = await getManagedZone(tx, ctx, userId, domain, { lock: true });
    const change = { deletes: [recordId] };
    await applyPlan(tx, ctx, planChange(zone, await lockedRecordsForPlan(tx, zone, change), change), owned);
  });
}
