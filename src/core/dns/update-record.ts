import type { Ctx } from '../context.js';
import type { DnsRecord, Zone } from '../../ports/store.js';
import { notFound } from '../errors.js';
import { applyPlan, lockedRecordsForPlan } from './apply-plan.js';
import { planChange } from './plan-change.js';
import { nameToHost } from './record-name.js';
import { recordInputFields, type RecordInput } from './record-types.js';
import { getManagedZone } from './zone-access.js';

/**
 * Changes record `recordId` of user `userId`'s `domain`: the fields given replace the record's,
 * and the merged record is validated as a whole (so changing only `type` to MX asks for a pref). When
 * the type changes, the old type's extra fields are dropped rather than carried into the new type.
 * Bumps the zone's serial, in the same transaction.
 * Errors: as getManagedZone; not_found for a record that is not in this domain's zone; rejected for an
 * apex NS record; invalid as createRecord.
 */
export function updateRecord(
  ctx: Ctx,
  { userId, domain, recordId: id, patch }: { userId: number; domain: string; recordId: number; patch: Partial<RecordInput> },
): Promise<{ zone: Zone; record: DnsRecord }> {
  return ctx.store.transaction(async (tx) => {
    // Locked before the record is read: the patch is merged over what no concurrent change can move.
    const { domain: owned, zone } = await getManagedZone(tx, ctx, userId, domain, { lock: true });
    const record = await tx.records.findById(id);
    if (!record || record.zone_id !== zone.id) throw notFound();
    const sameType = patch.type === undefined || patch.type.trim().toUpperCase() === record.type;
    const input: RecordInput = {
      host: nameToHost(zone.name, record.name),
      type: record.type,
      content: record.content,
      ttl: record.ttl,
      ...(sameType ? recordInputFields(record) : {}),
      ...definedOnly(patch),
    };
    const change = { updates: [{ id, input }] };
    const applied = await applyPlan(tx, ctx, planChange(zone, await lockedRecordsForPlan(tx, zone, change), change), owned);
    return { zone, record: applied.updated[0]! };
  });
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
