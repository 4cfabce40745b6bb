import type { Ctx } from '../context.js';
import type { ApiKey } from '../../ports/store/partners.js';

/**
 * A partner's API keys, revoked ones included (a person checking which key leaked needs to see that
 * it is already revoked). Only what is stored is given: the visible prefix, the dates; a key's value
 * is shown once, when it is added, and never kept.
 */
export async function listApiKeys(ctx: Ctx, input: { partnerId: number }): Promise<ApiKey[]> {
  return ctx.store.apiKeys.listByPartner(input.partnerId);
}
