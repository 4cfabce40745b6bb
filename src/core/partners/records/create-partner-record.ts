import type { Ctx } from '../../context.js';
import type { DnsRecord, Zone } from '../../../ports/store.js';
import type { Partner } from '../../../ports/store/partners.js';
import { rejected } from '../../errors.js';
import { applyPlan, lockedRecordsForPlan } from '../../dns/apply-plan.js';
import { planChange } from '../../dns/plan-change.js';
import { assertProviderSupports } from '../../dns/provider-support.js';
import { getPartnerZone } from './get-partner-zone.js';
import { PARTNER_RECORD_TYPES } from './partner-record-types.js';
import { parsePartnerRecord, withPartnerFields, type PartnerRecordInput } from './record-presentation.js';

/**
 * The SOA's Id in the records list and for PUT. It is the zone row, not a record, and record ids start at
 * 1, so 0 never names a record (the zone's own id would: zone 1's first NS record is record 1 as well).
 */
export const SOA_RECORD_ID = 0;

export const SOA_FIXED_MESSAGE = "Every zone has exactly one SOA record: it can be updated, not added or deleted.";

/**
 * Adds one record to `partner`'s domain `domain`, with the zone's default TTL, and bumps the serial, in
 * one transaction. Errors: as getPartnerZone; rejected for an SOA (there is always exactly one);
 * invalid per field for the type's rules, a duplicate, a CNAME or ANAME conflict (see planChange), or a
 * type or fallback_ip the DNS provider does not serve (assertProviderSupports).
 */
export function createPartnerRecord(
  ctx: Ctx,
  { partner, domain, record }: { partner: Partner; domain: string; record: PartnerRecordInput },
): Promise<{ zone: Zone; record: DnsRecord }> {
  return ctx.store.transaction(async (tx) => {
    const { domain: owned, zone } = await getPartnerZone(tx, ctx, partner, domain, { lock: true });
    if (record.record_type_name.trim().toUpperCase() === 'SOA') throw rejected(SOA_FIXED_MESSAGE);
    const parsed = parsePartnerRecord(zone, record);
    const change = { adds: [parsed.input] };
    const current = await lockedRecordsForPlan(tx, zone, change, PARTNER_RECORD_TYPES);
    const plan = withPartnerFields(parsed.errors, () => {
      const planned = planChange(zone, current, change, PARTNER_RECORD_TYPES);
      assertProviderSupports(ctx, planned);
      return planned;
    });
    const applied = await applyPlan(tx, ctx, plan, owned);
    return { zone, record: applied.added[0]! };
  });
}
