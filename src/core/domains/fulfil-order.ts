import type { Ctx } from '../context.js';
import type { Domain, Order, Store } from '../../ports/store.js';
import { RegistryError, type RegistryDomainInfo } from '../../ports/registry.js';
import { addYears, isoTimestamp } from '../dates.js';
import { addToMonthlyInvoice } from '../billing/add-to-monthly-invoice.js';
import { createZone } from '../dns/create-zone.js';
import { answeredByUs } from '../dns/nameservers.js';
import { parseDomainName } from './domain-name.js';
import { decodeNameservers } from './nameserver-list.js';
import { queueNotification } from '../lifecycle/notify.js';
import { RENEWING_KINDS } from './order-kinds.js';
import { registrantSnapshot, sameRegistrant } from './registrant.js';

/** An order that cannot be carried out as it stands; final, like a registry's refusal. */
class Refusal extends Error {}

/**
 * The 'order.fulfil' job: carries a paid order out at the registry, then records the result.
 * Registry calls run outside any transaction (the registry is an outside system, and the local one
 * keeps its own transactions); everything written here afterwards is one transaction.
 *
 * Safe to run again after a crash at any point:
 * - only a `paid` order is worked on; a completed or failed one is left alone;
 * - register: "already exists" with us as registrar means our earlier attempt got through;
 * - renew: an expiry already at old expiry + years means the renewal went through;
 * - transfer: a refused auth code on a name now held by us, for this registrant, updated since the
 *   order was paid, means our transfer went through (the registry issued a new code);
 * - zones are created idempotently (createZone).
 * A refusal by the registry is final: the order becomes `failed` with the reason in `error` and the
 * job succeeds (retrying would be refused again). A failed registration also releases the pending
 * domain row (status `deleted`) so that the name can be ordered again; the payment is the operator's
 * to refund (a partner's monthly invoice line is credited at once: creditMonthlyLine). Other errors
 * (store, network) are thrown so the job runner retries them.
 */
export async function fulfilOrder(ctx: Ctx, orderId: number): Promise<void> {
  const order = await ctx.store.orders.findById(orderId);
  if (!order || order.status !== 'paid') return;
  try {
    if (order.kind === 'register') await fulfilRegister(ctx, order);
    else if (order.kind === 'renew') await fulfilRenew(ctx, order);
    else if (order.kind === 'transfer') await fulfilTransfer(ctx, order);
    else throw new Refusal(`unknown order kind ${order.kind}`);
  } catch (err) {
    const final = err instanceof Refusal || (err instanceof RegistryError && err.reason !== 'unavailable');
    if (!final) throw err;
    await failOrder(ctx, order, err.message);
  }
}

async function fulfilRegister(ctx: Ctx, order: Order): Promise<void> {
  const domain = await mustFindDomain(ctx.store, order);
  const contact = domain.registrant_contact_id === null ? undefined : await ctx.store.contacts.findById(domain.registrant_contact_id);
  if (!contact) throw new Refusal('the domain has no registrant contact');
  let info: RegistryDomainInfo | undefined;
  try {
    info = await ctx.registry.create({
      name: order.fqdn,
      years: order.years,
      registrant: registrantSnapshot(contact),
      nameservers: decodeNameservers(order.nameservers),
    });
  } catch (err) {
    if (!(err instanceof RegistryError && err.reason === 'exists')) throw err;
    info = await ctx.registry.info(order.fqdn);
    if (!info || !info.ours) throw err;
  }
  const done = info;
  await ctx.store.transaction(async (tx) => {
    const at = isoTimestamp(ctx.clock.now());
    const patch = {
      status: 'active',
      reg_date: done.createdAt.slice(0, 10),
      exp_date: done.expiresAt.slice(0, 10),
      nameservers: JSON.stringify(done.nameservers),
      updated_at: at,
    };
    await tx.domains.update(domain.id, patch);
    await zoneIfOurs(tx, ctx, { ...domain, ...patch }, done.nameservers);
    await complete(tx, order, at);
  });
}

async function fulfilRenew(ctx: Ctx, order: Order): Promise<void> {
  const domain = await mustFindDomain(ctx.store, order);
  // Transferred away since it was ordered: renewing now would extend the new holder's registration.
  if (domain.status === 'transferred') throw new Refusal('the domain was transferred to another account before the renewal was carried out');
  if (!domain.exp_date) throw new Refusal('the domain has no expiry date to renew from');
  const current = await ctx.registry.info(order.fqdn);
  if (!current) throw new RegistryError('not_found', `${order.fqdn} is not registered`);
  const target = addYears(domain.exp_date, order.years);
  const info = current.expiresAt.slice(0, 10) === target
    ? current // renewed by an earlier attempt whose result was not recorded
    : await ctx.registry.renew({ name: order.fqdn, years: order.years, currentExpiry: domain.exp_date });
  await ctx.store.transaction(async (tx) => {
    const at = isoTimestamp(ctx.clock.now());
    await tx.domains.update(domain.id, {
      exp_date: info.expiresAt.slice(0, 10),
      ...(domain.status === 'expired' ? { status: 'active' } : {}),
      updated_at: at,
    });
    await complete(tx, order, at);
  });
}

