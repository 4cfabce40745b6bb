import type { Ctx } from '../context.js';
import type { Contact, Domain, Order, Store } from '../../ports/store.js';
import { addYears, isoDate, isoTimestamp } from '../dates.js';
import { FieldErrorCollector, invalidField, notFound } from '../errors.js';
import { checkDomainName } from './domain-name-field.js';
import type { DomainName } from './domain-name.js';
import { checkNameservers } from './nameserver-list.js';
import { checkGlue } from './glue.js';
import { commitOrder, orderLineDescription, orderPlacedBy, placeOrder, type OrderRequest } from './place-order.js';
import { checkRegistrant, findOrCreateRegistrantContact, type RegistrantInput } from './registrant.js';
import { namePrice } from './tld-price.js';
import { requireRegistrantIdentity, type IdentityRule } from './registrant-identity.js';
import { askRegistry } from './registry-errors.js';

export interface PurchaseDomainInput {
  domain: string;
  years: number;
  /** Empty or absent: the provider's own nameservers. */
  nameServers?: string[];
  registrantContact: Partial<RegistrantInput>;
}

export const PURCHASE_ORDER_EXISTS = 'Unable to purchase domain. Unprocessed purchase order already exists for the domain.';
export const UNAVAILABLE_FOR_PURCHASE = 'Domain unavailable for purchase.';

/**
 * Orders the registration of a new name for user `userId`.
 * Rules: a registrable name (IDNs become punycode) under a TLD on sale and priced for `years` (1-10),
 * within the TLD's name rules (judgeName);
 * a complete registrant (see registrant.ts); 0 or 2-13 nameservers (none: ours; one inside the name
 * needs its addresses in the name's zone here: glue.ts); the name free at
 * the registry, with no live domain row and no unprocessed order here.
 * Writes, in one transaction: the registrant contact (or reuses an identical one), the domain row
 * (`pending`, billed to the user's primary contact), the `register` order and its invoice. A postpaid
 * account's order is fulfilled at once (see placeOrder).
 * Returns the order (`open` until its invoice is paid; `paid` or further when fulfilled at once) and
 * the domain row, so that a caller can lead the customer to the invoice or to the domain.
 * Errors: invalid (per field; `domain` for an existing order or a taken name).
 */
export async function purchaseDomain(ctx: Ctx, userId: number, input: PurchaseDomainInput, request: OrderRequest = {}): Promise<{ order: Order; domain: Domain }> {
  const errors = new FieldErrorCollector();
  const name = checkDomainName(input.domain, errors);
  const years = input.years;
  if (!Number.isInteger(years) || years < 1 || years > 10) errors.add('years', 'The years must be between 1 and 10');
  const registrant = checkRegistrant(input.registrantContact, errors);
  const wanted = checkNameservers(input.nameServers ?? [], errors, 'nameServers', true);
  const price = name && errors.fields.years === undefined ? await namePrice(ctx.store, name, years, errors) : undefined;
  if (name && errors.fields.nameServers === undefined) await checkGlue(ctx.store, name.fqdn, wanted, errors, (i) => `nameServers.${i}`);
  errors.throwIfAny();
  if (!name || price === undefined) throw new Error('unreachable: validation passed without a name and price');

  return orderRegistration(ctx, {
    userId,
    name,
    years,
    priceCents: price,
    nameservers: wanted,
    registrant: (tx, at) => findOrCreateRegistrantContact(tx, userId, registrant, at),
    ...request,
  });
}

export interface RegistrationOrder extends OrderRequest {
  userId: number;
  name: DomainName;
  years: number;
  /** The price of `years` (tldPrice), VAT excluded. */
  priceCents: number;
  /** Checked host names; empty: the provider's own nameservers. */
  nameservers: string[];
  /** The domain's registrant contact, found or written on `tx`. */
  registrant: (tx: Store, at: string) => Promise<Contact>;
  /** A partner's order: billed on this account's monthly invoice (see placeOrder). */
  monthlyBillTo?: number;
  /**
   * The registrant, when known before the order is written, checked against the TLD's identity rule
   * (a purchase's registrantContact always carries an identityNumber: checkRegistrant requires one).
   */
  identity?: IdentityRule;
}

