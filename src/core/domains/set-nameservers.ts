import type { Ctx } from '../context.js';
import type { Domain, Store } from '../../ports/store.js';
import { isoDate, isoTimestamp } from '../dates.js';
import { syncApexNameservers } from '../dns/sync-apex-nameservers.js';
import { FieldErrorCollector, rejected } from '../errors.js';
import { getOwnedDomain } from './get-owned-domain.js';
import { MIN_NAMESERVERS, checkCount, checkHosts, checkNameservers, domainNameservers } from './nameserver-list.js';
import { askRegistry } from './registry-errors.js';
import { checkGlue, glueOf } from './glue.js';
import { DOMAIN_EXPIRED } from './update-domain.js';
import { recordEvent } from '../events/record-event.js';

export interface SetNameserversInput {
  nameservers: unknown[];
  /**
   * replace: the list becomes `nameservers` (PUT); add: they are added to the current list (PATCH);
   * remove: they are taken out of it (DELETE).
   */
  mode: 'replace' | 'add' | 'remove';
}

export const NOT_ACTIVE = 'Unable to update resource: Domain is not active';

/**
 * Replaces, extends or shortens the nameservers of one of the user's domains.
 * Rules: the domain is the user's (403/404) and active (an expired one: 400 as for PATCH domain; a
 * pending one is not at the registry yet); the given names are host names without duplicates. The
 * 2-13 a delegation needs is a rule of the list the domain is left with: a replacing list holds 2-13
 * itself, while an added or removed one needs only one name (PATCH one extra server onto two: three);
 * names already in the list are not added twice, and a name to remove must be in it. A name given
 * inside the domain itself (ns1.example.fi for example.fi) needs its addresses (A/AAAA) in the
 * domain's zone here, which go to the registry as glue (glue.ts).
 * Errors: not_found, forbidden, rejected, invalid (`nameservers`, `nameservers.N`; the registry's
 * refusal under `nameservers`), retry_later (the registry cannot answer now).
 */
export async function setNameservers(ctx: Ctx, userId: number, name: string, input: SetNameserversInput): Promise<void> {
  const domain = await getOwnedDomain(ctx.store, userId, name);
  assertWritable(ctx, domain);
  const errors = new FieldErrorCollector();
  const given = input.mode === 'replace'
    ? checkNameservers(input.nameservers, errors, 'nameservers')
    : checkHosts(input.nameservers, errors, 'nameservers');
  if (input.mode !== 'replace' && input.nameservers.length === 0) errors.add('nameservers', 'The nameservers must have at least 1 items');
  errors.throwIfAny();
  const current = domainNameservers(domain);
  const next = nextNameservers(current, given, input.mode, errors);
  if (input.mode !== 'remove') await checkGlue(ctx.store, domain.fqdn, given, errors, (i) => `nameservers.${i}`);
  errors.throwIfAny();
  await applyNameservers(ctx, domain, next);
}

/** The list the domain is left with, with messages for names it cannot remove and for its count. */
function nextNameservers(current: string[], given: string[], mode: SetNameserversInput['mode'], errors: FieldErrorCollector): string[] {
  if (mode === 'replace') return given;
  if (mode === 'add') {
    const next = [...current, ...given.filter((ns) => !current.includes(ns))];
    checkCount(next, errors, 'nameservers');
    return next;
  }
  given.forEach((ns, i) => {
    if (!current.includes(ns)) errors.add(`nameservers.${i}`, `The nameservers.${i} is not a name server of this domain`);
  });
  const next = current.filter((ns) => !given.includes(ns));
  if (next.length < MIN_NAMESERVERS) {
    errors.add('nameservers', `The nameservers cannot be removed: the domain must keep at least ${MIN_NAMESERVERS} name servers`);
  }
  return next;
}

/** A domain whose nameservers may change now: active, not past its expiry. */
export function assertWritable(ctx: Ctx, domain: Domain): void {
  if (domain.status === 'expired' || (domain.exp_date !== null && domain.exp_date < isoDate(ctx.clock.now()))) {
    throw rejected(DOMAIN_EXPIRED);
  }
  if (domain.status !== 'active') throw rejected(NOT_ACTIVE);
}

/**
 * Sets the delegation at the registry first, so a refusal changes nothing here, then records it on
 * the domain; `more` runs in the same transaction. The zone follows the delegation
 * (syncApexNameservers): moving to our nameservers creates it if missing and sets its apex NS.
 */
export async function applyNameservers(ctx: Ctx, domain: Domain, nameservers: string[], more?: (tx: Store) => Promise<void>): Promise<void> {
  const glue = await glueOf(ctx.store, domain.fqdn, nameservers);
  await askRegistry(() => ctx.registry.setNameservers(domain.fqdn, nameservers, glue), { subject: 'nameservers' });
  await ctx.store.transaction(async (tx) => {
    const at = isoTimestamp(ctx.clock.now());
    await tx.domains.update(domain.id, { nameservers: JSON.stringify(nameservers), updated_at: at });
    await recordEvent(tx, ctx, {
      type: 'domain.nameservers_changed', userId: domain.user_id, subject: domain.fqdn,
      data: { from: domainNameservers(domain), to: nameservers },
    });
    await syncApexNameservers(tx, ctx, domain, nameservers);
    await more?.(tx);
  });
}