async function fulfilTransfer(ctx: Ctx, order: Order): Promise<void> {
  const user = await ctx.store.users.findById(order.user_id);
  const contact = user?.primary_contact_id == null ? undefined : await ctx.store.contacts.findById(user.primary_contact_id);
  if (!contact) throw new Refusal('the account has no contact to register the domain to');
  const registrant = registrantSnapshot(contact);
  let info: RegistryDomainInfo | undefined;
  try {
    const outcome = await ctx.registry.transfer({ name: order.fqdn, authCode: order.auth_code ?? '', registrant });
    if (outcome.state === 'pending') throw new Error(`the transfer of ${order.fqdn} waits for the losing registrar`);
    info = outcome.info;
  } catch (err) {
    if (!(err instanceof RegistryError && err.reason === 'auth_invalid')) throw err;
    info = await ctx.registry.info(order.fqdn);
    const ours = info && info.ours && info.registrant !== undefined && sameRegistrant(info.registrant, registrant)
      && info.updatedAt >= order.updated_at;
    if (!ours) throw err;
  }
  const done = info!;
  await ctx.store.transaction(async (tx) => {
    const at = isoTimestamp(ctx.clock.now());
    const previous = await tx.domains.findLiveByFqdn(order.fqdn);
    if (previous) {
      await tx.domains.update(previous.id, { status: 'transferred', updated_at: at });
      await endHolderRenewal(tx, ctx, previous, at);
    }
    const name = parseDomainName(order.fqdn);
    if (!name) throw new Refusal(`${order.fqdn} is not a domain name`);
    const domain = await tx.domains.create({
      user_id: order.user_id,
      sld: name.sld,
      tld: name.tld,
      fqdn: name.fqdn,
      fqdn_unicode: name.fqdnUnicode,
      status: 'active',
      reg_date: done.createdAt.slice(0, 10),
      exp_date: done.expiresAt.slice(0, 10),
      renew: 1,
      registrant_contact_id: contact.id,
      billing_contact_id: contact.id,
      nameservers: JSON.stringify(done.nameservers),
      created_at: at,
      updated_at: null,
    });
    // The name keeps resolving through a transfer between our own accounts: its zone moves with it.
    const zone = await tx.zones.findByName(order.fqdn);
    if (zone) await tx.zones.update(zone.id, { domain_id: domain.id, updated_at: at });
    else await zoneIfOurs(tx, ctx, domain, done.nameservers);
    await complete(tx, order, at, domain.id);
  });
}

/**
 * The previous holder's unprocessed renewal of a name transferred away no longer extends anything of
 * theirs. An unpaid one is cancelled, as when a domain is deleted (its invoice buys nothing now); a
 * paid one waiting for the registry fails, and a partner's monthly line for it is credited (one paid
 * on an invoice of its own is the operator's to refund, as any failed order's). The holder is told.
 */
async function endHolderRenewal(tx: Store, ctx: Ctx, previous: Domain, at: string): Promise<void> {
  const renewal = await tx.orders.findOpenByFqdn(previous.fqdn, RENEWING_KINDS);
  if (!renewal || renewal.domain_id !== previous.id) return;
  const unpaid = renewal.status === 'open';
  await tx.orders.update(renewal.id, {
    status: unpaid ? 'cancelled' : 'failed',
    error: `the domain was transferred to another account before the renewal was ${unpaid ? 'paid' : 'carried out'}`,
    updated_at: at,
  });
  await creditMonthlyLine(tx, ctx, renewal);
  await queueNotification(tx, ctx, previous.user_id, {
    subject: `${previous.fqdn_unicode} was transferred away`,
    text: unpaid
      ? `${previous.fqdn_unicode} was transferred to another account, so its renewal was cancelled: its invoice need not be paid.`
      : `${previous.fqdn_unicode} was transferred to another account before its paid renewal was carried out; the renewal was not made, and what was paid for it is credited or refunded.`,
  });
}

async function zoneIfOurs(tx: Store, ctx: Ctx, domain: Domain, nameservers: string[]): Promise<void> {
  // Parked from the start: the park servers answer from a zone too (see syncApexNameservers).
  if (answeredByUs(ctx.settings, nameservers)) await createZone(tx, ctx, domain, nameservers);
}

async function complete(tx: Store, order: Order, at: string, domainId?: number): Promise<void> {
  await tx.orders.update(order.id, {
    status: 'completed',
    fulfilled_at: at,
    updated_at: at,
    ...(domainId === undefined ? {} : { domain_id: domainId }),
  });
}

async function failOrder(ctx: Ctx, order: Order, error: string): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const at = isoTimestamp(ctx.clock.now());
    await tx.orders.update(order.id, { status: 'failed', error, updated_at: at });
    if (order.kind === 'register' && order.domain_id !== null) {
      const domain = await tx.domains.findById(order.domain_id);
      if (domain?.status === 'pending') await tx.domains.update(domain.id, { status: 'deleted', updated_at: at });
    }
    await creditMonthlyLine(tx, ctx, order);
  });
}

/**
 * A partner's order was billed on its monthly invoice before it was carried out (placeOrder); when
 * it fails, the same monthly invoice (or, once that is paid, the next) gets a matching credit line, so
 * the partner never pays for what it did not get. A single-order invoice is the operator's to refund.
 */
async function creditMonthlyLine(tx: Store, ctx: Ctx, order: Order): Promise<void> {
  const invoice = order.invoice_id === null ? undefined : await tx.invoices.findById(order.invoice_id);
  if (!invoice || invoice.period === null) return;
  const line = (await tx.invoices.items([invoice.id])).find((item) => item.order_id === order.id);
  if (!line) return;
  await addToMonthlyInvoice(tx, ctx, {
    userId: invoice.user_id,
    lines: [{ description: `Hyvitys: ${line.description}`, qty: 1, unitCents: -line.sub_total_cents }],
  });
}

async function mustFindDomain(store: Store, order: Order): Promise<Domain> {
  const domain = order.domain_id === null ? undefined : await store.domains.findById(order.domain_id);
  if (!domain) throw new Refusal(`order ${order.id} has no domain`);
  return domain;
}
