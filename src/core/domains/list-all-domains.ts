import type { Ctx } from '../context.js';
import type { Domain, Page, PageOf } from '../../ports/store.js';
import { invalidField } from '../errors.js';

/** A domain's states: ordered, registered, past expiry, in redemption, and the two ended ones. */
export const DOMAIN_STATUSES = ['pending', 'active', 'expired', 'redemption', 'transferred', 'deleted'] as const;

/**
 * Every account's domains, oldest first (the operator's `hostplane domains list`): the live ones, or
 * those in `status`; only one account's with `userId`.
 * Errors: invalid (status).
 */
export async function listAllDomains(
  ctx: Ctx,
  input: { userId?: number; status?: string; page: Page },
): Promise<PageOf<Domain>> {
  if (input.status !== undefined && !(DOMAIN_STATUSES as readonly string[]).includes(input.status)) {
    throw invalidField('status', `--status must be one of ${DOMAIN_STATUSES.join(', ')}, got "${input.status}"`);
  }
  return ctx.store.domains.list({ userId: input.userId, status: input.status }, input.page);
}
