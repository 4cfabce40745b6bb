import type { Insertable } from 'kysely';
import type { Runtime } from '../../src/main.js';
import type { Database } from '../../src/store/schema.js';
import { ZONE_DEFAULTS } from '../../src/core/dns/create-zone.js';
import { isoTimestamp } from '../../src/core/dates.js';
import { DOMAINS_PER_ACCOUNT, seedAccounts } from '../api/seed.js';
import { zoneRecords } from './zones.js';

export const ZONES = 10_000;

/** Rows per INSERT: below SQLite's 32,766 bound parameters at 14 columns. */
const CHUNK = 1_000;

/**
 * Fills an empty store with ZONES active domains, each with its zone (the API benchmark's seed: the
 * rows a paid and fulfilled purchase leaves, apex NS records included), then adds zoneRecords() to
 * every zone. The records are inserted directly, not through createRecord: that plans, audits and
 * bumps the serial and queues a publish job per record, 80,000 times, for minutes; the zones are
 * published once anyway, when the DNS server starts (publishAllZones). The API seed gives its first
 * zone 5,000 more records (LARGE_ZONE_RECORDS); both servers serve that zone too, but no query asks it.
 * Returns the zone names, in id order. `count` (a multiple of DOMAINS_PER_ACCOUNT) is for the memory
 * benchmark, which seeds ten times as many.
 */
export async function seedZones(runtime: Runtime, count = ZONES): Promise<string[]> {
  await seedAccounts(runtime, 1, count / DOMAINS_PER_ACCOUNT, null);
  const zones = await runtime.ctx.store.zones.listSerials();
  if (zones.length !== count) throw new Error(`seeded ${zones.length} zones, expected ${count}`);
  const at = isoTimestamp(runtime.ctx.clock.now());
  const rows: Array<Insertable<Database['records']>> = zones.flatMap((zone, n) =>
    zoneRecords(zone.name, n).map((r) => ({
      zone_id: zone.id, name: r.name, type: r.type, content: r.content, ttl: ZONE_DEFAULTS.default_ttl,
      priority: r.priority, weight: null, port: null, service: null, proto: null, redirect_type: null,
      fallback_ip: null, created_at: at, updated_at: at,
    })),
  );
  await runtime.db.transaction().execute(async (db) => {
    for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('records').values(rows.slice(i, i + CHUNK)).execute();
  });
  return zones.map((z) => z.name);
}
