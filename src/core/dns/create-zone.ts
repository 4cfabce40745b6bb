import type { Ctx } from '../context.js';
import type { Domain, Store, Zone } from '../../ports/store.js';
import { isoTimestamp } from '../dates.js';
import { normalizeHost } from './nameservers.js';
import { firstSerial, nextSerial } from './serial.js';
import { queueZonePublish } from './publish-zone.js';

/** SOA timers of a new zone (RIPE-203's recommendations for a zone that changes now and then). */
export const ZONE_DEFAULTS = { refresh: 7200, retry: 3600, expire: 1_209_600, minimum: 3600, default_ttl: 3600 } as const;

/**
 * The zone of `domain` on our DNS, created with the SOA defaults and one apex NS record per entry of
 * `nameservers` (the first is the SOA's primary). Idempotent: when the domain's zone exists it is
 * returned unchanged, so a retried fulfilment job does not fail or duplicate records.
 * A zone of the same name left by an earlier registration that has ended (the name was deleted and
 * bought again) is dropped with its records: a new holder must not inherit the last one's DNS.
 * (A transfer moves the zone to the new holder's domain before it gets here, so it keeps its records.)
 * Runs on `tx`: the caller's transaction (fulfilment writes the domain and its zone together).
 */
export async function createZone(tx: Store, ctx: Ctx, domain: Domain, nameservers: string[]): Promise<Zone> {
  const existing = await tx.zones.findByName(domain.fqdn);
  if (existing?.domain_id === domain.id) return existing;
  if (existing) {
    const previous = existing.domain_id === null ? undefined : await tx.domains.findById(existing.domain_id);
    if (previous && !['deleted', 'transferred'].includes(previous.status)) {
      throw new Error(`zone ${existing.name} belongs to live domain ${previous.id}, not ${domain.id}`);
    }
    await tx.zones.delete(existing.id);
  }
  const now = ctx.clock.now();
  const at = isoTimestamp(now);
  const hosts = [...new Set(nameservers.map(normalizeHost))];
  const zone = await tx.zones.create({
    domain_id: domain.id,
    name: domain.fqdn,
    // A zone made anew over an old one continues its serial: secondaries (and the DNS server's index)
    // only reload a zone whose serial grew.
    serial: existing ? nextSerial(existing.serial, now) : firstSerial(now),
    primary_ns: hosts[0] ?? '',
    hostmaster: ctx.settings.hostmaster,
    ...ZONE_DEFAULTS,
    notified_serial: null,
    created_at: at,
    updated_at: at,
  });
  for (const ns of hosts) {
    await tx.records.create({
      zone_id: zone.id,
      // Record names are stored fully qualified (no trailing dot); the apex is the zone's own name.
      name: zone.name,
      type: 'NS',
      content: ns,
      ttl: ZONE_DEFAULTS.default_ttl,
      priority: null,
      weight: null,
      port: null,
      service: null,
      proto: null,
      redirect_type: null,
      fallback_ip: null,
      created_at: at,
      updated_at: at,
    });
  }
  await queueZonePublish(tx, zone.name, at);
  return zone;
}
