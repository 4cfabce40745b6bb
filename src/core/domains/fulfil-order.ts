import type { Ctx } from '../context.js';
import type { Contact, Domain, Order, Store } from '../../ports/store.js';
import { RegistryError, type RegistrantSnapshot, type RegistryDomainInfo, type TransferOutcome } from '../../ports/registry.js';
import { addYears, isoTimestamp } from '../dates.js';
import { addToMonthlyInvoice } from '../billing/add-to-monthly-invoice.js';
import { createZone } from '../dns/create-zone.js';
import { answeredByUs } from '../dns/nameservers.js';
import { parseDomainName } from './domain-name.js';
import { decodeNameservers } from './nameserver-list.js';
import { glueOf } from './glue.js';
import { queueNotification } from '../lifecycle/notify.js';
import { RENEWING_KINDS } from './order-kinds.js';
import { TRANSFER_DELEGATION_JOB } from './delegate-transferred.js';
import { registrantSnapshot, sameRegistrant } from './registrant.js';
import { recordEvent } from '../events/record-event.js';

/** An order that cannot be carried out as it stands; final, like a registry's refusal. */
class Refusal extends Error {}

/**
 * The 'order.fulfil' job: carries a paid order out at the registry, then records the result.
 * Registry calls run outside any transaction (the registry is an outside system, and the local one
 * keeps its own transactions); everything written here afterwards is one transaction.
 *
 * Never twice, never lost. Before a command (create, renew, transfer) is sent, the order records
 * that it is being sent (`registry_attempted_at`, committed). An order that carries that mark (a
 * second attempt after a failure or a lost answer, or a crash after sending) first asks the registry
 * (domain:info) what became of it, and sends again only when nothing did:
 * - register: registered and ours: done; registered by another registrar: refused (failed, credited);
 * - renew: an expiry already at old expiry + years means the renewal went through (checked before
 *   every attempt);
 * - transfer: ours now (and, for a move between our own accounts, to this registrant, updated since
 *   the attempt): done; `pendingTransfer`: still waiting for the losing registrar.
 * Besides: register: "already exists" with us as registrar means our earlier attempt got through;
 * transfer: a refused auth code on a name now held by us, for this registrant, updated since the
 * order was paid, means our transfer went through (the registry issued a new code); zones are
 * created idempotently (createZone).
 * A registry that is down (RegistryError unavailable) or unreachable throws, so the job runner
 * retries it (runner.ts: an outage is retried for days, not dead-lettered in an hour); the order
 * stays `paid`. A refusal by the registry is final: the order becomes `failed` with the reason in
 * `error` and the job succeeds (retrying would be refused again). A failed registration or transfer
 * also releases its pending domain row (status `deleted`) so that the name can be ordered again; the
 * payment is the operator's to refund (a partner's monthly invoice line is credited at once:
 * creditMonthlyLine).
 * A transfer the registry keeps pending (the losing registrar has days to answer) leaves the order
 * `paid` with a `pending` domain row, which both APIs show as pending; the registry's news
 * (core/registry-sync/apply-registry-news.ts) completes or fails it.
 * A renewal of a name in its redemption period (EPP rgpStatus redemptionPeriod) restores it first.
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

/**
 * Records, committed before the command goes out, that the registry may act on this order from now
 * on: whatever happens to the answer, the next attempt asks before it sends again.
 */
async function markAttempt(ctx: Ctx, order: Order): Promise<void> {
  await ctx.store.orders.update(order.id, { registry_attempted_at: isoTimestamp(ctx.clock.now()) });
}

async function fulfilRegister(ctx: Ctx, order: Order): Promise<void> {
  const domain = await mustFindDomain(ctx.store, order);
  const contact = domain.registrant_contact_id === null ? undefined : await ctx.store.contacts.findById(domain.registrant_contact_id);
  if (!contact) throw new Refusal('the domain has no registrant contact');
  let info = order.registry_attempted_at === null ? undefined : await settledRegistration(ctx, order);
  if (!info) {
    const nameservers = decodeNameservers(order.nameservers);
    await markAttempt(ctx, order);
    try {
      info = await ctx.registry.create({
        name: order.fqdn,
        years: order.years,
        registrant: registrantSnapshot(contact),
        nameservers,
        glue: await glueOf(ctx.store, order.fqdn, nameservers),
      });
    } catch (err) {
      if (!(err instanceof RegistryError && err.reason === 'exists')) throw err;
      info = await ctx.registry.info(order.fqdn);
      if (!info || !info.ours) throw err;
    }
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
    await recordEvent(tx, ctx, {
      type: 'domain.registered', userId: domain.user_id, subject: domain.fqdn, data: { order_id: order.id, exp_date: patch.exp_date },
    });
  });
}

