import type { Partner } from '../../../ports/store/partners.js';
import type { Service } from '../../../ports/store.js';
import { daysBetween } from '../../../core/dates.js';
import { servicePeriodCents } from '../../../core/services/service-price.js';
import { LICENSE_KINDS, type PartnerService } from '../../../core/partners/products/partner-services.js';
import type { PartnerServiceWire } from '../schemas/products.schema.js';

/** WHMCS's way of writing "no date", which the document's services come from: a free service has no due date. */
export const NO_DATE = '0000-00-00';

/** Cents as the document writes amounts: "114.97", "0.00", "-5.00". */
export function amountString(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const CYCLES: Record<number, string> = {
  1: 'Monthly', 3: 'Quarterly', 6: 'Semi-Annually', 12: 'Annually', 24: 'Biennially', 36: 'Triennially',
};

/** WHMCS's billing cycle names; a service without an expiry is a free account or a one-time sale. */
function billingCycleName(s: Service): string {
  if (s.exp_date === null) return s.price_cents === 0 ? 'Free Account' : 'One Time';
  return CYCLES[s.billing_period_months] ?? `${s.billing_period_months} Months`;
}

const statusName = (status: string): string => status.charAt(0).toUpperCase() + status.slice(1);

/**
 * A service of the partner's (or a client's) in the document's shape. Decisions where the document is
 * silent: client_id is "0" for the partner's own services (they belong to no client); pid is the
 * catalog Id a Microsoft 365 subscription was bought as, "" otherwise; first_payment_amount and
 * recurring_amount are both what one billing period costs now (quantity x unit price, VAT excluded);
 * next_due_date is the expiry (next billing) date and days_remain the days left to it (negative once
 * past, 0 when there is none); number_of_users is the seat count of a licence; gdata_valid_until is
 * the licence's validity (a Microsoft 365 subscription's current term end); login, password,
 * reg_number and platform are "": hostplane keeps no licence keys or credentials.
 */
export function toPartnerServiceWire(ps: PartnerService, partner: Partner, today: string): PartnerServiceWire {
  const s = ps.service;
  const amount = amountString(servicePeriodCents(s));
  return {
    id: String(s.id),
    pid: ps.productId,
    client_id: s.user_id === partner.user_id ? '0' : String(s.user_id),
    name: s.name,
    next_due_date: s.exp_date ?? NO_DATE,
    domain: ps.domain,
    status: statusName(s.status),
    billing_cycle: billingCycleName(s),
    reg_date: s.start_date,
    first_payment_amount: amount,
    recurring_amount: amount,
    days_remain: s.exp_date === null ? 0 : daysBetween(today, s.exp_date),
    login: '',
    password: '',
    reg_number: '',
    number_of_users: LICENSE_KINDS.includes(s.kind) ? String(s.qty) : '',
    gdata_valid_until: ps.validUntil ?? NO_DATE,
    platform: '',
  };
}
