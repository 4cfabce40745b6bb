import type { Ctx } from '../../context.js';
import type { Partner } from '../../../ports/store/partners.js';
import { isoDate } from '../../dates.js';
import { getPartnerClient } from '../partner-scope.js';
import { describeServices, type PartnerService } from './partner-services.js';

/**
 * Every service of the partner's own account and of its clients (or, with clientId, of that client
 * only), by id: hosting, domains' services, Microsoft 365 tenants and subscriptions, licences.
 * Deleted services are left out.
 * Errors: not_found / forbidden (clientId: not a client of the partner).
 */
export async function listPartnerServices(ctx: Ctx, input: { partner: Partner; clientId?: number }): Promise<PartnerService[]> {
  const userId = input.clientId === undefined ? undefined : (await getPartnerClient(ctx.store, input.partner, input.clientId)).id;
  const services = await ctx.store.services.listByPartner(input.partner, { userId });
  return describeServices(ctx.store, services, isoDate(ctx.clock.now()));
}
