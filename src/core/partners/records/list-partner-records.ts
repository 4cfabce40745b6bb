import type { Ctx } from '../../context.js';
import type { DnsRecord, Zone } from '../../../ports/store.js';
import type { Partner } from '../../../ports/store/partners.js';
import { googleRecords, office365Records, type GoogleRecords, type Office365Records } from '../../dns/office365-google.js';
import { getPartnerZone } from './get-partner-zone.js';
import { isZoneSigned } from '../../dns/dnssec/dnssec-status.js';

export interface PartnerZoneView {
  zone: Zone;
  /** Every record of the zone in creation order (the SOA is the zone row itself). */
  records: DnsRecord[];
  office365: Office365Records;
  google: GoogleRecords;
  /** Whether the zone is served signed (DNSSEC on, or in a transition): the document's IsSecure. */
  secure: boolean;
}

/**
 * The zone of `partner`'s domain `domain` with its records, and which of the Microsoft 365 and Google
 * Workspace records are present among them, and whether it is signed. Errors: as getPartnerZone.
 */
export async function listPartnerRecords(ctx: Ctx, { partner, domain }: { partner: Partner; domain: string }): Promise<PartnerZoneView> {
  const { zone } = await getPartnerZone(ctx.store, ctx, partner, domain);
  const records = await ctx.store.records.listByZone(zone.id);
  return {
    zone, records, office365: office365Records(zone.name, records), google: googleRecords(zone.name, records),
    secure: await isZoneSigned(ctx, zone.id),
  };
}