/**
 * What became of a create that may have been sent: registered and ours, it went through (the answer
 * was lost); registered by someone else, the name is gone; not registered, it never arrived.
 */
async function settledRegistration(ctx: Ctx, order: Order): Promise<RegistryDomainInfo | undefined> {
  const info = await ctx.registry.info(order.fqdn);
  if (info && !info.ours) throw new Refusal(`${order.fqdn} was registered by another registrar before the registration was carried out`);
  return info;
}

async function fulfilRenew(ctx: Ctx, order: Order): Promise<void> {
  const domain = await mustFindDomain(ctx.store, order);
  // Transferred away since it was ordered: renewing now would extend the new holder's registration.
  if (domain.status === 'transferred') throw new Refusal('the domain was transferred to another account before the renewal was carried out');
  if (!domain.exp_date) throw new Refusal('the domain has no expiry date to renew from');
  const current = await ctx.registry.info(order.fqdn);
  if (!current) throw new RegistryError('not_found', `${order.fqdn} is not registered`);
  if (!current.ours) throw new Refusal(`${order.fqdn} is sponsored by another registrar`);
  const target = addYears(domain.exp_date, order.years);
  let info = current;
  // The registry's expiry already at the target: renewed by an earlier attempt whose result was not recorded.
  if (current.expiresAt.slice(0, 10) !== target) {
    if (current.statuses.includes('redemptionPeriod')) {
      // Deleted at the registry and held for redemption (RFC 3915): a renew is refused until restored.
      await ctx.registry.restore(order.fqdn);
    }
    await markAttempt(ctx, order);
    info = await ctx.registry.renew({ name: order.fqdn, years: order.years, currentExpiry: domain.exp_date });
  }
  await ctx.store.transaction(async (tx) => {
    const at = isoTimestamp(ctx.clock.now());
    await tx.domains.update(domain.id, {
      exp_date: info.expiresAt.slice(0, 10),
      ...(domain.status === 'expired' ? { status: 'active' } : {}),
      updated_at: at,
    });
    await complete(tx, order, at);
    await recordEvent(tx, ctx, {
      type: 'domain.renewed', userId: domain.user_id, subject: domain.fqdn,
      data: { order_id: order.id, years: order.years, exp_date: info.expiresAt.slice(0, 10) },
    });
  });
}

async function fulfilTransfer(ctx: Ctx, order: Order): Promise<void> {
  const contact = await transferContact(ctx.store, order);
  if (!contact) throw new Refusal('the account has no contact to register the domain to');
  const registrant = registrantSnapshot(contact);
  let outcome = order.registry_attempted_at === null ? undefined : await settledTransfer(ctx, order, registrant);
  if (!outcome) {
    await markAttempt(ctx, order);
    try {
      outcome = await ctx.registry.transfer({ name: order.fqdn, authCode: order.auth_code ?? '', registrant });
    } catch (err) {
      if (!(err instanceof RegistryError && err.reason === 'auth_invalid')) throw err;
      const info = await ctx.registry.info(order.fqdn);
      const ours = info && info.ours && info.registrant !== undefined && sameRegistrant(info.registrant, registrant)
        && info.updatedAt >= order.updated_at;
      if (!ours) throw err;
      outcome = { state: 'completed', info };
    }
  }
  if (outcome.state === 'pending') await awaitTransfer(ctx, order, contact);
  else await completeTransfer(ctx, order, contact, outcome.info);
}

/**
 * What became of a transfer request that may have been sent: completed (the name is ours now; when it
 * was ours before, as in a move between two of our accounts, it is this registrant's and was changed
 * since the attempt), still pending, or undefined: it never arrived (or was turned down: sending it
 * again gets the registry's reason).
 */
