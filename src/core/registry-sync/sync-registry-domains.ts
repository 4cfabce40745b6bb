import type { Ctx } from '../context.js';
import type { Domain } from '../../ports/store.js';
import { isoTimestamp } from '../dates.js';
import { BATCH } from '../lifecycle/policy.js';
import type { StepReport } from '../lifecycle/step.js';
import { isOutage } from './outage.js';
import { moveExpiry } from './apply-registry-news.js';
import { domainLeftUs } from './domain-left-us.js';
import type { ChangeLog } from './news-log.js';

/** Registry statuses (RFC 3915 rgpStatus, RFC 5731) of a name deleted there and held for redemption. */
const DELETED_THERE = ['redemptionPeriod', 'pendingDelete'];

/**
 * The nightly sync: every live domain at an outside registry is compared with what the registry holds
 * (domain:info), once a day (the day changes at midnight by ctx.clock, so the pass runs in the night;
 * a worker that was down catches up at its next pass), in batches as the lifecycle steps go. The
 * registry is the truth:
 * - an expiry that drifted (renewed or shortened there) is set to the registry's (moveExpiry: an
 *   expired domain whose expiry lies ahead again is active);
 * - a held domain the registry shows in redemption (deleted there) is `redemption` here;
 * - a name the registry no longer has is `deleted`, one another registrar sponsors `transferred`
 *   (domainLeftUs);
 * - a pending transfer row gets its order's fulfilment queued again, which settles it by domain:info
 *   (news of its outcome may have been lost).
 * Each change is logged with its before and after. Only names under TLDs an outside registry serves
 * are read. Each domain is tried once a day; a registry that is down ends the pass (the domains
 * not reached yet are taken up by the next).
 */
export async function syncRegistryDomains(ctx: Ctx, today: string, log: ChangeLog): Promise<StepReport> {
  const report: StepReport = { step: 'registry sync', done: 0, errors: [] };
  // Only the TLDs an outside registry serves: the `local` registry is hostplane's own store, which
  // cannot drift from the domains here, and holds no row for a domain an operator made by hand (which
  // a sync would take for a deleted name).
  const tlds = (await ctx.store.registries.tlds()).map((t) => t.tld);
  for (;;) {
    const batch = await ctx.store.lifecycle.domainsToSync(today, tlds, BATCH);
    if (batch.length === 0) return report;
    for (const domain of batch) {
      // Marked whatever the outcome: a domain the registry refuses to show is tried again tomorrow
      // instead of standing, with others like it, at the head of every batch of today's.
      try {
        if (await syncOne(ctx, domain, log)) report.done++;
      } catch (err) {
        report.errors.push({ id: domain.id, error: err instanceof Error ? err.message : String(err) });
        // A registry that is down answers nobody: the rest wait for the next pass (a minute on).
        if (isOutage(err)) {
          await ctx.store.lifecycle.markSynced(domain.id, today);
          return report;
        }
      }
      await ctx.store.lifecycle.markSynced(domain.id, today);
    }
  }
}

async function syncOne(ctx: Ctx, domain: Domain, log: ChangeLog): Promise<boolean> {
  const logged = { domain: domain.fqdn, id: domain.id };
  if (domain.status === 'pending') {
    const order = await ctx.store.orders.findOpenByFqdn(domain.fqdn, ['transfer']);
    if (order?.status !== 'paid' || order.domain_id !== domain.id) return false;
    await ctx.store.jobs.enqueueUnlessPending('order.fulfil', { orderId: order.id }, isoTimestamp(ctx.clock.now()));
    return false;
  }
  const info = await ctx.registry.info(domain.fqdn);
  if (!info || !info.ours) {
    const why = info ? 'transferred' : 'deleted';
    if (!(await domainLeftUs(ctx, domain, why))) return false;
    log.info({ ...logged, field: 'status', before: domain.status, after: why }, `registry sync: ${domain.fqdn} ${info ? 'is sponsored by another registrar' : 'is not registered'} at the registry: ${domain.status} -> ${why}`);
    return true;
  }
  let changed = false;
  const expiry = info.expiresAt.slice(0, 10);
  if (expiry !== domain.exp_date && (await moveExpiry(ctx, domain, expiry))) {
    log.info({ ...logged, field: 'exp_date', before: domain.exp_date, after: expiry }, `registry sync: ${domain.fqdn} expires ${expiry} at the registry, not ${domain.exp_date}`);
    changed = true;
    domain = (await ctx.store.domains.findById(domain.id)) ?? domain;
  }
  if (domain.status !== 'redemption' && info.statuses.some((s) => DELETED_THERE.includes(s))) {
    if (await ctx.store.lifecycle.transitionDomain(domain.id, domain.status, 'redemption', isoTimestamp(ctx.clock.now()))) {
      log.info({ ...logged, field: 'status', before: domain.status, after: 'redemption', registry: info.statuses }, `registry sync: ${domain.fqdn} is in redemption at the registry: ${domain.status} -> redemption`);
      changed = true;
    }
  }
  return changed;
}
