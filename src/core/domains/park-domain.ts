import type { Ctx } from '../context.js';
import { isoDate, isoTimestamp } from '../dates.js';
import { getOwnedDomain } from './get-owned-domain.js';
import { applyNameservers, assertWritable } from './set-nameservers.js';

export const PARKING_SERVICE_NAME = 'Domain parking';

/**
 * Parks one of the user's domains: its nameservers become the provider's park servers, and the
 * domain gets a free "Domain parking" service (kind `parking`, billed yearly at 0, running to the
 * domain's expiry and renewing with it) unless it has one already, so that parking shows among the
 * domain's services.
 * Errors: not_found, forbidden, rejected (as for nameserver changes).
 */
export async function parkDomain(ctx: Ctx, userId: number, name: string): Promise<void> {
  const domain = await getOwnedDomain(ctx.store, userId, name);
  assertWritable(ctx, domain);
  await applyNameservers(ctx, domain, ctx.settings.parkNameservers, async (tx) => {
    const { items } = await tx.services.listByDomain(domain.id, { limit: 1000, offset: 0 });
    if (items.some((s) => s.kind === 'parking' && s.status !== 'deleted')) return;
    const now = ctx.clock.now();
    const at = isoTimestamp(now);
    await tx.services.create({
      user_id: userId,
      domain_id: domain.id,
      kind: 'parking',
      name: PARKING_SERVICE_NAME,
      qty: 1,
      start_date: isoDate(now),
      exp_date: domain.exp_date,
      status: 'active',
      renew: domain.renew,
      price_cents: 0,
      billing_period_months: 12,
      created_at: at,
      updated_at: null,
    });
  });
}
