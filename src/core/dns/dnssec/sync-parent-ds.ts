import type { Ctx } from '../../context.js';
import { isoTimestamp } from '../../dates.js';
import { moveSerial } from './move-serial.js';
import { dsOfKey, wantedDs } from './states.js';

/** The job that hands a zone's DS set to the registry (payload `{ zone }`). */
export const DS_JOB = 'dnssec.ds';

/** Rounds of setDs one job makes while the flow moves under it (a disable while a DS was going up). */
const MAX_ROUNDS = 3;

/**
 * The 'dnssec.ds' job: sets zone `name`'s DS at the registry (secDNS-1.1 through the registry port's
 * setDs, replacing the set) to what the flow wants now (keys `submitted` or `active`), then records
 * what the registry has: a submitted key whose DS went up is `active` (an enabling zone is then `on`),
 * a withdrawing key whose DS is gone is `retired` from this moment, which the parent's DS TTL counts
 * from. The registry is asked first and the store written after its answer, so a failure (a registry
 * down: the job runner's outage policy retries it for days; a refusal: it goes to the failed jobs)
 * changes nothing here, and the keys wait, still signing. Safe to repeat: it reads the wanted set when
 * it runs, and a set that changed while it was at the registry is sent again.
 */
export async function syncParentDs(ctx: Ctx, name: string): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const zone = await ctx.store.zones.findByName(name);
    const row = zone && (await ctx.store.dnssec.find(zone.id));
    if (!zone || !row || row.parent !== 'registry') return;
    const keys = await ctx.store.dnssec.keys(zone.id);
    if (!keys.some((k) => k.state === 'submitted' || k.state === 'withdrawing')) return;
    const sent = wantedDs(zone.name, keys);
    await ctx.registry.setDs(zone.name, sent);
    const settled = await ctx.store.transaction(async (tx) => {
      await tx.zones.lock(zone.id);
      const current = await tx.dnssec.find(zone.id);
      if (!current) return true;
      const now = await tx.dnssec.keys(zone.id);
      const digests = new Set(sent.map((d) => d.digest));
      const at = isoTimestamp(ctx.clock.now());
      let changed = false;
      for (const k of now) {
        const up = digests.has(dsOfKey(zone.name, k).digest);
        if (k.state === 'submitted' && up) {
          await tx.dnssec.updateKey(k.id, { state: 'active', active_at: at, updated_at: at });
          k.state = 'active';
          changed = true;
        } else if (k.state === 'withdrawing' && !up) {
          await tx.dnssec.updateKey(k.id, { state: 'retired', retired_at: at, updated_at: at });
          k.state = 'retired';
          changed = true;
        }
      }
      if (current.state === 'enabling' && now.some((k) => k.state === 'active')) {
        await tx.dnssec.update(zone.id, { state: 'on', updated_at: at });
        changed = true;
      }
      if (changed) await moveSerial(tx, ctx, zone.id);
      const wanted = wantedDs(zone.name, now).map((d) => d.digest).sort();
      return wanted.join() === [...digests].sort().join() && !now.some((k) => k.state === 'submitted' || k.state === 'withdrawing');
    });
    if (settled) return;
  }
}
