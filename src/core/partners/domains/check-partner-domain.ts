import type { Ctx } from '../../context.js';
import { DomainError, FieldErrorCollector } from '../../errors.js';
import { checkDomainName } from '../../domains/domain-name-field.js';
import { checkAvailability, type Availability } from '../../lookup/check-availability.js';

export interface PartnerAvailability {
  available: boolean;
  message: string;
}

/**
 * POST domains/check-domain: whether `name` can be registered now, by the client API's rules
 * (check-availability.ts: free at the registry, not a live domain here, not in an open order, under
 * a TLD on sale, within the TLD's name rules). Messages: "<name> is available to register!" (the
 * document's), "<name> is not available to register!" for a taken name, and for a name that cannot be
 * ordered here "<name> is not available to register: <why>" (judgeName's words: ".<tld> domains are
 * not offered.", ".fi names are 2-63 characters long; ...").
 * Errors: invalid (`name`: required, 3-100 characters, a registrable domain name; the registry's
 * refusal), retry_later (the registry cannot answer now).
 */
export async function checkPartnerDomain(ctx: Ctx, input: { name?: string }): Promise<PartnerAvailability> {
  const errors = new FieldErrorCollector();
  const raw = typeof input.name === 'string' ? input.name.trim() : '';
  if (raw.length > 0 && raw.length < 3) errors.add('name', 'The name must be at least 3 characters');
  else if (raw.length > 100) errors.add('name', 'The name may not be greater than 100 characters');
  const name = errors.empty ? checkDomainName(raw, errors, 'name') : undefined;
  errors.throwIfAny();
  let result: Availability;
  try {
    result = (await checkAvailability(ctx, name!.fqdn)) as Availability;
  } catch (err) {
    // The registry's refusal is reported under this API's field for the name.
    if (err instanceof DomainError && err.code === 'invalid' && err.fields?.domain) {
      throw new DomainError('invalid', err.message, { name: err.fields.domain });
    }
    throw err;
  }
  const shown = name!.fqdnUnicode;
  if (result.info === 'available') return { available: true, message: `${shown} is available to register!` };
  if (result.info === 'invalid') return { available: false, message: `${shown} is not available to register: ${result.reason}` };
  return { available: false, message: `${shown} is not available to register!` };
}
