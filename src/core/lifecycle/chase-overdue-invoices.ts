import type { Ctx } from '../context.js';
import type { Invoice, Store } from '../../ports/store.js';
import { isoTimestamp } from '../dates.js';
import { recordEvent } from '../events/record-event.js';
import { DUNNING_STAGE, dunningSteps, stepWindow, type DunningFinalAction } from './dunning-policy.js';
import { BATCH } from './policy.js';
import { eachOnce, type StepReport } from './step.js';

/** Orders that buy something not yet had: cancelled unpaid, nothing is lost (a renewal is not one). */
const PURCHASE_KINDS = ['register', 'transfer'];

/**
 * The chase of unpaid invoices (ctx.settings.dunning, see dunning-policy.ts): for each invoice unpaid
 * past a threshold, the next step, each in its own transaction with its event:
 * - a reminder (1, later 2): `invoice.overdue` (data: reminder, due_date, total_cents, ref_number), which
 *   the e-mail subscriber mails;
 * - the final step (unless the action is `none`): with `cancel`, the invoice's open registration and
 *   transfer orders are cancelled (`domain.order_cancelled`, their pending domain released so the name
 *   can be ordered again) and, when that leaves nothing on it to pay for, the invoice too
 *   (`invoice.cancelled`); with `cancel` or `suspend`, the active services it renews are suspended
 *   (`service.suspended`; paying the invoice later resumes them: resume-suspended-services.ts).
 * A renewal order is left to the domain's own calendar (policy.ts): paying its invoice in the grace or
 * redemption period still renews the name, and its deletion cancels the order.
 * A partner's monthly invoice is chased after its period has ended (stepWindow); its final step
 * suspends only the partner's own services, never its clients' (docs/decisions.md).
 * Once per invoice and step, with any number of workers: the stage moves by compare-and-set on the
 * stage and on the invoice being unpaid (advanceDunning), in the step's transaction, so a paid invoice
 * stops the chase and a second worker's attempt changes nothing.
 */
export async function chaseOverdueInvoices(ctx: Ctx, today: string): Promise<StepReport> {
  const policy = ctx.settings.dunning;
  const steps = dunningSteps(policy);
  return eachOnce(
    'chase overdue invoices',
    async () => {
      const found: Array<Invoice & { next: number }> = [];
      for (const step of steps) {
        const window = stepWindow(step, today, ctx.settings.invoiceDueDays);
        for (const invoice of await ctx.store.invoices.overdue(window, BATCH)) found.push({ ...invoice, next: step.to });
      }
      return found;
    },
    (invoice) => takeStep(ctx, invoice, invoice.next, policy.finalAction),
    // The same invoice comes back for its next step only on a later pass (that step waits its gap).
    (invoice) => `${invoice.id}@${invoice.dunning_stage}`,
  );
}

async function takeStep(ctx: Ctx, invoice: Invoice, next: number, action: DunningFinalAction): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    const at = isoTimestamp(ctx.clock.now());
    if (!(await tx.invoices.advanceDunning(invoice.id, invoice.dunning_stage, next, at))) return false;
    if (next === DUNNING_STAGE.final) {
      await finalStep(tx, ctx, invoice, action, at);
    } else {
      await recordEvent(tx, ctx, {
        type: 'invoice.overdue', userId: invoice.user_id, subject: String(invoice.id),
        data: { reminder: next, due_date: invoice.due_date, total_cents: invoice.total_cents, ref_number: invoice.ref_number },
      });
    }
    return true;
  });
}

async function finalStep(tx: Store, ctx: Ctx, invoice: Invoice, action: DunningFinalAction, at: string): Promise<void> {
  const monthly = invoice.period !== null;
  const orders = await tx.orders.listByInvoice(invoice.id);
  const cancelled: number[] = [];
  if (action === 'cancel') {
    for (const order of orders) {
      if (order.status !== 'open' || !PURCHASE_KINDS.includes(order.kind)) continue;
      await tx.orders.update(order.id, { status: 'cancelled', error: 'the invoice was not paid', updated_at: at });
      // As a refused order's (failOrder): the pending row goes, so the name can be ordered again.
      const domain = order.domain_id === null ? undefined : await tx.domains.findById(order.domain_id);
      if (domain?.status === 'pending') await tx.domains.update(domain.id, { status: 'deleted', updated_at: at });
      await recordEvent(tx, ctx, {
        type: 'domain.order_cancelled', userId: order.user_id, subject: order.fqdn,
        data: { order_id: order.id, kind: order.kind, invoice_id: invoice.id, ref_number: invoice.ref_number },
      });
      cancelled.push(order.id);
    }
  }
  for (const renewal of await tx.lifecycle.renewalsOfInvoice(invoice.id)) {
    if (renewal.subject !== 'service') continue;
    const service = await tx.services.findById(renewal.subject_id);
    // A partner's monthly invoice suspends the partner's own services only (docs/decisions.md).
    if (!service || (monthly && service.user_id !== invoice.user_id)) continue;
    if (!(await tx.lifecycle.transitionService(service.id, 'active', 'suspended', at))) continue;
    await recordEvent(tx, ctx, {
      type: 'service.suspended', userId: service.user_id, subject: String(service.id),
      data: { kind: service.kind, name: service.name, invoice_id: invoice.id, ref_number: invoice.ref_number },
    });
  }
  // Void when it bills nothing but cancelled orders: there is nothing left it could pay for.
  if (monthly || cancelled.length === 0) return;
  const gone = new Set([...cancelled, ...orders.filter((o) => o.status === 'cancelled').map((o) => o.id)]);
  const items = await tx.invoices.items([invoice.id]);
  if (!items.every((item) => item.order_id !== null && gone.has(item.order_id))) return;
  await tx.invoices.update(invoice.id, { dunning_stage: DUNNING_STAGE.cancelled, updated_at: at });
  await recordEvent(tx, ctx, {
    type: 'invoice.cancelled', userId: invoice.user_id, subject: String(invoice.id),
    data: { ref_number: invoice.ref_number, total_cents: invoice.total_cents, due_date: invoice.due_date, orders: cancelled },
  });
}