async function settledTransfer(ctx: Ctx, order: Order, registrant: RegistrantSnapshot): Promise<TransferOutcome | undefined> {
  const info = await ctx.registry.info(order.fqdn);
  if (!info) return undefined;
  if (info.ours) {
    const held = await ctx.store.domains.findLiveByFqdn(order.fqdn);
    const oursBefore = held !== undefined && held.id !== order.domain_id;
    const moved = !oursBefore || (info.registrant !== undefined && sameRegistrant(info.registrant, registrant)
      && info.updatedAt >= (order.registry_attempted_at ?? order.updated_at));
    if (moved) return { state: 'completed', info };
  }
  if (info.statuses.includes('pendingTransfer')) return { state: 'pending' };
  return undefined;
}

/**
 * The registry keeps the transfer pending: the gaining account gets a `pending` domain row (both
 * APIs show it as pending: "pending" in the client API's domain list, "Pending" in the partner
 * API's), tied to the order, which stays `paid` (unprocessed, so no second order for the name) until
 * the registry's news settles it. A name another of our accounts holds keeps that holder's row until
 * then (one live row per name). Safe to repeat.
 */
async function awaitTransfer(ctx: Ctx, order: Order, contact: Contact): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const current = await tx.orders.findById(order.id);
    if (!current || current.status !== 'paid' || current.domain_id !== null) return;
    if (await tx.domains.findLiveByFqdn(order.fqdn)) return;
    const name = parseDomainName(order.fqdn);
    if (!name) throw new Refusal(`${order.fqdn} is not a domain name`);
    const at = isoTimestamp(ctx.clock.now());
    const domain = await tx.domains.create({
      user_id: order.user_id,
      sld: name.sld,
      tld: name.tld,
      fqdn: name.fqdn,
      fqdn_unicode: name.fqdnUnicode,
      status: 'pending',
      reg_date: null,
      exp_date: null,
      renew: 1,
      registrant_contact_id: contact.id,
      billing_contact_id: contact.id,
      nameservers: order.nameservers,
      created_at: at,
      updated_at: null,
    });
    await tx.orders.update(order.id, { domain_id: domain.id, updated_at: at });
  });
}

/**
 * Records a transfer that went through (at once, or later by the registry's news): the gaining
 * account's domain row active (its pending row, or a new one), the previous holder's row here, if
 * any, `transferred` and its open renewal ended, the zone moved or made, the order completed, and the
 * name servers it asked for queued (delegateTransferred). Does
 * nothing for an order no longer `paid`, so news read twice changes nothing the second time.
 */
export async function completeTransfer(ctx: Ctx, order: Order, contact: Contact, info: RegistryDomainInfo): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const current = await tx.orders.findById(order.id);
    if (!current || current.status !== 'paid') return;
    const at = isoTimestamp(ctx.clock.now());
    const dates = { reg_date: info.createdAt.slice(0, 10), exp_date: info.expiresAt.slice(0, 10) };
    const previous = await tx.domains.findLiveByFqdn(order.fqdn);
    let domain: Domain;
    if (previous && previous.id === current.domain_id) {
      const patch = { ...dates, status: 'active', nameservers: JSON.stringify(info.nameservers), updated_at: at };
      await tx.domains.update(previous.id, patch);
      domain = { ...previous, ...patch };
    } else {
      if (previous) {
        await tx.domains.update(previous.id, { status: 'transferred', updated_at: at });
        await endHolderRenewal(tx, ctx, previous, at, 'transferred');
        // A move between two of our accounts: the holder it left sees it go, as from another registrar.
        await recordEvent(tx, ctx, { type: 'domain.transferred_away', userId: previous.user_id, subject: previous.fqdn, data: { to: 'account' } });
      }
      const name = parseDomainName(order.fqdn);
      if (!name) throw new Refusal(`${order.fqdn} is not a domain name`);
      domain = await tx.domains.create({
        user_id: order.user_id,
        sld: name.sld,
        tld: name.tld,
        fqdn: name.fqdn,
        fqdn_unicode: name.fqdnUnicode,
        status: 'active',
        ...dates,
        renew: 1,
        registrant_contact_id: contact.id,
        billing_contact_id: contact.id,
        nameservers: JSON.stringify(info.nameservers),
        created_at: at,
        updated_at: null,
      });
    }
    // The name keeps resolving through a transfer between our own accounts: its zone moves with it.
    const zone = await tx.zones.findByName(order.fqdn);
    if (zone) await tx.zones.update(zone.id, { domain_id: domain.id, updated_at: at });
    else await zoneIfOurs(tx, ctx, domain, info.nameservers);
    await complete(tx, order, at, domain.id);
    // The name servers the order asked for, once the name is ours: a job of its own, so a registry
    // that cannot answer now delays them without undoing the transfer.
    if (current.delegate_to !== null) await tx.jobs.enqueue(TRANSFER_DELEGATION_JOB, { orderId: order.id }, at);
    await recordEvent(tx, ctx, {
      type: 'domain.transferred_in', userId: order.user_id, subject: domain.fqdn, data: { order_id: order.id, exp_date: dates.exp_date },
    });
  });
}

