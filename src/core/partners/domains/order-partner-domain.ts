import type { Ctx } from '../../context.js';
import type { Domain, Order, User } from '../../../ports/store.js';
import type { Partner } from '../../../ports/store/partners.js';
import { DomainError, FieldErrorCollector, invalidField, rejected } from '../../errors.js';
import { checkDomainName } from '../../domains/domain-name-field.js';
import { UNAVAILABLE_FOR_PURCHASE, orderRegistration } from '../../domains/purchase-domain.js';
import { orderTransfer } from '../../domains/transfer-domain.js';
import type { OrderRequest } from '../../domains/place-order.js';
import { applyNameservers } from '../../domains/set-nameservers.js';
import { domainNameservers } from '../../domains/nameserver-list.js';
import { namePrice } from '../../domains/tld-price.js';
import { getPartnerClient } from '../partner-scope.js';
import { NS_FIELDS, checkPartnerNameservers, partnerNameserverFields, type NameserverFields } from './partner-nameservers.js';
import { checkGlue } from '../../domains/glue.js';
import { primaryContactOf, type IdentityRule } from '../../domains/registrant-identity.js';

export const DOMAIN_ACTIONS = ['register', 'transfer'] as const;
export type DomainAction = (typeof DOMAIN_ACTIONS)[number];

export interface PartnerDomainOrderInput extends NameserverFields {
  name?: string;
  period?: number;
  action?: string;
  epp_code?: string | null;
  /** A client id as a number, or as the string the lists give it. */
  client_id?: number | string | null;
}

export interface PartnerDomainOrderResult {
  action: DomainAction;
  order: Order;
  /** The domain row; for a transfer only once it went through. */
  domain: Domain | undefined;
  /** False when the registry has not answered yet: the order is retried and completes later. */
  completed: boolean;
  /** Set when a completed transfer kept its old nameservers because the registry refused the new ones. */
  nameserverError?: string;
}

/** The partner API's field for each field name the shared domain commands report. */
const FIELD = { domain: 'name', years: 'period', authCode: 'epp_code' } as Record<string, string>;

/** A shared command's per-field errors, renamed to the partner API's fields. */
function renamed(err: unknown): unknown {
  if (!(err instanceof DomainError) || err.code !== 'invalid' || !err.fields) return err;
  const fields = Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [FIELD[k] ?? k, v]));
  return new DomainError('invalid', err.message, fields);
}

const length = (field: string, value: string, min: number, max: number, errors: FieldErrorCollector) => {
  if (value.length < min) errors.add(field, `The ${field} must be at least ${min} characters`);
  else if (value.length > max) errors.add(field, `The ${field} may not be greater than ${max} characters`);
};

/**
 * POST domains/register: registers a new name (action=register) or transfers one in
 * (action=transfer) for a client of the partner (`client_id`) or, without one, for the partner's own
 * account. The registrant is that account's primary contact. The order is billed as a line on the
 * partner's monthly invoice and fulfilled at once (same rules as the client API: purchase-domain.ts,
 * transfer-domain.ts).
 * Rules: name 3-100 characters, a registrable name under a TLD on sale and within its name rules
 * (judgeName); period 1-10 and priced for the TLD (a transfer adds one year, as registries do, and is billed as one); epp_code 3-100,
 * required for a transfer (ignored for a registration: the document's example sends one); ns1-ns4
 * as partner-nameservers.ts (none: ours; on ours the domain gets a zone; one inside the name needs its
 * addresses in the name's zone here: glue.ts); client_id one of the
 * partner's clients; where the TLD's registry requires the registrant's identity (.fi), the
 * registrant has an identity_number or business_id (registrant-identity.ts). A transfer keeps the name's current nameservers unless ns1-ns4 are given, which
 * are set once it went through.
 * Errors: invalid (per field; `client_id` for an id that is no client or one without the identity
 * the TLD requires), forbidden (another partner's
 * client), rejected (the registry refused the order; the order is then credited, see fulfil-order.ts).
 */
