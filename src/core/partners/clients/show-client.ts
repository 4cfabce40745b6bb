import type { Ctx } from '../../context.js';
import type { Partner } from '../../../ports/store/partners.js';
import { getPartnerClient } from '../partner-scope.js';
import { clientView, type ClientView } from './client-view.js';

/**
 * One client of `partner` with its primary contact, as the partner API's client list shows each.
 * Errors: not_found (no such client, or deleted), forbidden (another partner's client).
 */
export async function showClient(ctx: Ctx, partner: Partner, clientId: number): Promise<ClientView> {
  return clientView(ctx.store, await getPartnerClient(ctx.store, partner, clientId));
}
