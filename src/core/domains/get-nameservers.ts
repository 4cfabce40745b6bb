import type { Ctx } from '../context.js';
import { getOwnedDomain } from './get-owned-domain.js';
import { domainNameservers } from './nameserver-list.js';

/**
 * The nameservers of one of the user's domains, as this registrar last set them at the registry.
 * Errors: not_found, forbidden.
 */
export async function getNameservers(ctx: Ctx, userId: number, name: string): Promise<string[]> {
  return domainNameservers(await getOwnedDomain(ctx.store, userId, name));
}