export async function orderPartnerDomain(ctx: Ctx, partner: Partner, input: PartnerDomainOrderInput, request: OrderRequest = {}): Promise<PartnerDomainOrderResult> {
  const errors = new FieldErrorCollector();
  const owner = await resolveOwner(ctx, partner, input.client_id, errors);
  const rawName = typeof input.name === 'string' ? input.name.trim() : '';
  if (rawName !== '') length('name', rawName, 3, 100, errors);
  const name = errors.fields.name ? undefined : checkDomainName(rawName, errors, 'name');
  const period = input.period;
  if (period === undefined || period === null) errors.add('period', 'The period is required');
  else if (!Number.isInteger(period) || period < 1 || period > 10) errors.add('period', 'The period must be between 1 and 10');
  const action = input.action as DomainAction;
  if (input.action === undefined || input.action === '') errors.add('action', 'The action is required');
  else if (!DOMAIN_ACTIONS.includes(action)) errors.add('action', `The selected action is invalid (allowed: ${DOMAIN_ACTIONS.join(', ')})`);
  const eppCode = typeof input.epp_code === 'string' ? input.epp_code.trim() : '';
  if (eppCode !== '') length('epp_code', eppCode, 3, 100, errors);
  else if (action === 'transfer') errors.add('epp_code', 'The epp_code is required when action is transfer');
  const nameservers = checkPartnerNameservers(input, errors, false);
  let price: number | undefined;
  if (name && errors.fields.period === undefined && errors.fields.action === undefined) {
    price = action === 'transfer'
      ? await namePrice(ctx.store, name, 1, errors, { domain: 'name', years: 'name' })
      : await namePrice(ctx.store, name, period!, errors, { domain: 'name', years: 'period' });
  }
  if (name && nameservers.length > 0 && NS_FIELDS.every((f) => errors.fields[f] === undefined)) {
    const fields = partnerNameserverFields(input);
    await checkGlue(ctx.store, name.fqdn, nameservers, errors, (i) => fields[i] ?? `ns${i + 1}`);
  }
  errors.throwIfAny();
  if (!name || price === undefined || !owner) throw new Error('unreachable: validation passed without a name, price and owner');

  // The registrant of both actions is the owner's primary contact.
  const identity: IdentityRule = {
    registrant: await primaryContactOf(ctx.store, owner.id),
    field: 'client_id',
    remedy: owner.id === partner.user_id
      ? 'The partner\'s own account has neither: register the name for a client (client_id) that has one.'
      : 'The client has neither: give it an identity_number or business_id (PUT clients/{clientId}).',
  };
  let order: Order;
  try {
    order = action === 'register'
      ? (await orderRegistration(ctx, {
          userId: owner.id,
          name,
          years: period!,
          priceCents: price,
          nameservers,
          registrant: async (tx) => {
            const contact = owner.primary_contact_id === null ? undefined : await tx.contacts.findById(owner.primary_contact_id);
            if (!contact) throw new Error(`account ${owner.id} has no primary contact`);
            return contact;
          },
          monthlyBillTo: partner.user_id,
          identity,
          ...request,
        })).order
      : (await orderTransfer(ctx, {
          userId: owner.id, name, authCode: eppCode, priceCents: price, monthlyBillTo: partner.user_id, identity, delegateTo: nameservers, ...request,
        })).order;
  } catch (err) {
    throw renamed(err);
  }

  // Placed orders are fulfilled before orderRegistration/orderTransfer return; see how it went.
  const done = (await ctx.store.orders.findById(order.id)) ?? order;
  if (done.status === 'failed' && action === 'register' && (await takenByAnother(ctx, name.fqdn))) {
    // The registry said the name exists (registered elsewhere since our check): the document's
    // "not available" answer, not a refusal of ours.
    throw invalidField('name', UNAVAILABLE_FOR_PURCHASE);
  }
  if (done.status === 'failed') {
    throw rejected(`The registry refused the ${action === 'register' ? 'registration' : 'transfer'}: ${done.error ?? 'no reason given'}`);
  }
  const domain = done.domain_id === null ? undefined : await ctx.store.domains.findById(done.domain_id);
  const result: PartnerDomainOrderResult = { action, order: done, domain, completed: done.status === 'completed' };
  // A transfer that completed at once has had its ns1-ns4 set by the delegation job it queued (a
  // pending one gets them when the registry's news completes it). Still not set here means refused or
  // delayed: asking once more gives the answer the reason, with the transfer itself done and billed.
  if (action === 'transfer' && result.completed && domain && nameservers.length > 0) {
    const current = domainNameservers(domain);
    if (current.join(' ') !== nameservers.join(' ')) {
      try {
        await applyNameservers(ctx, domain, nameservers);
        result.domain = await ctx.store.domains.findById(domain.id);
      } catch (err) {
        // The transfer itself went through and is billed; say so, with why the delegation stayed.
        if (!(err instanceof DomainError)) throw err;
        result.nameserverError = err.message;
      }
    }
  }
  return result;
}

/** Whether another registrar holds the name now (a failed registration's usual cause: `exists`). */
async function takenByAnother(ctx: Ctx, fqdn: string): Promise<boolean> {
  try {
    const info = await ctx.registry.info(fqdn);
    return info !== undefined && !info.ours;
  } catch {
    return false; // the refusal stays as the registry gave it
  }
}

/** The account the domain is for: the partner's client `clientId`, or the partner's own account. */
async function resolveOwner(ctx: Ctx, partner: Partner, clientId: PartnerDomainOrderInput['client_id'], errors: FieldErrorCollector): Promise<User | undefined> {
  if (clientId === undefined || clientId === null || clientId === '') return ctx.store.users.findById(partner.user_id);
  const id = typeof clientId === 'number' ? clientId : /^[0-9]{1,15}$/.test(clientId) ? Number(clientId) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    errors.add('client_id', 'The client_id must be an integer');
    return undefined;
  }
  try {
    return await getPartnerClient(ctx.store, partner, id);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') {
      errors.add('client_id', 'The selected client_id is invalid');
      return undefined;
    }
    throw err;
  }
}
