import type { Ctx } from '../../core/context.js';
import { zoneSnapshot } from '../../core/dns/zone-snapshot.js';
import { zoneSigning } from '../../core/dns/dnssec/zone-signing.js';
import type { BuiltinDnsProvider } from '../../providers/dns/builtin/builtin-provider.js';

/** Zones per page of the load: one statement each, some 2 MB of rows at a dozen records a zone. */
const PAGE = 1_000;

/**
 * The builtin DNS server's start-up load: every zone of the store into the provider's index, a page
 * of zones with their records at a time (pageWithRecords: one statement a page), where publishing
 * zone by zone (publishAllZones) makes three or four queries per zone: minutes, not seconds, at
 * 100,000 zones. The records become the zone's snapshot as publishZone makes it (zoneSnapshot); a
 * signed zone (a DNSSEC row; few) is given its signing from the store as publishZone gives it
 * (zoneSigning), and a key secret that does not open its keys fails the start as it did.
 *
 * A zone already in the index is left as it is: it was published from a change announcement heard
 * during the load (service.ts listens before it loads), from a read of the store made after this one.
 * Returns how many zones were loaded.
 */
export async function loadAllZones(ctx: Ctx, provider: BuiltinDnsProvider): Promise<number> {
  const { index } = provider;
  const signed = new Set((await ctx.store.dnssec.list()).map((row) => row.zone_id));
  let loaded = 0;
  for (let after = 0; ; ) {
    const page = await ctx.store.zones.pageWithRecords(after, PAGE);
    if (page.length === 0) return loaded;
    after = page.at(-1)!.zone.id;
    for (const { zone, records } of page) {
      if (index.get(zone.name)) continue;
      const signing = signed.has(zone.id) ? await zoneSigning(ctx, zone) : null;
      index.put(zoneSnapshot(zone, records, provider.capabilities), signing);
      loaded++;
    }
  }
}
