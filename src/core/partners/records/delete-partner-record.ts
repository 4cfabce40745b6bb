import type { Ctx } from '../../context.js';
import type { Partner } from '../../../ports/store/partners.js';
import { notFound, rejected } from '../../errors.js';
import { applyPlan, lockedRecordsForPlan } from '../../dns/apply-plan.js';
import { planChange } from '../../dns/plan-change.js';
import { getPartnerZone } from './get-partner-zone.js';
import { SOA_FIXED_MESSAGE, SOA_RECORD_ID } from './create-partner-record.js';
import { PARTNER_RECORD_TYPES } from './partner-record-types.js';

/**
 * Deletes record `recordId` of `partner`'s domain `domain` and bumps the serial, in one transaction.
 * Errors: as getPartnerZone; not_found for an id that is neither a
 * record of this zone nor its SOA; rejected for the SOA and for apex NS records (those follow the
 * domain's name servers).
 */
export async function deletePartnerRecord(
  ctx: Ctx,
  { partner, domain, recordId }: { partner: Partner; domain: string; recordId: number },
): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const { domain: owned, zone } = await getPartnerZone(tx, ctx, partner, domain, { lock: true });
    const change = { deletes: [recordId] };
    const current = await lockedRecordsForPlan(tx, zone, change, PARTNER_RECORD_TYPES);
    if (!current.some((r) => r.id === recordId)) {
      if (recordId === SOA_RECORD_ID) throw rejected(SOA_FIXED_MESSAGE);
      throw notFound('Record not found.');
    }
    await applyPlan(tx, ctx, planChange(zone, current, change, PARTNER_RECORD_TYPES), owned);
  });
}
