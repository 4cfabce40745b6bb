import type { Ctx } from '../../context.js';
import type { Partner } from '../../../ports/store/partners.js';
import { FieldErrorCollector } from '../../errors.js';
import { applyNameservers, assertWritable } from '../../domains/set-nameservers.js';
import { getPartnerDomain } from '../partner-scope.js';
import { checkPartnerNameservers, partnerNameserverFields, type NameserverFields } from './partner-nameservers.js';
import { checkGlue } from '../../domains/glue.js';

/**
 * POST domains/{domain}/change-nameservers: replaces the delegation of one of the partner's domains
 * (its own or a client's) with ns1-ns4, at the registry first, then on the domain; the zone follows
 * (set-nameservers.ts: moving to our nameservers makes the zone if missing and sets its apex NS).
 * Rules: ns1 and ns2 required, ns3 and ns4 optional, each 5-100 characters and a host name, no
 * repeats; one inside the domain itself needs its addresses in the domain's zone here (glue.ts); the
 * domain active and not past its expiry.
 * Errors: not_found, forbidden (another partner's domain), invalid (per field), rejected (expired or
 * not active; the registry refused).
 */
export async function changePartnerNameservers(ctx: Ctx, partner: Partner, name: string, input: NameserverFields): Promise<void> {
  const domain = await getPartnerDomain(ctx.store, partner, name);
  const errors = new FieldErrorCollector();
  const nameservers = checkPartnerNameservers(input, errors, true);
  errors.throwIfAny();
  const fields = partnerNameserverFields(input);
  await checkGlue(ctx.store, domain.fqdn, nameservers, errors, (i) => fields[i] ?? `ns${i + 1}`);
  errors.throwIfAny();
  assertWritable(ctx, domain);
  await applyNameservers(ctx, domain, nameservers);
}
