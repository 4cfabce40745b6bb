import type { Ctx } from '../context.js';
import { RegistryError } from '../../ports/registry.js';

/**
 * The 'domain.release' job: ends a deleted domain's registration at the registry, so the name is
 * free for anyone. Safe to repeat, and careful not to delete what is no longer ours to delete: it does
 * nothing when the domain is not `deleted`, the name is not registered (released already), another
 * registrar sponsors it, or its registry expiry moved from the one the domain expired with (renewed
 * at the registry after all). Registry refusals other than "not found" are thrown, so the job is
 * retried and, refused for good, lands with the failed jobs for an operator.
 */
export async function releaseDomain(ctx: Ctx, domainId: number): Promise<void> {
  const domain = await ctx.store.domains.findById(domainId);
  if (!domain || domain.status !== 'deleted' || domain.exp_date === null) return;
  const info = await ctx.registry.info(domain.fqdn);
  if (!info || !info.ours) return;
  if (info.expiresAt.slice(0, 10) !== domain.exp_date) return;
  try {
    await ctx.registry.delete(domain.fqdn);
  } catch (err) {
    if (err instanceof RegistryError && err.reason === 'not_found') return;
    throw err;
  }
}
