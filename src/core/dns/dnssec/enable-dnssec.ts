import type { Ctx } from '../../context.js';
import type { Domain, Zone } from '../../../ports/store.js';
import { UniqueViolation } from '../../../ports/store.js';
import { isoTimestamp } from '../../dates.js';
import { DomainError, rejected } from '../../errors.js';
import { askRegistry } from '../../domains/registry-errors.js';
import { NOT_ACTIVE } from '../../domains/set-nameservers.js';
import { addZoneKey } from './add-zone-key.js';
import { dnssecStatus, type DnssecStatus } from './dnssec-status.js';
import { moveSerial } from './move-serial.js';

/**
 * Turns DNSSEC on for the zone of `domain`: a CSK is made (its private key sealed in the store) and
 * the zone is signed from its next publication; the flow (states.ts) hands the DS to the parent only
 * once the signed zone is served and the propagation delay has passed. Who keeps the DS is asked of
 * the registry now: a name it holds for us gets the DS through the registry port ('dnssec.ds' jobs);
 * any other (registered elsewhere, or a domain the registry does not hold) is signed all the same and
 * its DS is shown, for the owner to give their registrar.
 * Rules: the domain is active; DNSSEC is off (not on, nor being enabled or disabled); the DNS provider
 * signs zones (the 'dnssec' feature), where this process has one.
 * Errors: rejected (not active, a provider that does not sign), conflict (already on, or in a
 * transition), and the registry's answers as askRegistry gives them (retry_later when it is down).
 */
export async function enableDnssec(ctx: Ctx, { domain, zone }: { domain: Domain; zone: Zone }): Promise<DnssecStatus> {
  if (ctx.dns && !ctx.dns.capabilities.features.includes('dnssec')) {
    throw rejected(`The DNS provider (${ctx.dns.name}) does not sign zones`);
  }
  if (domain.status !== 'active') throw rejected(NOT_ACTIVE);
  await refuseUnlessOff(ctx, zone);
  // Before anything is written: a registry that cannot answer now leaves the zone as it was.
  const info = await askRegistry(() => ctx.registry.info(domain.fqdn));
  const parent = info?.ours ? 'registry' : 'external';
  try {
    await ctx.store.transaction(async (tx) => {
      const locked = (await tx.zones.lock(zone.id)) ?? zone;
      await refuseUnlessOff(ctx, zone, tx.dnssec);
      const at = isoTimestamp(ctx.clock.now());
      await tx.dnssec.create({ zone_id: zone.id, state: 'enabling', parent, created_at: at, updated_at: at });
      await addZoneKey(tx, ctx, locked, []);
      await moveSerial(tx, ctx, zone.id);
    });
  } catch (err) {
    // Two enables at once on PostgreSQL: the row's primary key lets one in.
    if (err instanceof UniqueViolation) throw alreadyOn(zone.name, 'enabling');
    throw err;
  }
  return dnssecStatus(ctx, zone);
}

async function refuseUnlessOff(ctx: Ctx, zone: Zone, dnssec = ctx.store.dnssec): Promise<void> {
  const row = await dnssec.find(zone.id);
  if (row) throw alreadyOn(zone.name, row.state);
}

function alreadyOn(name: string, state: string): DomainError {
  switch (state) {
    case 'enabling':
      return new DomainError('conflict', `DNSSEC is already being enabled for ${name}`);
    case 'disabling':
      return new DomainError('conflict', `DNSSEC is being disabled for ${name}; enable it again once that has finished`);
    default:
      return new DomainError('conflict', `DNSSEC is already on for ${name}`);
  }
}