/**
 * Orders a checked registration for `userId` (the purchase of the client API, the register of the
 * partner API). Rules: the name free at the registry, with no live domain row and no unprocessed
 * order here. Writes, in one transaction: the registrant contact, the domain row (`pending`, billed
 * to the user's primary contact), the `register` order and its invoice line (placeOrder); an order
 * paid later (postpaid, partner) is fulfilled before this returns.
 * Errors: invalid (`domain` for an existing order or a taken name); the registry's refusal or
 * absence as fromRegistryError says (retry_later when it cannot answer).
 */
export async function orderRegistration(ctx: Ctx, input: RegistrationOrder): Promise<{ order: Order; domain: Domain }> {
  const { userId, name, years } = input;
  const earlier = await orderPlacedBy(ctx, input);
  if (earlier) return { order: earlier, domain: (await ctx.store.domains.findById(earlier.domain_id!))! };
  // Under the name's order lock (see below), so that its two reads see one moment: an order committed
  // between them would otherwise read as a taken name instead of an unprocessed order.
  await ctx.store.transaction(async (tx) => {
    await tx.lockKey(`order:${name.fqdn}`);
    await checkFree(tx, name.fqdn);
  });
  const [check] = await askRegistry(() => ctx.registry.check([name.fqdn]));
  if (!check?.available) throw invalidField('domain', UNAVAILABLE_FOR_PURCHASE);
  if (input.identity) await requireRegistrantIdentity(ctx.store, name, input.identity);

  const nameservers = input.nameservers.length > 0 ? input.nameservers : ctx.settings.nameservers;
  const now = ctx.clock.now();
  const at = isoTimestamp(now);
  const today = isoDate(now);
  return commitOrder(ctx, PURCHASE_ORDER_EXISTS, async (tx) => {
    // Checked again inside the transaction, in turn with other orders for the name: another request
    // may have ordered it meanwhile.
    await tx.lockKey(`order:${name.fqdn}`);
    await checkFree(tx, name.fqdn);
    const user = await tx.users.findById(userId);
    if (!user) throw notFound();
    const registrantContact = await input.registrant(tx, at);
    const billingContact = (user.primary_contact_id !== null && (await tx.contacts.findById(user.primary_contact_id))) || registrantContact;
    const domain = await tx.domains.create({
      user_id: userId,
      sld: name.sld,
      tld: name.tld,
      fqdn: name.fqdn,
      fqdn_unicode: name.fqdnUnicode,
      status: 'pending',
      reg_date: null,
      exp_date: null,
      renew: 1,
      registrant_contact_id: registrantContact.id,
      billing_contact_id: billingContact.id,
      nameservers: JSON.stringify(nameservers),
      created_at: at,
      updated_at: null,
    });
    const placed = await placeOrder(tx, ctx, {
      userId,
      postpaid: user.postpaid === 1,
      kind: 'register',
      fqdn: name.fqdn,
      domainId: domain.id,
      years,
      nameservers,
      billingContact,
      line: { description: orderLineDescription('register', name.fqdnUnicode, today, addYears(today, years)), unitCents: input.priceCents },
      monthlyBillTo: input.monthlyBillTo,
      requestKey: input.requestKey,
    });
    return { ...placed, domain };
  });
}

/**
 * No unprocessed order and no live domain row for the name. A renewal or transfer order in progress
 * means the name is registered: that is "unavailable", not a purchase order of its own.
 */
async function checkFree(store: Store, fqdn: string): Promise<void> {
  const order = await store.orders.findOpenByFqdn(fqdn);
  if (order) throw invalidField('domain', order.kind === 'register' ? PURCHASE_ORDER_EXISTS : UNAVAILABLE_FOR_PURCHASE);
  if (await store.domains.findLiveByFqdn(fqdn)) throw invalidField('domain', UNAVAILABLE_FOR_PURCHASE);
}
