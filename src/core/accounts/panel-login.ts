import type { Ctx } from '../context.js';
import type { User } from '../../ports/store.js';
import type { PartnerUser } from '../../ports/store/panel.js';
import { loginUser } from './login.js';
import { loginPartnerUser } from '../partners/users/login-partner-user.js';

export type PanelLogin = { kind: 'customer'; user: User } | { kind: 'partner'; person: PartnerUser };

/**
 * The panel's one login form: a name that is a partner's person's e-mail address logs that person in
 * (loginPartnerUser); any other name is a customer's username (loginUser, the client API's login).
 * Both by verifyLogin's rules, so the panel is no easier a way to guess than the API.
 * Errors: as verifyLogin's (invalid_credentials, rate_limited, overloaded).
 */
export async function panelLogin(ctx: Ctx, input: { name: string; password: string; address?: string }): Promise<PanelLogin> {
  if (await ctx.store.partnerUsers.findByEmail(input.name)) {
    return { kind: 'partner', person: await loginPartnerUser(ctx, { email: input.name, password: input.password, address: input.address }) };
  }
  return { kind: 'customer', user: await loginUser(ctx, { username: input.name, password: input.password, address: input.address }) };
}
