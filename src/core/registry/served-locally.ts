import type { Ctx } from '../context.js';

/**
 * Whether `fqdn` is registered at the embedded `local` registry, which is hostplane's own store: it
 * cannot drift from the domains here, sends no news of its own, and holds no row for a domain an
 * operator made by hand, which a sync would take for a deleted name. The registry router (per TLD)
 * decides per name; a process without one has one registry for every name.
 */
export function servedLocally(ctx: Ctx, _fqdn: string): boolean {
  return ctx.registry.name === 'local';
}
