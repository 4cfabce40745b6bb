import type { Ctx } from '../../context.js';
import type { Store, Zone } from '../../../ports/store.js';
import type { ZoneKey } from '../../../ports/store/dnssec.js';
import { isoTimestamp } from '../../dates.js';
import { DomainError, rejected } from '../../errors.js';
import { addZoneKey } from './add-zone-key.js';
import { dnssecStatus, type DnssecStatus } from './dnssec-status.js';
import { moveSerial } from './move-serial.js';

/**
 * Rolls zone `zone`'s key over (`hostplane dnssec rollover ZONE`; the schedule does the same once a
 * key is DNSSEC_KEY_LIFETIME_DAYS old): a new CSK is published and signs beside the current one
 * (double signature), and the flow (states.ts) swaps the DS at the parent once the new key has
 * propagated and removes the old key once the old DS has left every cache.
 * Rules: DNSSEC is on and in no other transition; the parent's DS is ours to change (a zone whose DS
 * the owner's registrar keeps is not rolled: its old key could not be removed until the owner had
 * changed the DS, which we cannot see).
 * Errors: conflict (off, or in a transition), rejected (the DS is kept elsewhere).
 */
export async function rollOverKey(ctx: Ctx, zone: Zone): Promise<DnssecStatus> {
  await ctx.store.transaction(async (tx) => {
    const locked = (await tx.zones.lock(zone.id)) ?? zone;
    const row = await tx.dnssec.find(zone.id);
    if (!row) throw new DomainError('conflict', `DNSSEC is off for ${zone.name}`);
    if (row.state !== 'on') throw new DomainError('conflict', `DNSSEC of ${zone.name} is ${row.state}; a rollover starts once that has finished`);
    if (row.parent !== 'registry') {
      throw rejected(`The DS of ${zone.name} is kept by another registrar, so its key is not rolled over here: the old key could be removed only once the DS had been changed there`);
    }
    await startRollover(tx, ctx, locked, await tx.dnssec.keys(zone.id), isoTimestamp(ctx.clock.now()));
    await moveSerial(tx, ctx, zone.id);
  });
  return dnssecStatus(ctx, zone);
}

/** A new key published beside `keys`, the zone `rolling`, on `tx` (the caller moves the serial). */
export async function startRollover(tx: Store, ctx: Ctx, zone: Zone, keys: ZoneKey[], at: string): Promise<void> {
  await addZoneKey(tx, ctx, zone, keys);
  await tx.dnssec.update(zone.id, { state: 'rolling', updated_at: at });
}
