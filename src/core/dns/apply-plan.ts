import type { Ctx } from '../context.js';
import type { DnsRecord, Domain, Store, Zone } from '../../ports/store.js';
import { isoTimestamp } from '../dates.js';
import { planReads, type Plan, type ZoneChange } from './plan-change.js';
import type { RecordTypeRules } from './record-types.js';
import { nextSerial } from './serial.js';
import { queueZonePublish } from './publish-zone.js';
import { recordEvent } from '../events/record-event.js';

export interface Applied {
  added: DnsRecord[];
  updated: DnsRecord[];
  serial: number;
}

/**
 * The records of `zone` to plan `change` against (planReads: those it touches by id and those that may
 * share an owner with what it adds or changes, not the whole zone, so a change costs the same in a zone
 * of ten records or ten thousand), read after locking the zone row on `tx`, so no concurrent change can
 * move them between the plan and applyPlan (SQLite serializes anyway; on PostgreSQL this is SELECT ...
 * FOR NO KEY UPDATE).
 */
export async function recordsForPlan(tx: Store, zone: Zone, change: ZoneChange, rules?: RecordTypeRules): Promise<DnsRecord[]> {
  await tx.zones.lock(zone.id);
  return lockedRecordsForPlan(tx, zone, change, rules);
}

/** recordsForPlan for a caller whose transaction has locked the zone already (an update, to read its record). */
export function lockedRecordsForPlan(tx: Store, zone: Zone, change: ZoneChange, rules?: RecordTypeRules): Promise<DnsRecord[]> {
  return tx.records.listForPlan(zone.id, planReads(zone, change, rules));
}

/**
 * Writes a plan made by planChange and bumps the zone's SOA serial, on `tx`: the caller's transaction,
 * the same one it read the zone's records in, so the plan was checked against what it changes. Every
 * applied plan bumps the serial, which is what tells secondaries and the DNS server to reload, and
 * queues the zone's publication ('zone.publish') in the same transaction. `domain` is the zone's
 * domain when the caller has read it (its owner is the events' account), so it is not read again.
 */
export async function applyPlan(tx: Store, ctx: Ctx, plan: Plan, domain?: Domain): Promise<Applied> {
  const now = ctx.clock.now();
  const at = isoTimestamp(now);
  const events = await zoneEvents(tx, ctx, plan, domain);
  for (const id of plan.deletes) {
    const record = await tx.records.findById(id);
    await tx.records.delete(id);
    if (record) await events('dns.record_deleted', record);
  }
  const updated: DnsRecord[] = [];
  for (const { id, data } of plan.updates) {
    await tx.records.update(id, { ...data, updated_at: at });
    const record = await tx.records.findById(id);
    if (record) {
      updated.push(record);
      await events('dns.record_updated', record);
    }
  }
  const added: DnsRecord[] = [];
  for (const data of plan.adds) {
    const record = await tx.records.create({ zone_id: plan.zone.id, ...data, created_at: at, updated_at: at });
    added.push(record);
    await events('dns.record_created', record);
  }
  const { serial, announced } = await bumpSerial(tx, plan.zone, now, at);
  // Published by the outbox (publishZone) once this transaction commits; never if it rolls back.
  await queueZonePublish(tx, plan.zone.name, at, { announced });
  return { added, updated, serial };
}

/**
 * Moves `zone`'s serial on from the one it has now. A zone read locked in this transaction (the
 * commands lock it before they read its records) still has the serial it was read with, and one
 * conditional UPDATE does it. Otherwise the serial may have moved since the plan's zone row was read
 * (another change this second): then the row is re-read, locked, so a concurrent change waits for
 * this one's serial rather than bump the same one.
 */
async function bumpSerial(tx: Store, zone: Zone, now: Date, at: string): Promise<{ serial: number; announced: boolean }> {
  const serial = nextSerial(zone.serial, now);
  // The conditional UPDATE also announces the change (store.zones.bumpSerial); the fallback does not.
  if (await tx.zones.bumpSerial(zone.id, zone.serial, serial, at)) return { serial, announced: true };
  const current = (await tx.zones.lock(zone.id)) ?? zone;
  const next = nextSerial(current.serial, now);
  await tx.zones.update(zone.id, { serial: next, updated_at: at });
  return { serial: next, announced: false };
}

/**
 * Records each record change of a plan as an event of the zone's owner (the domain's account; none
 * for a zone without a domain), subject the zone's name. The owner is read once per plan (not at all
 * when the caller passed the domain), not once per record: a template may change dozens at once. Its
 * partner is found by each event's insert (recordEvent), in the same statement.
 */
async function zoneEvents(tx: Store, ctx: Ctx, plan: Plan, domain: Domain | undefined) {
  if (plan.adds.length + plan.updates.length + plan.deletes.length === 0) return async () => {};
  const domainId = plan.zone.domain_id;
  const owner = domainId === null ? undefined : domain?.id === domainId ? domain : await tx.domains.findById(domainId);
  const userId = owner?.user_id ?? null;
  return async (type: 'dns.record_created' | 'dns.record_updated' | 'dns.record_deleted', record: DnsRecord) => {
    await recordEvent(tx, ctx, {
      type, userId, subject: plan.zone.name,
      data: {
        id: record.id, name: record.name, type: record.type, content: record.content, ttl: record.ttl,
        ...(record.priority === null ? {} : { priority: record.priority }),
      },
    });
  };
}
