import type { Ctx } from '../context.js';
import type { Service } from '../../ports/store.js';
import { rejected } from '../errors.js';
import { isoDate, isoTimestamp } from '../dates.js';
import { findOwnedService, type ServiceRef } from './get-service.js';

/**
 * Turns automatic renewal of a service on or off; serves both the service path and the domain's
 * services path (give `domain` for the latter).
 * Rules: an expired service (status expired, or an expiry date before today) cannot be changed: it
 * is past renewing. Setting the value it already has is accepted and changes nothing but updated_at.
 * Errors: see findOwnedService; rejected "Unable to update resource: Service already expired".
 */
export async function setServiceRenew(ctx: Ctx, input: ServiceRef & { renew: boolean }): Promise<Service> {
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const service = await findOwnedService(tx, input);
    if (service.status === 'expired' || (service.exp_date !== null && service.exp_date < isoDate(now))) {
      throw rejected('Unable to update resource: Service already expired');
    }
    const patch = { renew: input.renew ? 1 : 0, updated_at: isoTimestamp(now) };
    await tx.services.update(service.id, patch);
    return { ...service, ...patch };
  });
}
