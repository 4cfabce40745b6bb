import type { Ctx } from '../context.js';
import type { DnsRecord, Zone } from '../../ports/store.js';
import { getManagedZone } from './zone-access.js';

/**
 * The records of user `userId`'s `domain`, in creation order. The SOA is not among them
 * (it is the zone row itself); the apex NS records are.
 * Errors: as getManagedZone (not_found, forbidden, rejected for foreign name servers or no zone).
 */
export async function listRecords(ctx: Ctx, { userId, domain }: { userId: number; domain: string }): Promise<{ zone: Zone; records: DnsRecord[] }> {
  const { zone } = await getManagedZone(ctx.store, ctx, userId, domain);
  return { zone, records: await ctx.store.records.listByZone(zone.id) };
}
