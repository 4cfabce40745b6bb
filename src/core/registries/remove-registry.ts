import type { Ctx } from '../context.js';
import { DomainError, notFound } from '../errors.js';

export interface RemovedRegistry {
  name: string;
  /** The TLDs it served, now back on the `local` registry. */
  tlds: string[];
  /** Live domains under those TLDs when it was removed (only with `force`, else it is refused). */
  liveDomains: number;
}

/**
 * Removes a configured registry (`hostplane registries remove`): its TLDs go back to the embedded
 * `local` registry. Its names stay registered at the real registry; here, from then on, they are
 * looked up at `local`, which does not hold them, so renewals and changes of them would fail: the
 * removal is refused while live domains are under its TLDs, unless `force` (moving to another
 * registry or giving up on the accreditation, where the operator knows what follows). The contact
 * handles made at the registry are kept (registry_contacts), for the day it is added again.
 * Errors: not_found (no such registry); rejected (live domains, with how many, without `force`).
 */
export async function removeRegistry(ctx: Ctx, name: string, options: { force?: boolean } = {}): Promise<RemovedRegistry> {
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.registries.find(name))) throw notFound(`No registry named ${name} (\`hostplane registries list\` shows them)`);
    const tlds = await tx.registries.tldsOf(name);
    const liveDomains = await tx.domains.countLiveByTlds(tlds);
    if (liveDomains > 0 && !options.force) {
      throw new DomainError(
        'rejected',
        `${name} serves ${liveDomains} live domain${liveDomains === 1 ? '' : 's'} under ${tlds.map((t) => `.${t}`).join(', ')}: ` +
          'removed, they would be looked up at the local registry, which does not hold them. --force removes it anyway',
      );
    }
    await tx.registries.remove(name);
    return { name, tlds, liveDomains };
  });
}
