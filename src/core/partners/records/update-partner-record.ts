import type { Ctx } from '../../context.js';
import type { DnsRecord, Store, Zone } from '../../../ports/store.js';
import type { Partner } from '../../../ports/store/partners.js';
import { FieldErrorCollector, invalid, notFound, rejected } from '../../errors.js';
import { applyPlan, lockedRecordsForPlan } from '../../dns/apply-plan.js';
import { planChange } from '../../dns/plan-change.js';
import { assertProviderSupports } from '../../dns/provider-support.js';
import { parseSoaEdit } from '../../dns/soa.js';
import { getPartnerZone } from './get-partner-zone.js';
import { PARTNER_RECORD_TYPES } from './partner-record-types.js';
import { SOA_RECORD_ID } from './create-partner-record.js';
import { parsePartnerRecord, partnerName, recordDataTooLong, withPartnerFields, type PartnerRecordInput } from './record-presentation.js';

/**
 * Replaces record `recordId` of `partner`'s domain `domain` with `record` (every field is sent; the
 * record keeps its TTL; the type may change), or, with record_type_name SOA and id 0 (SOA_RECORD_ID),
 * edits the zone's SOA (see parseSoaEdit for what may change). Bumps the serial, in one transaction.
 * Errors: as getPartnerZone; not_found for an id that is not a record of this zone (or, for SOA, not 0); rejected for the SOA given another type and for apex NS records; invalid as createPartnerRecord.
 */
export function updatePartnerRecord(
  ctx: Ctx,
  { partner, domain, recordId, record }: { partner: Partner; domain: string; recordId: number; record: PartnerRecordInput },
): Promise<{ zone: Zone; record?: DnsRecord }> {
  return ctx.store.transaction(async (tx) => {
    const { zone } = await getPartnerZone(tx, ctx, partner, domain);
    // Locked first: the SOA edit and the record read below see what no concurrent change can move.
    await tx.zones.lock(zone.id);
    if (record.record_type_name.trim().toUpperCase() === 'SOA') return { zone: await updateSoa(tx, ctx, zone, recordId, record) };

    const existing = await tx.records.findById(recordId);
    if (!existing || existing.zone_id !== zone.id) {
      if (recordId === SOA_RECORD_ID) throw rejected('This id is the zone\'s SOA record, whose record_type_name is SOA.');
      throw notFound('Record not found.');
    }
    const parsed = parsePartnerRecord(zone, record, existing.ttl);
    const change = { updates: [{ id: recordId, input: parsed.input }] };
    const current = await lockedRecordsForPlan(tx, zone, change, PARTNER_RECORD_TYPES);
    const plan = withPartnerFields(parsed.errors, () => {
      const planned = planChange(zone, current, change, PARTNER_RECORD_TYPES);
      assertProviderSupports(ctx, planned);
      return planned;
    });
    const applied = await applyPlan(tx, ctx, plan);
    return { zone, record: applied.updated[0]! };
  });
}

/** The SOA edit: the zone row's fields, then an empty plan applied for the serial bump and publication. */
async function updateSoa(tx: Store, ctx: Ctx, zone: Zone, recordId: number, record: PartnerRecordInput): Promise<Zone> {
  if (recordId !== SOA_RECORD_ID) throw notFound('Record not found.');
  const errors = new FieldErrorCollector();
  if (partnerName(zone.name, record.record_name) !== zone.name) errors.add('record_name', 'The SOA record is at the zone apex: @');
  if (record.fallback_ip?.trim()) errors.add('fallback_ip', 'The fallback_ip is only for A records');
  const tooLong = recordDataTooLong('SOA', record.record_data);
  if (tooLong) errors.add('record_data', tooLong);
  const content = new FieldErrorCollector();
  const edit = tooLong ? undefined : parseSoaEdit(zone, record.record_data, content);
  for (const message of content.fields.content ?? []) errors.add('record_data', message);
  if (!errors.empty || !edit) throw invalid(errors.fields);
  await tx.zones.update(zone.id, edit);
  await applyPlan(tx, ctx, { zone, adds: [], updates: [], deletes: [] });
  return (await tx.zones.findById(zone.id))!;
}
