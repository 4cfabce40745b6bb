import type { Ctx } from '../context.js';
import { generateAuthCode } from './auth-code.js';
import { rejected } from '../errors.js';
import { getOwnedDomain } from './get-owned-domain.js';
import { askRegistry } from './registry-errors.js';

/**
 * A transfer code for one of the user's active domains. A fresh code is set at the registry on every
 * request, as registrars do when a customer asks for one: a code shown once is not left valid
 * forever, and asking again invalidates the code given before.
 * Errors: not_found, forbidden, rejected (the domain is not active).
 */
export async function getAuthCode(ctx: Ctx, userId: number, name: string): Promise<string> {
  const domain = await getOwnedDomain(ctx.store, userId, name);
  if (domain.status !== 'active') throw rejected('Unable to generate auth code: Domain is not active');
  const code = generateAuthCode();
  await askRegistry(() => ctx.registry.setAuthCode(domain.fqdn, code));
  return code;
}
