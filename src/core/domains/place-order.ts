import type { Ctx } from '../context.js';
import { UniqueViolation, type Contact, type Invoice, type Order, type Store } from '../../ports/store.js';
import { addToMonthlyInvoice } from '../billing/add-to-monthly-invoice.js';
import { createInvoice } from '../billing/create-invoice.js';
import { finnishShortDate, isoTimestamp } from '../dates.js';
import { invalidField } from '../errors.js';
import { recordEvent } from '../events/record-event.js';

export interface OrderInput {
  userId: number;
  postpaid: boolean;
  kind: 'register' | 'renew' | 'transfer';
  fqdn: string;
  domainId: number | null;
  years: number;
  nameservers: string[];
  authCode?: string;
  billingContact: Contact;
  line: { description: string; unitCents: number };
  /**
   * A partner's order: billed as a line on this account's (the partner's) open monthly invoice
   * instead of an invoice of its own, and, the partner paying later, fulfilled at once.
   */
  monthlyBillTo?: number;
  /** The request placing it (OrderRequest): kept on the order, one order per request. */
  requestKey?: string;
  /** A transfer's name servers to set once it completes (Order.delegate_to). */
  delegateTo?: string[];
}

/**
 * Who asks for an order. `requestKey` identifies a request sent with an Idempotency-Key (the API
 * derives it from the account, the key and the request). Its response is stored only after the
 * order commits, so a crash in between leaves an order nobody was told of; when the client retries
 * with the same key, the command finds that order (orderPlacedBy) and answers as if it had just placed
 * it, instead of refusing a second order for the name.
 */
export interface OrderRequest {
  requestKey?: string;
}

/**
 * The order an earlier run of the same request placed, if any (see OrderRequest). One paid but not
 * yet fulfilled (the crash came before its job ran) is given the chance a first run gives it: the
 * queue is drained, as after commitOrder.
 */
export async function orderPlacedBy(ctx: Ctx, request: OrderRequest): Promise<Order | undefined> {
  if (request.requestKey === undefined) return undefined;
  const order = await ctx.store.orders.findByRequestKey(request.requestKey);
  if (order?.status !== 'paid') return order;
  await ctx.jobs.drain();
  return (await ctx.store.orders.findById(order.id)) ?? order;
}

/**
 * Writes an order and its invoice on `tx`. The order stays `open` until the invoice is paid
 * (markInvoicePaid), except for a postpaid account or a partner's order (`monthlyBillTo`): it pays
 * later, so its order is `paid` at once and queued for fulfilment in the same transaction (the
 * invoice itself stays unpaid).
 */
export async function placeOrder(tx: Store, ctx: Ctx, input: OrderInput): Promise<{ order: Order; invoice: Invoice }> {
  const at = isoTimestamp(ctx.clock.now());
  const order = await tx.orders.create({
    user_id: input.userId,
    kind: input.kind,
    fqdn: input.fqdn,
    domain_id: input.domainId,
    years: input.years,
    status: 'open',
    invoice_id: null,
    nameservers: JSON.stringify(input.nameservers),
    auth_code: input.authCode ?? null,
    error: null,
    created_at: at,
    updated_at: at,
    fulfilled_at: null,
    request_key: input.requestKey ?? null,
    registry_attempted_at: null,
    delegate_to: input.delegateTo?.length ? JSON.stringify(input.delegateTo) : null,
  });
  const lines = [{ description: input.line.description, qty: 1, unitCents: input.line.unitCents, orderId: order.id }];
  const invoice = input.monthlyBillTo === undefined
    ? await createInvoice(tx, ctx, { userId: input.userId, recipient: input.billingContact, lines })
    : await addToMonthlyInvoice(tx, ctx, { userId: input.monthlyBillTo, lines });
  const payLater = input.postpaid || input.monthlyBillTo !== undefined;
  const status = payLater ? 'paid' : 'open';
  await tx.orders.update(order.id, { invoice_id: invoice.id, status });
  if (payLater) await tx.jobs.enqueue('order.fulfil', { orderId: order.id }, at);
  await recordEvent(tx, ctx, {
    type: 'domain.ordered', userId: input.userId, subject: input.fqdn,
    data: { order_id: order.id, kind: input.kind, years: input.years, invoice_id: invoice.id, status },
  });
  return { order: { ...order, invoice_id: invoice.id, status }, invoice };
}

/** An invoice line in the document's style: "matti.fi rekisteröinnin uudistus 26.8.22-26.8.25". */
export function orderLineDescription(kind: OrderInput['kind'], fqdnUnicode: string, from: string, to: string): string {
  const what = { register: 'rekisteröinti', renew: 'rekisteröinnin uudistus', transfer: 'siirto' }[kind];
  return `${fqdnUnicode} ${what} ${finnishShortDate(from)}-${finnishShortDate(to)}`;
}

/**
 * Runs an order-placing transaction. A unique violation on commit becomes the same 422 (`domain`:
 * `conflictMessage`) the checks give, never a 500. When the transaction queued fulfilment (postpaid),
 * the queue is drained after the commit.
 */
export async function commitOrder<T extends { order: Order }>(
  ctx: Ctx,
  conflictMessage: string,
  fn: (tx: Store) => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await ctx.store.transaction(fn);
  } catch (err) {
    // The indexes domains_live_fqdn and orders_open_fqdn are the backstop against two concurrent
    // orders for one name: hitting one means someone else got there first.
    if (err instanceof UniqueViolation) throw invalidField('domain', conflictMessage);
    throw err;
  }
  if (result.order.status === 'paid') await ctx.jobs.drain();
  return result;
}
