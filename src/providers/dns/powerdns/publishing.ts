import type { Ctx } from '../../../core/context.js';
import { publishAllZones } from '../../../core/dns/publish-zone.js';
import { every } from '../../../servers/dns/service.js';

export interface ZonePublishing {
  close(): Promise<void>;
}

export interface ZonePublishingOptions {
  log: { info(data: object, message: string): void; error(data: object, message: string): void };
  /** How often every zone's serial is compared with PowerDNS's (changes made by other processes). */
  reconcileMs?: number;
}

/**
 * The loops of a process that publishes its zones to a DNS server outside it (PowerDNS), in place of
 * the builtin server's: the process's job worker drains the outbox ('zone.publish' jobs: a committed
 * change reaches PowerDNS within a second), and every reconcileMs each zone whose serial PowerDNS does
 * not hold is published.
 * The first reconciliation runs at once; a PowerDNS that is down then only delays it (the outbox
 * retries its jobs, the next reconciliation catches up). `ctx.dns` is the provider.
 */
export function startZonePublishing(ctx: Ctx, options: ZonePublishingOptions): ZonePublishing {
  const { log } = options;
  const reconcileOnce = () =>
    publishAllZones(ctx).then((n) => {
      if (n > 0) log.info({ zones: n, provider: ctx.dns?.name }, 'zones published');
    });
  const first = reconcileOnce().catch((err) => log.error({ err }, 'DNS reconciliation failed'));
  const reconcile = every(options.reconcileMs ?? 30_000, reconcileOnce, (err) => log.error({ err }, 'DNS reconciliation failed'));
  return {
    async close() {
      await Promise.all([first, reconcile.stop()]);
    },
  };
}