/** The contact a transfer order registers the name to: the ordering account's primary contact. */
export async function transferContact(store: Store, order: Order): Promise<Contact | undefined> {
  const user = await store.users.findById(order.user_id);
  return user?.primary_contact_id == null ? undefined : store.contacts.findById(user.primary_contact_id);
}

/**
 * The previous holder's unprocessed renewal of a name that left them (transferred away, or deleted
 * by the registry) no longer extends anything of theirs. An unpaid one is cancelled, as when a domain
 * is deleted (its invoice buys nothing now); a paid one waiting for the registry fails, and a
 * partner's monthly line for it is credited (one paid on an invoice of its own is the operator's to
 * refund, as any failed order's). The holder is told of the renewal (a caller tells of the name).
 */
export async function endHolderRenewal(tx: Store, ctx: Ctx, previous: Domain, at: string, why: 'transferred' | 'deleted'): Promise<void> {
  const renewal = await tx.orders.findOpenByFqdn(previous.fqdn, RENEWING_KINDS);
  if (!renewal || renewal.domain_id !== previous.id) return;
  const unpaid = renewal.status === 'open';
  const what = why === 'transferred' ? 'transferred to another account' : 'deleted at the registry';
  await tx.orders.update(renewal.id, {
    status: unpaid ? 'cancelled' : 'failed',
    error: `the domain was ${what} before the renewal was ${unpaid ? 'paid' : 'carried out'}`,
    updated_at: at,
  });
  await creditMonthlyLine(tx, ctx, renewal);
  await queueNotification(tx, ctx, previous.user_id, {
    subject: `${previous.fqdn_unicode} was ${why === 'transferred' ? 'transferred away' : 'deleted'}`,
    text: unpaid
      ? `${previous.fqdn_unicode} was ${what}, so its renewal was cancelled: its invoice need not be paid.`
      : `${previous.fqdn_unicode} was ${what} before its paid renewal was carried out; the renewal was not made, and what was paid for it is credited or refunded.`,
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

/**
 * Ends a paid order the registry refused: `failed` with the reason, its pending domain row (a
 * registration's, or a pending transfer's) released so the name can be ordered again, and a
 * partner's monthly line credited. Does nothing for an order no longer `paid` (news read twice).
 * `notify`: the account is told (a transfer turned down days after it was ordered).
 */
export async function failOrder(ctx: Ctx, order: Order, error: string, notify?: { subject: string; text: string }): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const current = await tx.orders.findById(order.id);
    if (!current || current.status !== 'paid') return;
    const at = isoTimestamp(ctx.clock.now());
    await tx.orders.update(order.id, { status: 'failed', error, updated_at: at });
    if ((current.kind === 'register' || current.kind === 'transfer') && current.domain_id !== null) {
      const domain = await tx.domains.findById(current.domain_id);
      if (domain?.status === 'pending') await tx.domains.update(domain.id, { status: 'deleted', updated_at: at });
    }
    await creditMonthlyLine(tx, ctx, current);
    await recordEvent(tx, ctx, {
      type: 'domain.order_failed', userId: current.user_id, subject: current.fqdn, data: { order_id: current.id, kind: current.kind, error },
    });
    if (notify) await queueNotification(tx, ctx, current.user_id, notify);
  });
}

/**
 * A partner's order was billed on its monthly invoice before it was carried out (placeOrder); when
 * it fails, the same monthly invoice (or, once that is paid, the next) gets a matching credit line, so
 * the partner never pays for what it did not get. A single-order invoice is the operator's to refund.
 */
export async function creditMonthlyLine(tx: Store, ctx: Ctx, order: Order): Promise<void> {
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
