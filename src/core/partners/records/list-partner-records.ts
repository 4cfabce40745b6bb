import type { Ctx } from '../../context.js';
import type { DnsRecord, Page, PageOf, Zone } from '../../../ports/store.js';
import { notFound } from '../../errors.js';
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
 * The zone of `partner`'s domain `domain`, access checked: the first step of the partner API's record
 * list, whose row tells the zone's version to a reader that may hold the answer already;
 * partnerZoneView is the second. Errors: as getPartnerZone.
 */
export async function partnerRecordsZone(ctx: Ctx, { partner, domain }: { partner: Partner; domain: string }): Promise<Zone> {
  return (await getPartnerZone(ctx.store, ctx, partner, domain)).zone;
}

/**
 * `zone` (from partnerRecordsZone: access checked) with its records, which of the Microsoft 365 and
 * Google Workspace records are present among them, and whether it is signed.
 */
export async function partnerZoneView(ctx: Ctx, zone: Zone): Promise<PartnerZoneView> {
  const records = await ctx.store.records.listByZone(zone.id);
  return {
    zone, records, office365: office365Records(zone.name, records), google: googleRecords(zone.name, records),
    secure: await isZoneSigned(ctx, zone.id),
  };
}

/**
 * One page of `partner`'s domain `domain`'s records, in creation order, with the total; with `keyword`,
 * those whose name or content contains it or whose type it is. Read a page at a time in the store (the
 * panel's DNS editor), where partnerZoneView gives the whole zone as the document does. The SOA (the
 * zone row) is not among them. Errors: as getPartnerZone.
 */
export async function pagePartnerRecords(
  ctx: Ctx,
  { partner, domain, page, keyword }: { partner: Partner; domain: string; page: Page; keyword?: string },
): Promise<{ zone: Zone } & PageOf<DnsRecord>> {
  const { zone } = await getPartnerZone(ctx.store, ctx, partner, domain);
  return { zone, ...(await ctx.store.records.pageByZone(zone.id, page, keyword?.trim() || undefined)) };
}

/**
 * Record `recordId` of `partner`'s domain `domain` (what an edit form starts from).
 * Errors: as getPartnerZone; not_found for a record that is not in this domain's zone.
 */
export async function getPartnerRecord(
  ctx: Ctx,
  { partner, domain, recordId }: { partner: Partner; domain: string; recordId: number },
): Promise<{ zone: Zone; record: DnsRecord }> {
  const { zone } = await getPartnerZone(ctx.store, ctx, partner, domain);
  const record = await ctx.store.records.findById(recordId);
  if (!record || record.zone_id !== zone.id) throw notFound('Record not found.');
  return { zone, record };
}
