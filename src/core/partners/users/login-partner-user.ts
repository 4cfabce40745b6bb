import type { Ctx } from '../../context.js';
import type { PartnerUser } from '../../../ports/store/panel.js';
import { verifyLogin } from '../../accounts/login.js';

/**
 * The partner's person an e-mail address and password name, by the customers' login rules
 * (verifyLogin: per-source and per-name failure limits, the verification gate). Failures are counted
 * under "partner:<email>", so a person's failures and a customer username's never share a budget.
 * Errors: as verifyLogin's.
 */
export function loginPartnerUser(ctx: Ctx, input: { email: string; password: string; address?: string }): Promise<PartnerUser> {
  const email = input.email.trim().toLowerCase();
  return verifyLogin(
    ctx,
    { key: `partner:${email}`, password: input.password, address: input.address },
    () => ctx.store.partnerUsers.findByEmail(email),
    (person) => ({ partnerId: person.partner_id }),
  );
}
