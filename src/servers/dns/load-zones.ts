import type { Ctx } from '../../core/context.js';
import type { ServedRecordRow } from '../../ports/store/records.js';
import { zoneSnapshot } from '../../core/dns/zone-snapshot.js';
import { zoneSigning } from '../../core/dns/dnssec/zone-signing.js';
import type { BuiltinDnsProvider } from '../../providers/dns/builtin/builtin-provider.js';

/** Zones per page of the load: two queries each, some 2 MB of rows at a dozen records a zone. */
const PAGE = 1_000;

/**
 * The builtin DNS server's start-up load: every zone of the store into the provider's index, a page
 * of zones at a time, with one query for the page's zones and one for all their records (by zone),
 * where publishing zone by zone (publishAllZones) makes three or four queries per zone: minutes, not
 * seconds, at 100,000 zones. The records become the zone's snapshot as publishZone makes it
 * (zoneSnapshot); a signed zone (a DNSSEC row; few) is given its signing from the store as publishZone
 * gives it (zoneSigning), and a key secret that does not open its keys fails the start as it did.
 *
 * A zone already in the index is left as it is: it was published from a change announcement heard
 * during the load (service.ts listens before it loads), from a read of the store made after this one.
 * A zone's row and its records are two reads, not one snapshot: a change committed between them is
 * served with the earlier serial until its own publication (queued with the change) moves the serial,
 * which it does without a record to change. Returns how many zones were loaded.
 */
export async function loadAllZones(ctx: Ctx, provider: BuiltinDnsProvider): Promise<number> {
  const { index } = provider;
  const signed = new Set((await ctx.store.dnssec.list()).map((row) => row.zone_id));
  let loaded = 0;
  for (let after = 0; ; ) {
    const zones = await ctx.store.zones.listAfter(after, PAGE);
    if (zones.length === 0) return loaded;
    after = zones.at(-1)!.id;
    const records = await ctx.store.records.listByZoneRange(zones[0]!.id, after);
    let i = 0;
    for (const zone of zones) {
      // Records of a zone made after the page was read (its id inside the page's range) are passed over.
      while (i < records.length && records[i]!.zone_id < zone.id) i++;
      const own: ServedRecordRow[] = [];
      while (i < records.length && records[i]!.zone_id === zone.id) own.push(records[i++]!);
      if (index.get(zone.name)) continue;
      const signing = signed.has(zone.id) ? await zoneSigning(ctx, zone) : null;
      index.put(zoneSnapshot(zone, own, provider.capabilities), signing);
      loaded++;
    }
  }
}
