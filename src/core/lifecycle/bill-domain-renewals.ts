import type { Ctx } from '../context.js';
import { UniqueViolation, type Domain } from '../../ports/store.js';
import type { Renewal } from '../../ports/store/lifecycle.js';
import { addDays, addYears, isoTimestamp } from '../dates.js';
import { FieldErrorCollector } from '../errors.js';
import { lineAmounts } from '../billing/money.js';
import { orderLineDescription, placeOrder } from '../domains/place-order.js';
import { tldPrice } from '../domains/tld-price.js';
import { billingContactOf } from '../domains/renew-domain.js';
import { RENEWING_KINDS } from '../domains/order-kinds.js';
import { queueNotification } from './notify.js';
import { payerOf } from './payer.js';
import { BATCH, RENEWAL_NOTICE_DAYS } from './policy.js';
import { eachOnce, type StepReport } from './step.js';

/** Domain statuses a renewal can be billed for (as renewDomain allows). */
const RENEWABLE = ['active', 'expired'];

/**
 * Bills the renewal of every domain with renewal on that expires within RENEWAL_NOTICE_DAYS (or
 * already has, while still `expired`), once per expiry date (the `renewals` row's unique key): a
 * one-year `renew` order, as the client API's renew places one (placeOrder), billed to the domain's
 * billing contact. Paying its invoice fulfils it at the registry (markInvoicePaid -> 'order.fulfil');
 * a partner's or a postpaid account's order is paid at once and renewed on the next drain.
 *
 * Not billed, and recorded so they are not looked at again for this expiry: a domain with a renewal
 * already unprocessed (the customer's own: status `skipped`; someone's transfer in is not waited for,
 * or a stranger's unpaid transfer order would let the name expire unbilled), a TLD
 * no longer priced for one year (`unpriced`), an account without a contact to bill (`unbillable`).
 * A notification tells the account of the invoice.
 */
export function billDomainRenewals(ctx: Ctx, today: string): Promise<StepReport> {
  const until = addDays(today, RENEWAL_NOTICE_DAYS);
  return eachOnce(
    'bill domain renewals',
    () => ctx.store.lifecycle.domainsToRenew(RENEWABLE, until, BATCH),
    (domain) => billDomainRenewal(ctx, domain),
    (domain) => `${domain.id}@${domain.exp_date}`,
  );
}

async function billDomainRenewal(ctx: Ctx, domain: Domain): Promise<boolean> {
  const expiry = domain.exp_date;
  if (expiry === null) return false;
  const price = await tldPrice(ctx.store, domain.tld, 1, new FieldErrorCollector());
  const at = isoTimestamp(ctx.clock.now());
  const renewal = (status: string, ids: Pick<Renewal, 'invoice_id' | 'order_id'> = { invoice_id: null, order_id: null }) => ({
    subject: 'domain' as const, subject_id: domain.id, period_end: expiry, status, ...ids, created_at: at, updated_at: at,
  });
  try {
    return await ctx.store.transaction(async (tx) => {
      const current = await tx.domains.findById(domain.id);
      if (!current || current.renew !== 1 || current.exp_date !== expiry || !RENEWABLE.includes(current.status)) return false;
      // A renewal already under way is this one; someone's transfer in is not the holder's to wait for.
      const open = await tx.orders.findOpenByFqdn(current.fqdn, RENEWING_KINDS);
      if (open) {
        await tx.lifecycle.createRenewal(renewal('skipped', { invoice_id: open.invoice_id, order_id: open.id }));
        return false;
      }
      if (price === undefined) {
        await tx.lifecycle.createRenewal(renewal('unpriced'));
        return false;
      }
      const user = await tx.users.findById(current.user_id);
      const billingContact = user && (await billingContactOf(tx, current, user.primary_contact_id).catch(() => undefined));
      if (!user || !billingContact) {
        await tx.lifecycle.createRenewal(renewal('unbillable'));
        return false;
      }
      const payer = await payerOf(tx, user);
      const newExpiry = addYears(expiry, 1);
      const { order, invoice } = await placeOrder(tx, ctx, {
        userId: user.id,
        postpaid: user.postpaid === 1,
        kind: 'renew',
        fqdn: current.fqdn,
        domainId: current.id,
        years: 1,
        nameservers: [],
        billingContact,
        line: { description: orderLineDescription('renew', current.fqdn_unicode, expiry, newExpiry), unitCents: price },
        monthlyBillTo: payer.kind === 'monthly' ? payer.userId : undefined,
      });
      await tx.lifecycle.createRenewal(renewal('ordered', { invoice_id: invoice.id, order_id: order.id }));
      const euros = (lineAmounts(1, price, ctx.settings.vatRateBp).totalCents / 100).toFixed(2);
      await queueNotification(tx, ctx, user.id, {
        subject: `Renewal of ${current.fqdn_unicode}`,
        text: order.status === 'paid'
          ? `${current.fqdn_unicode} expires on ${expiry} and is being renewed until ${newExpiry}: ${euros} EUR (VAT included) on invoice ${invoice.ref_number}.`
          : `${current.fqdn_unicode} expires on ${expiry}. Invoice ${invoice.ref_number}, ${euros} EUR (VAT included), due ${invoice.due_date}, renews it until ${newExpiry} once paid.`,
      });
      return true;
    });
  } catch (err) {
    // Another worker billed it (renewals_once) or a renewal of the name came first (orders_open_fqdn).
    if (err instanceof UniqueViolation) return false;
    throw err;
  }
}
