import type { Ctx } from '../context.js';
import { isoTimestamp } from '../dates.js';
import { queueNotification } from './notify.js';

/**
 * The 'm365.sync' job, queued when a Microsoft 365 subscription's service is renewed: Microsoft
 * renews the subscription itself (auto-renew), so this checks at Microsoft (through ctx.licensing)
 * that it is still there and active, and takes the seat count from there. A subscription Microsoft
 * no longer has active makes the service `expired` and the owner is told. Provider errors are thrown:
 * the job is retried with backoff (an unreachable Partner Center is a passing thing).
 */
export async function syncM365Subscription(ctx: Ctx, serviceId: number): Promise<void> {
  const [link] = await ctx.store.m365.subscriptionsByServices([serviceId]);
  const tenant = link && (await ctx.store.m365.findTenantByService(link.tenant_service_id));
  if (!link || !tenant) return;
  const found = (await ctx.licensing.listSubscriptions(tenant.tenant_id)).find((s) => s.subscriptionId === link.subscription_id);
  await ctx.store.transaction(async (tx) => {
    const service = await tx.services.findById(serviceId);
    if (!service) return;
    const at = isoTimestamp(ctx.clock.now());
    if (!found || found.status !== 'active') {
      if (await tx.lifecycle.transitionService(service.id, 'active', 'expired', at)) {
        await queueNotification(tx, ctx, service.user_id, {
          subject: `${service.name} has ended`,
          text: `${service.name} (${tenant.domain}) is no longer active at Microsoft.`,
        });
      }
      return;
    }
    if (found.quantity !== service.qty) await tx.services.update(service.id, { qty: found.quantity, updated_at: at });
  });
}
