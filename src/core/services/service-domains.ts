import type { Ctx } from '../context.js';
import type { Domain, Service } from '../../ports/store.js';

/**
 * The domains `services` belong to, by domain id, for showing a service with its domain's name (a
 * service row holds only the id). Only the user's own domains are returned, so a service never shows
 * another account's name; a domain since transferred away or deleted is still returned, since the
 * service's history names it. One read per distinct domain: a page of services has few.
 */
export async function serviceDomains(ctx: Ctx, input: { userId: number; services: Service[] }): Promise<Map<number, Domain>> {
  const ids = [...new Set(input.services.map((s) => s.domain_id).filter((id): id is number => id !== null))];
  const found = await Promise.all(ids.map((id) => ctx.store.domains.findById(id)));
  return new Map(found.filter((d): d is Domain => d !== undefined && d.user_id === input.userId).map((d) => [d.id, d]));
}
