import type { Ctx } from '../context.js';
import { UniqueViolation, type Invoice, type Service } from '../../ports/store.js';
import { addDays, addMonths, finnishShortDate, isoTimestamp } from '../dates.js';
import { addToMonthlyInvoice } from '../billing/add-to-monthly-invoice.js';
import { createInvoice, type InvoiceLineInput } from '../billing/create-invoice.js';
import { lineAmounts } from '../billing/money.js';
import { extendService } from './extend-service.js';
import { queueNotification } from './notify.js';
import { payerOf, paysLater } from './payer.js';
import { BATCH, M365_SUBSCRIPTION_KIND, RENEWAL_NOTICE_DAYS } from './policy.js';
import { eachOnce, type StepReport } from './step.js';

/** Service statuses a renewal can be billed for. */
const RENEWABLE = ['active', 'expired'];
/** A tenant has no expiry and costs nothing; its subscriptions are what is renewed. */
const NOT_RENEWED = ['m365_tenant'];

/**
 * Bills the next period of every service with renewal on that expires within RENEWAL_NOTICE_DAYS
 * (a Microsoft 365 subscription: on its expiry date, see policy.ts), once per expiry date: one line,
 * quantity x unit price for billing_period_months, VAT per line.
 * - A partner's or its client's service goes on the partner's monthly invoice and a postpaid
 *   account's on an invoice of its own; both are renewed at once (extendService).
 * - Anyone else gets an invoice of its own (to the account's primary contact), and the service is
 *   renewed when it is paid (applyPaidServiceRenewals); unpaid, it expires at its expiry date.
 * - A free service (price 0) is renewed without an invoice.
 * An account without a contact to bill is recorded `unbillable` and its service left to expire.
 */
export function billServiceRenewals(ctx: Ctx, today: string): Promise<StepReport> {
  const until = addDays(today, RENEWAL_NOTICE_DAYS);
  return eachOnce(
    'bill service renewals',
    async () => (await ctx.store.lifecycle.servicesToRenew(RENEWABLE, until, NOT_RENEWED, BATCH))
      .filter((s) => s.kind !== M365_SUBSCRIPTION_KIND || (s.exp_date !== null && s.exp_date <= today)),
    (service) => billServiceRenewal(ctx, service),
    (service) => `${service.id}@${service.exp_date}`,
  );
}

async function billServiceRenewal(ctx: Ctx, service: Service): Promise<boolean> {
  const expiry = service.exp_date;
  if (expiry === null) return false;
  const at = isoTimestamp(ctx.clock.now());
  try {
    return await ctx.store.transaction(async (tx) => {
      const current = await tx.services.findById(service.id);
      if (!current || current.renew !== 1 || current.exp_date !== expiry || !RENEWABLE.includes(current.status)) return false;
      const renewal = (status: string, invoice?: Invoice) => tx.lifecycle.createRenewal({
        subject: 'service', subject_id: current.id, period_end: expiry, invoice_id: invoice?.id ?? null, order_id: null, status,
        created_at: at, updated_at: at,
      });
      const user = await tx.users.findById(current.user_id);
      if (!user) return false;
      const newExpiry = addMonths(expiry, current.billing_period_months);
      const line: InvoiceLineInput = {
        // The next period runs from the expiry date (the next billing date) to the day before the new one,
        // as the first period's line reads (addSubscription).
        description: `${current.name} ${finnishShortDate(expiry)}-${finnishShortDate(addDays(newExpiry, -1))}`,
        qty: current.qty,
        unitCents: current.price_cents,
      };
      const payer = await payerOf(tx, user);
      let invoice: Invoice | undefined;
      if (current.price_cents > 0 && payer.kind === 'monthly') {
        invoice = await addToMonthlyInvoice(tx, ctx, { userId: payer.userId, lines: [line] });
      } else if (current.price_cents > 0) {
        const recipient = user.primary_contact_id === null ? undefined : await tx.contacts.findById(user.primary_contact_id);
        if (!recipient) {
          await renewal('unbillable');
          return false;
        }
        invoice = await createInvoice(tx, ctx, { userId: user.id, recipient, lines: [line] });
      }
      const now = !invoice || paysLater(payer);
      await renewal(now ? 'applied' : 'invoiced', invoice);
      if (now) await extendService(tx, ctx, current.id, expiry);
      const euros = (lineAmounts(line.qty, line.unitCents, ctx.settings.vatRateBp).totalCents / 100).toFixed(2);
      await queueNotification(tx, ctx, user.id, {
        subject: `Renewal of ${current.name}`,
        text: !invoice
          ? `${current.name} is renewed until ${newExpiry}.`
          : now
            ? `${current.name} is renewed until ${newExpiry}: ${euros} EUR (VAT included) on invoice ${invoice.ref_number}.`
            : `${current.name} expires on ${expiry}. Invoice ${invoice.ref_number}, ${euros} EUR (VAT included), due ${invoice.due_date}, renews it until ${newExpiry} once paid.`,
      });
      return true;
    });
  } catch (err) {
    if (err instanceof UniqueViolation) return false; // another worker billed it (renewals_once)
    throw err;
  }
}
