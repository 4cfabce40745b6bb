import type { Ctx } from '../context.js';
import type { Service } from '../../ports/store.js';
import { FieldErrorCollector } from '../errors.js';
import { addMonths, isoDate, isoTimestamp } from '../dates.js';
import { parseDomainName } from '../domains/domain-name.js';
import { recordEvent } from '../events/record-event.js';

export interface CreateServiceInput {
  userId: number;
  name: string;
  /** Unit price per billing period in cents, VAT excluded. */
  priceCents: number;
  periodMonths: number;
  qty?: number;
  /** A live domain of the same user the service belongs to (hosting for that domain). */
  domain?: string;
  renew?: boolean;
  kind?: string;
}

export const SERVICE_NAME_MAX_LENGTH = 255;
export const SERVICE_MAX_PERIOD_MONTHS = 120;
export const SERVICE_MAX_QTY = 10_000;
/** 1 000 000 EUR: anything above is a typing error, not a price. */
export const SERVICE_MAX_PRICE_CENTS = 100_000_000;

/**
 * Provisions a service sold outside the API (an operator's act: a hosting plan agreed by e-mail or
 * phone). It starts today, runs one billing period, is active, and is not invoiced here: it was sold
 * and billed outside. Renewal then follows `renew` (default off: an operator opts a customer in).
 * Rules: the user exists; name 1-255 characters; unit price 0-1 000 000 EUR in whole cents; period
 * 1-120 months; quantity 1-10 000; the domain, when given, is a live domain of the same user.
 * Errors: invalid (user, name, price, period, qty, domain).
 */
export async function createService(ctx: Ctx, input: CreateServiceInput): Promise<Service> {
  const name = input.name.trim();
  const qty = input.qty ?? 1;
  const errors = new FieldErrorCollector();
  if (name === '') errors.add('name', 'The name is required');
  if (name.length > SERVICE_NAME_MAX_LENGTH) errors.add('name', `The name may not be greater than ${SERVICE_NAME_MAX_LENGTH} characters`);
  if (!Number.isInteger(input.priceCents) || input.priceCents < 0 || input.priceCents > SERVICE_MAX_PRICE_CENTS) {
    errors.add('price', 'The price must be 0-1000000 EUR with at most two decimals');
  }
  if (!Number.isInteger(input.periodMonths) || input.periodMonths < 1 || input.periodMonths > SERVICE_MAX_PERIOD_MONTHS) {
    errors.add('period', `The period must be 1-${SERVICE_MAX_PERIOD_MONTHS} months`);
  }
  if (!Number.isInteger(qty) || qty < 1 || qty > SERVICE_MAX_QTY) errors.add('qty', `The qty must be 1-${SERVICE_MAX_QTY}`);
  const parsed = input.domain === undefined ? undefined : parseDomainName(input.domain);
  if (input.domain !== undefined && !parsed) errors.add('domain', 'The domain is not a valid domain name');
  errors.throwIfAny();

  const now = ctx.clock.now();
  const today = isoDate(now);
  return ctx.store.transaction(async (tx) => {
    const late = new FieldErrorCollector();
    if (!(await tx.users.findById(input.userId))) late.add('user', 'No such user');
    const domain = parsed && (await tx.domains.findLiveByFqdn(parsed.fqdn));
    if (parsed && (!domain || domain.user_id !== input.userId)) {
      late.add('domain', `The user has no domain ${parsed.fqdn}`);
    }
    late.throwIfAny();
    const service = await tx.services.create({
      user_id: input.userId, domain_id: domain ? domain.id : null, kind: input.kind ?? 'hosting', name, qty,
      start_date: today, exp_date: addMonths(today, input.periodMonths), status: 'active', renew: input.renew ? 1 : 0,
      price_cents: input.priceCents, billing_period_months: input.periodMonths, created_at: isoTimestamp(now),
      updated_at: null,
    });
    await recordEvent(tx, ctx, { type: 'service.created', userId: input.userId, subject: String(service.id), data: { kind: service.kind, name, exp_date: service.exp_date } });
    return service;
  });
}
