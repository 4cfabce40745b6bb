import type { Ctx } from '../context.js';
import type { Store } from '../../ports/store.js';
import type { DnsProvider } from '../../ports/dns.js';
import { serialAfter } from './serial.js';
import { diffZone, zoneSnapshot } from './zone-snapshot.js';
import { zoneSigning } from './dnssec/zone-signing.js';

/**
 * The 'zone.publish' job: makes the DNS provider hold zone `name` as the store has it now. Queued in
 * the transaction of every change of a zone (applyPlan, createZone), so a committed change is
 * published and a rolled back one is not. Safe to repeat: it plans from the store's current state
 * against the provider's (diffZone) and applies only the difference, so a job run late, twice, or
 * after a newer one changes nothing.
 *
 * A zone whose serial the provider already holds is left alone without reading its records: every
 * change moves the serial (applyPlan; a zone made anew over an old one continues its serial; every
 * change of a DNSSEC key's state, core/dns/dnssec).
 * A provider with the 'dnssec' feature is given the zone's signing (its keys from the store, the
 * private keys opened with DNSSEC_KEY_SECRET; null for an unsigned zone) before the changes that
 * carry the new serial, so a provider holding a serial holds that serial's signing too.
 * A process without a DNS provider (a CLI command) has nothing to publish to; the DNS server's own
 * start-up load and reconciliation (publishAllZones) pick up what it changed.
 */
export function publishZone(ctx: Ctx, name: string): Promise<void> {
  const provider = ctx.dns;
  if (!provider) return Promise.resolve();
  // One zone's publications in this process run one after another: two at once (the job of a purchase
  // and that of the record added right after it) would both plan from the provider's state before
  // either applied, and the later SOA could carry the earlier plan's serial.
  let zones = publishing.get(provider);
  if (!zones) publishing.set(provider, (zones = new Map()));
  const run = (zones.get(name) ?? Promise.resolve()).catch(() => undefined).then(() => publishNow(ctx, provider, name));
  zones.set(name, run);
  const settled = () => {
    if (zones.get(name) === run) zones.delete(name);
  };
  run.then(settled, settled);
  return run;
}

/** The publication under way or queued per provider and zone (see publishZone). */
const publishing = new WeakMap<DnsProvider, Map<string, Promise<void>>>();

async function publishNow(ctx: Ctx, provider: DnsProvider, name: string): Promise<void> {
  const zone = await ctx.store.zones.findByName(name);
  if (!zone) {
    await provider.deleteZone(name);
    return;
  }
  const current = await provider.readZone(name);
  if (current && current.soa.serial === zone.serial) return;
  // The provider holds a later serial than the store gave us: another process (or job) published a
  // newer state after our read; applying ours would take the zone back to it.
  if (current && serialAfter(current.soa.serial, zone.serial)) return;
  const desired = zoneSnapshot(zone, await ctx.store.records.listByZone(zone.id), provider.capabilities);
  if (!current) await provider.ensureZone(name, desired.soa);
  if (provider.setSigning && provider.capabilities.features.includes('dnssec')) {
    // An unsigned zone the provider serves unsigned (nearly every zone) is not given its null again.
    const signing = await zoneSigning(ctx, zone);
    if (signing || (current && (await provider.readSigning?.(name)))) await provider.setSigning(name, signing);
  }
  await provider.applyChanges(name, diffZone(current?.records ?? [], desired));
}

/**
 * Publishes every zone of the store whose serial the provider does not hold yet, and removes the
 * provider's zones the store no longer has. For a DNS server starting up (its index is empty) and
 * for its periodic reconciliation, which catches changes made by other processes.
 * Returns how many zones were (re)published.
 */
export async function publishAllZones(ctx: Ctx): Promise<number> {
  const provider = ctx.dns;
  if (!provider) return 0;
  const held = new Map((await provider.listZones()).map((z) => [z.name, z.serial]));
  const zones = await ctx.store.zones.listSerials();
  let published = 0;
  for (const zone of zones) {
    if (held.get(zone.name) === zone.serial) continue;
    await publishZone(ctx, zone.name);
    published++;
  }
  const names = new Set(zones.map((z) => z.name));
  for (const name of held.keys()) if (!names.has(name)) await provider.deleteZone(name);
  return published;
}

/**
 * Queues zone `name`'s publication on `tx`, the transaction that changed it: a 'zone.publish' job
 * (the outbox: whichever process runs it publishes to its provider), and an announcement to every
 * process serving DNS from the store (PostgreSQL NOTIFY at commit: each re-reads the zone within a
 * second rather than at its next reconciliation; see servers/dns/service.ts), unless the caller's
 * serial bump made it already (`announced`: store.zones.bumpSerial).
 */
export async function queueZonePublish(tx: Store, name: string, at: string, { announced = false } = {}): Promise<void> {
  await tx.jobs.enqueueUnlessPending('zone.publish', { zone: name }, at);
  if (!announced) await tx.zones.announceChange(name);
}
