import type { Ctx } from '../context.js';
import type { Domain } from '../../ports/store.js';
import { RegistryError, type RegistryNews } from '../../ports/registry.js';
import { isoDate, isoTimestamp } from '../dates.js';
import { completeTransfer, failOrder, transferContact } from '../domains/fulfil-order.js';
import { queueNotification } from '../lifecycle/notify.js';
import { domainLeftUs } from './domain-left-us.js';
import type { ChangeLog } from './news-log.js';

/** Domain statuses of a registration we hold (not pending, transferred away or deleted). */
const HELD = new Set(['active', 'expired', 'redemption']);

/**
 * Applies one message of the registry's poll queue to the domains and orders here (the caller acks it
 * afterwards). Every change is compare-and-set against the state it reads, so a message applied twice
 * (a crash before its ack, two workers reading the queue at once) changes nothing the second time.
 * - transfer_approved: our pending transfer completes (completeTransfer, as a transfer done at once);
 * - transfer_rejected / transfer_cancelled: the order fails with the registry's words, its pending
 *   domain row is released, a partner's line credited, the customer told;
 * - transfer_requested_away: approved at the registry (whoever asks holds the auth code our customer
 *   gave out, which is the customer's consent), the holder told;
 * - transferred_away / deleted: the domain leaves us (domainLeftUs);
 * - renewed (an auto-renewal at the registry): the expiry moves to the one the message gives (or the
 *   registry's, when it gives none), and an expired domain whose expiry lies ahead again is active;
 * - other, and news of a name not here: logged.
 * A registry that is down throws (the message stays unacknowledged for the next pass).
 */
export async function applyRegistryNews(ctx: Ctx, news: RegistryNews, log: ChangeLog): Promise<void> {
  const logged = { registryNews: { id: news.id, kind: news.kind, name: news.name, at: news.at, text: news.text } };
  const name = news.name;
  if (news.kind === 'other' || !name) {
    log.info(logged, `registry news: ${news.text}`);
    return;
  }
  if (news.kind === 'transfer_approved' || news.kind === 'transfer_rejected' || news.kind === 'transfer_cancelled') {
    const order = await ctx.store.orders.findOpenByFqdn(name, ['transfer']);
    if (!order || order.status !== 'paid' || order.registry_attempted_at === null) {
      log.warn(logged, `registry news for ${name}: no transfer of ours is waiting for it`);
      return;
    }
    if (news.kind === 'transfer_approved') {
      const info = await ctx.registry.info(name);
      const contact = await transferContact(ctx.store, order);
      if (!info?.ours || !contact) {
        // The fulfilment job settles it by domain:info; the nightly sync queues it again.
        log.warn(logged, `registry news for ${name}: transfer approved, but the registry does not show it as ours`);
        return;
      }
      await completeTransfer(ctx, order, contact, info);
      log.info(logged, `registry news: transfer of ${name} approved; order ${order.id} completed`);
      return;
    }
    const what = news.kind === 'transfer_rejected' ? 'rejected by the losing registrar' : 'cancelled';
    await failOrder(ctx, order, `the transfer was ${what}: ${news.text}`, {
      subject: `The transfer of ${name} did not go through`,
      text: `The transfer of ${name} was ${what} (${news.text}). The domain was not transferred, and what was paid for it is credited or refunded.`,
    });
    log.info(logged, `registry news: transfer of ${name} ${what}; order ${order.id} failed`);
    return;
  }

  const domain = await ctx.store.domains.findLiveByFqdn(name);
  if (!domain || !HELD.has(domain.status)) {
    log.warn(logged, `registry news for ${name}, which is not a domain held here`);
    return;
  }
  if (news.kind === 'transfer_requested_away') {
    try {
      await ctx.registry.settleTransfer(name, 'approve');
    } catch (err) {
      if (!(err instanceof RegistryError) || err.reason === 'unavailable') throw err;
      log.warn({ ...logged, err: err.message }, `registry news: the transfer of ${name} away could not be approved`);
      return;
    }
    await ctx.store.transaction((tx) => queueNotification(tx, ctx, domain.user_id, {
      subject: `${domain.fqdn_unicode} is being transferred away`,
      text: `Another registrar asked to transfer ${domain.fqdn_unicode} with its auth code, and the transfer was approved.`,
    }));
    log.info(logged, `registry news: transfer of ${name} away approved`);
  } else if (news.kind === 'transferred_away' || news.kind === 'deleted') {
    const why = news.kind === 'deleted' ? 'deleted' : 'transferred';
    if (await domainLeftUs(ctx, domain, why)) log.info({ ...logged, before: domain.status, after: why }, `registry news: ${name} ${why}`);
  } else if (news.kind === 'renewed') {
    const expiresAt = news.expiresAt ?? (await ctx.registry.info(name))?.expiresAt;
    if (!expiresAt) {
      log.warn(logged, `registry news: ${name} renewed, but no expiry is known`);
      return;
    }
    const changed = await moveExpiry(ctx, domain, expiresAt.slice(0, 10));
    if (changed) log.info({ ...logged, before: domain.exp_date, after: expiresAt.slice(0, 10) }, `registry news: ${name} renewed`);
  }
}

/**
 * Sets a held domain's expiry to the registry's `expiry`; one that had expired and whose expiry lies
 * ahead again is active (as a renewal's fulfilment makes it). False when nothing changed.
 */
export async function moveExpiry(ctx: Ctx, domain: Domain, expiry: string): Promise<boolean> {
  if (domain.exp_date === expiry) return false;
  const revived = domain.status !== 'active' && expiry >= isoDate(ctx.clock.now());
  await ctx.store.transaction(async (tx) => {
    const current = await tx.domains.findById(domain.id);
    if (!current || current.status !== domain.status) return;
    await tx.domains.update(domain.id, { exp_date: expiry, ...(revived ? { status: 'active' } : {}), updated_at: isoTimestamp(ctx.clock.now()) });
  });
  return true;
}
