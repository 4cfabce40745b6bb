import type { Ctx } from '../context.js';
import type { Order, Store } from '../../ports/store.js';
import { addYears, isoDate } from '../dates.js';
import { FieldErrorCollector, invalidField, notFound } from '../errors.js';
import { checkDomainName } from './domain-name-field.js';
import type { DomainName } from './domain-name.js';
import { commitOrder, orderLineDescription, orderPlacedBy, placeOrder, type OrderRequest } from './place-order.js';
import { ACQUIRING_KINDS, orderKindWord } from './order-kinds.js';
import { namePrice } from './tld-price.js';
import { primaryContactOf, requireRegistrantIdentity, type IdentityRule } from './registrant-identity.js';
import { askRegistry } from './registry-errors.js';

export interface TransferDomainInput {
  domain: string;
  authCode: string;
}

export const UNAVAILABLE_FOR_TRANSFER = 'Domain unavailable for transfer.';
export const TRANSFER_EXISTS = 'Unable to transfer domain. Domain already exists.';
export const TRANSFER_ORDER_EXISTS = 'Unable to transfer domain. Unprocessed transfer order already exists for the domain.';
export const AUTH_CODE_INVALID = 'The auth code is invalid';

/**
 * Orders the transfer of a registered name to user `userId` (from another registrar, or from another
 * account here). Rules: a registrable name under a TLD we sell, within its name rules (judgeName),
 * with a 12-month price (a transfer adds one year, so it is billed as one); registered at the
 * registry (else "unavailable for transfer": a free name is bought, not transferred); not already a
 * live domain of this user; no unprocessed registration or transfer order for it (the holder's
 * renewal does not count: see order-kinds.ts; the refusal names the kind of order that blocks); the
 * auth code is the name's current one.
 * Writes, in one transaction: the `transfer` order (years 1, the auth code kept for fulfilment)
 * and its invoice, billed to the user's primary contact. The domain row is made at fulfilment.
 * Returns the order as placed (`open` until its invoice is paid; `paid` when fulfilled at once).
 * Errors: invalid (domain, authCode).
 */
export async function transferDomain(ctx: Ctx, userId: number, input: TransferDomainInput, request: OrderRequest = {}): Promise<{ order: Order }> {
  const errors = new FieldErrorCollector();
  const name = checkDomainName(input.domain, errors);
  const authCode = typeof input.authCode === 'string' ? input.authCode.trim() : '';
  if (authCode === '') errors.add('authCode', 'The authCode is required');
  const price = name ? await namePrice(ctx.store, name, 1, errors, { domain: 'domain', years: 'domain' }) : undefined;
  errors.throwIfAny();
  if (!name || price === undefined) throw new Error('unreachable: validation passed without a name and price');

  // The name is registered to the account's primary contact when the transfer goes through.
  const identity: IdentityRule = {
    registrant: await primaryContactOf(ctx.store, userId),
    field: 'domain',
    remedy: 'A transfer registers the name to your primary contact, which has neither: give it an identity_number (a person) or a business_id (a company) first.',
  };
  return orderTransfer(ctx, { userId, name, authCode, priceCents: price, identity, ...request });
}

export interface TransferOrder extends OrderRequest {
  userId: number;
  name: DomainName;
  /** Trimmed, non-empty. */
  authCode: string;
  /** The 12-month price (a transfer adds one year), VAT excluded. */
  priceCents: number;
  /** A partner's order: billed on this account's monthly invoice (see placeOrder). */
  monthlyBillTo?: number;
  /** The registrant the transfer will register the name to, checked against the TLD's identity rule. */
  identity?: IdentityRule;
  /** Name servers to set once the transfer completes (checked by the caller); none keeps the name's own. */
  delegateTo?: string[];
}

/**
 * Orders a checked transfer to `userId` (the client API's transfer, the partner API's register with
 * action=transfer). Rules: registered at the registry; not already a live domain of this user; no
 * unprocessed registration or transfer order for it; the auth code is the name's current one
 * (registry.verifyAuthCode); the registrant (`identity`) has what the TLD's registry requires of a
 * holder (registrant-identity.ts). The holder's unprocessed renewal is ended when the transfer goes through
 * (fulfil-order.ts).
 * Writes the `transfer` order and its invoice line in one transaction; an order paid later
 * (postpaid, partner) is fulfilled before this returns, which makes the domain row.
 * Errors: invalid (domain, authCode, or the identity rule's field); the registry's refusal or absence
 * as fromRegistryError says (retry_later when it cannot answer).
 */
export async function orderTransfer(ctx: Ctx, input: TransferOrder): Promise<{ order: Order }> {
  const { userId, name, authCode } = input;
  const earlier = await orderPlacedBy(ctx, input);
  if (earlier) return { order: earlier };
  const info = await askRegistry(() => ctx.registry.info(name.fqdn));
  if (!info) throw invalidField('domain', UNAVAILABLE_FOR_TRANSFER);
  await checkTransferable(ctx.store, userId, name.fqdn);
  if (!(await askRegistry(() => ctx.registry.verifyAuthCode(name.fqdn, authCode)))) throw invalidField('authCode', AUTH_CODE_INVALID);
  if (input.identity) await requireRegistrantIdentity(ctx.store, name, input.identity);

  const from = info.expiresAt.slice(0, 10) || isoDate(ctx.clock.now());
  return commitOrder(ctx, TRANSFER_ORDER_EXISTS, async (tx) => {
    await tx.lockKey(`order:${name.fqdn}`); // the checks below run in turn with other orders for the name
    await checkTransferable(tx, userId, name.fqdn);
    const user = await tx.users.findById(userId);
    if (!user) throw notFound();
    const billingContact = user.primary_contact_id === null ? undefined : await tx.contacts.findById(user.primary_contact_id);
    if (!billingContact) throw notFound();
    return placeOrder(tx, ctx, {
      userId,
      postpaid: user.postpaid === 1,
      kind: 'transfer',
      fqdn: name.fqdn,
      domainId: null,
      years: 1,
      nameservers: info.nameservers,
      authCode,
      billingContact,
      line: { description: orderLineDescription('transfer', name.fqdnUnicode, from, addYears(from, 1)), unitCents: input.priceCents },
      monthlyBillTo: input.monthlyBillTo,
      requestKey: input.requestKey,
      delegateTo: input.delegateTo,
    });
  });
}

async function checkTransferable(store: Store, userId: number, fqdn: string): Promise<void> {
  const live = await store.domains.findLiveByFqdn(fqdn);
  if (live && live.user_id === userId) throw invalidField('domain', TRANSFER_EXISTS);
  // Only an order that would make someone the holder blocks: the current holder's renewal does not.
  const blocking = await store.orders.findOpenByFqdn(fqdn, ACQUIRING_KINDS);
  if (blocking) throw invalidField('domain', transferBlockedBy(blocking, userId));
}

/**
 * The refusal naming the order that blocks a transfer: its kind, and whether it is the caller's. The
 * caller's own unprocessed transfer gets the document's words exactly; another account's order is
 * said to be another account's, and nothing more of it is told (not its number, state or owner).
 */
function transferBlockedBy(order: Order, userId: number): string {
  const whose = order.user_id === userId ? 'Unprocessed' : "Another account's unprocessed";
  return `Unable to transfer domain. ${whose} ${orderKindWord(order.kind)} order already exists for the domain.`;
}
