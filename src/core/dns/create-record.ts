import type { Ctx } from '../context.js';
import type { DnsRecord, Zone } from '../../ports/store.js';
import { applyPlan, lockedRecordsForPlan } from './apply-plan.js';
import { planChange } from './plan-change.js';
import type { RecordInput } from './record-types.js';
import { getManagedZone } from './zone-access.js';

/**
 * Adds one record to user `userId`'s `domain` and bumps the zone's serial, in one transaction.
 * Errors: as getManagedZone; invalid per field for the record type's rules, a duplicate, or a CNAME
 * conflict (see planChange).
 */
export function createRecord(
  ctx: Ctx,
  { userId, domain, record: input }: { userId: number; domain: string; record: RecordInput },
): Promise<{ zone: Zone; record: DnsRecord }> {
  return ctx.store.transaction(async (tx) => {
    const { domain: owned, zone } = await getManagedZone(tx, ctx, userId, domain, { lock: true });
    const change = { adds: [input] };
    const plan = planChange(zone, await lockedRecordsForPlan(tx, zone, change), change);
    const applied = await applyPlan(tx, ctx, plan, owned);
    return { zone, record: applied.added[0]! };
  });
}
