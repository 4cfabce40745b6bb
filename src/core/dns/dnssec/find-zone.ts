import type { Ctx } from '../../context.js';
import type { Domain, Zone } from '../../../ports/store.js';
import { notFound } from '../../errors.js';
import { parseDomainName } from '../../domains/domain-name.js';

/**
 * Zone `name` (unicode or punycode, any case, with or without a final dot) and its domain, whoever
 * holds it: the operator's `hostplane dnssec` commands. Errors: not_found.
 */
export async function findZone(ctx: Ctx, name: string): Promise<{ zone: Zone; domain: Domain | undefined }> {
  const parsed = parseDomainName(name.trim().replace(/\.$/, ''));
  const zone = parsed && (await ctx.store.zones.findByName(parsed.fqdn));
  if (!zone) throw notFound(`No zone ${name.trim()}`);
  const domain = zone.domain_id === null ? undefined : await ctx.store.domains.findById(zone.domain_id);
  return { zone, domain };
}
