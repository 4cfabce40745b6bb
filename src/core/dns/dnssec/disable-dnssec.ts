import type { Ctx } from '../../context.js';
import type { Zone } from '../../../ports/store.js';
import { isoTimestamp } from '../../dates.js';
import { DomainError } from '../../errors.js';
import { advanceZone } from './advance-dnssec.js';
import { dnssecStatus, type DnssecStatus } from './dnssec-status.js';
import { moveSerial } from './move-serial.js';
import { DS_JOB } from './sync-parent-ds.js';

/**
 * Turns DNSSEC off for zone `zone`, the DS first: the zone publishes CDS/CDNSKEY "delete" (RFC 8078
 * 4) and keeps signing; every key whose DS is at the parent or on its way there is withdrawn (a
 * 'dnssec.ds' job sets the registry's DS set empty; with an external parent the owner removes it at
 * their registrar, and the wait starts now); the flow (states.ts) serves the zone unsigned and
 * deletes its keys once the parent's DS TTL has passed since the DS left. A zone whose DS never went
 * up (still enabling) is unsigned at once. Allowed in any state but off and disabling: a rollover or
 * an enable under way is abandoned, its keys withdrawn alike.
 * Errors: conflict (already off, or already being disabled).
 */
export async function disableDnssec(ctx: Ctx, zone: Zone): Promise<DnssecStatus> {
  await ctx.store.transaction(async (tx) => {
    await tx.zones.lock(zone.id);
    const row = await tx.dnssec.find(zone.id);
    if (!row) throw new DomainError('conflict', `DNSSEC is already off for ${zone.name}`);
    if (row.state === 'disabling') throw new DomainError('conflict', `DNSSEC is already being disabled for ${zone.name}`);
    const at = isoTimestamp(ctx.clock.now());
    await tx.dnssec.update(zone.id, { state: 'disabling', updated_at: at });
    let withdrawing = false;
    for (const k of await tx.dnssec.keys(zone.id)) {
      if (k.state !== 'submitted' && k.state !== 'active') continue;
      if (row.parent === 'registry') {
        await tx.dnssec.updateKey(k.id, { state: 'withdrawing', updated_at: at });
        withdrawing = true;
      } else {
        await tx.dnssec.updateKey(k.id, { state: 'retired', retired_at: at, updated_at: at });
      }
    }
    if (withdrawing) await tx.jobs.enqueueUnlessPending(DS_JOB, { zone: zone.name }, at);
    await moveSerial(tx, ctx, zone.id);
  });
  // Nothing at the parent to wait for (an enable stopped before its DS went up): unsigned now.
  await advanceZone(ctx, zone.id);
  return dnssecStatus(ctx, zone);
}
