import type { Ctx } from '../context.js';
import { DomainError } from '../errors.js';
import { queueNotification } from '../lifecycle/notify.js';
import { applyNameservers } from './set-nameservers.js';
import { decodeNameservers, domainNameservers } from './nameserver-list.js';

/** The outbox job that sets a completed transfer's asked-for name servers (Order.delegate_to). */
export const TRANSFER_DELEGATION_JOB = 'transfer.delegate';

/**
 * Sets the name servers a transfer order asked for (the partner API's ns1-ns4) on the domain it
 * brought in, once the transfer has completed, at once or days later by the registry's news: queued by
 * completeTransfer in the transaction that completes the order. Does nothing when the order asked for
 * none, the domain already has them, or the domain changed after the transfer completed (its holder's
 * own change wins, and the job never undoes it). A refusal (the registry's, or a rule such as glue
 * inside the name) leaves the delegation the name arrived with and tells the holder why; an
 * unavailable registry is thrown, so the job is tried again.
 */
export async function delegateTransferred(ctx: Ctx, orderId: number): Promise<void> {
  const order = await ctx.store.orders.findById(orderId);
  if (!order || order.status !== 'completed' || order.domain_id === null || order.delegate_to === null) return;
  const domain = await ctx.store.domains.findById(order.domain_id);
  if (!domain || domain.status !== 'active' || domain.user_id !== order.user_id) return;
  if (order.fulfilled_at !== null && domain.updated_at !== null && domain.updated_at > order.fulfilled_at) return;
  const wanted = decodeNameservers(order.delegate_to);
  if (wanted.length === 0 || domainNameservers(domain).join(' ') === wanted.join(' ')) return;
  try {
    await applyNameservers(ctx, domain, wanted);
  } catch (err) {
    if (!(err instanceof DomainError) || err.code === 'retry_later') throw err;
    await ctx.store.transaction((tx) =>
      queueNotification(tx, ctx, domain.user_id, {
        subject: `${domain.fqdn_unicode}: the name servers asked for were not set`,
        text: `${domain.fqdn_unicode} was transferred in and keeps the name servers it came with (${domainNameservers(domain).join(', ')}). `
          + `Setting ${wanted.join(', ')} was refused: ${err.message}`,
      }));
  }
}
