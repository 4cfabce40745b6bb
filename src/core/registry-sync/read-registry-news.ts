import type { Ctx } from '../context.js';
import { RegistryError } from '../../ports/registry.js';
import type { StepReport } from '../lifecycle/step.js';
import { applyRegistryNews } from './apply-registry-news.js';
import type { ChangeLog } from './news-log.js';

/** Messages read in one pass at most, so a flooded queue cannot hold the schedule's other steps. */
const NEWS_PER_PASS = 500;

/**
 * Reads the registry's poll queue until it is empty: each message is applied (applyRegistryNews,
 * in its own transactions), then acknowledged, so a crash between the two reads it again, which is
 * harmless. A message that cannot be applied now stops the pass unacknowledged (the queue is read
 * oldest first, so it is tried again first on the next pass; the error is reported). An ack refused
 * because the message is gone (another worker acked it) is no error. Runs with the schedule (the
 * worker's tick, every minute).
 */
export async function readRegistryNews(ctx: Ctx, log: ChangeLog): Promise<StepReport> {
  const report: StepReport = { step: 'registry news', done: 0, errors: [] };
  if (!ctx.registry.capabilities.includes('poll')) return report;
  for (let i = 0; i < NEWS_PER_PASS; i++) {
    let id = '';
    try {
      const news = await ctx.registry.poll();
      if (!news) break;
      id = news.id;
      await applyRegistryNews(ctx, news, log);
      await ctx.registry.ack(news.id).catch((err: unknown) => {
        if (!(err instanceof RegistryError && err.reason === 'not_found')) throw err;
      });
      report.done++;
    } catch (err) {
      report.errors.push({ id: Number(id) || 0, error: `${id ? `message ${id}: ` : ''}${err instanceof Error ? err.message : String(err)}` });
      break;
    }
  }
  return report;
}
