import type { Ctx } from '../../context.js';
import type { Store } from '../../../ports/store.js';
import { isoTimestamp } from '../../dates.js';
import { queueZonePublish } from '../publish-zone.js';
import { nextSerial } from '../serial.js';

/**
 * Moves zone `zoneId`'s SOA serial and queues its publication, on `tx` (the transaction that changed
 * a key's state). Every DNSSEC step does: publishZone skips a zone whose serial the provider holds,
 * and other instances reload a zone whose serial grew, so a step that changed nothing in the serial
 * would never reach them. Call with the zone locked (tx.zones.lock), as the flows do.
 */
export async function moveSerial(tx: Store, ctx: Ctx, zoneId: number): Promise<void> {
  const zone = await tx.zones.lock(zoneId);
  if (!zone) return;
  const now = ctx.clock.now();
  const at = isoTimestamp(now);
  await tx.zones.update(zone.id, { serial: nextSerial(zone.serial, now), updated_at: at });
  await queueZonePublish(tx, zone.name, at);
}
