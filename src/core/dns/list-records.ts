import type { Ctx } from '../context.js';
import type { DnsRecord, Page, PageOf, Zone } from '../../ports/store.js';
import { notFound } from '../errors.js';
import { getManagedZone, managedZoneOf } from './zone-access.js';
import { ownedDomain } from '../domains/get-owned-domain.js';
import { readAheadFor, type DomainReadAhead } from '../domains/domain-read-ahead.js';

/**
 * The zone of user `userId`'s `domain`, access checked: the first step of reading its records (the
 * client API's record list), whose row tells the zone's version to a reader that may hold the answer
 * already; zoneRecords is the second. With `readAhead` (authenticateWithDomain's, for the same user
 * and name) nothing more is read: getManagedZone's rules are applied to what it read, the zone row
 * among it, read in this request as ever. Errors: as getManagedZone (not_found, forbidden, rejected
 * for foreign name servers or no zone).
 */
export async function recordsZone(
  ctx: Ctx,
  { userId, domain }: { userId: number; domain: string },
  readAhead?: DomainReadAhead,
): Promise<Zone> {
  const read = readAheadFor(readAhead, userId, domain);
  if (read) return managedZoneOf(ctx, ownedDomain(read.domain, userId), async () => read.zone);
  return (await getManagedZone(ctx.store, ctx, userId, domain)).zone;
}

/**
 * The records of `zone` (from recordsZone: access checked), in creation order. The SOA is not among
 * them (it is the zone row itself); the apex NS records are.
 */
export function zoneRecords(ctx: Ctx, zone: Zone): Promise<DnsRecord[]> {
  return ctx.store.records.listByZone(zone.id);
}

/**
 * One page of user `userId`'s `domain`'s records, in creation order, with the total; with `keyword`,
 * those whose name or content contains it or whose type it is. Read a page at a time in the store,
 * so a zone of thousands of records costs a page (the panel's DNS editor).
 * Errors: as recordsZone.
 */
export async function pageRecords(
  ctx: Ctx,
  { userId, domain, page, keyword }: { userId: number; domain: string; page: Page; keyword?: string },
): Promise<{ zone: Zone } & PageOf<DnsRecord>> {
  const { zone } = await getManagedZone(ctx.store, ctx, userId, domain);
  return { zone, ...(await ctx.store.records.pageByZone(zone.id, page, keyword?.trim() || undefined)) };
}

/**
 * Record `recordId` of user `userId`'s `domain` (what an edit form starts from).
 * Errors: as recordsZone; not_found for a record that is not in this domain's zone.
 */
export async function getRecord(ctx: Ctx, { userId, domain, recordId }: { userId: number; domain: string; recordId: number }): Promise<{ zone: Zone; record: DnsRecord }> {
  const { zone } = await getManagedZone(ctx.store, ctx, userId, domain);
  const record = await ctx.store.records.findById(recordId);
  if (!record || record.zone_id !== zone.id) throw notFound();
  return { zone, record };
}
