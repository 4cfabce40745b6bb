import type { FastifyInstance, FastifyReply } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { domainToUnicode } from 'node:url';
import type { Ctx } from '../../core/context.js';
import type { Contact, TldPrice, User } from '../../ports/store.js';
import { DomainError, notFound } from '../../core/errors.js';
import { checkAvailability, type Availability } from '../../core/lookup/check-availability.js';
import { judgeName } from '../../core/catalog/judge-name.js';
import { parseDomainName } from '../../core/domains/domain-name.js';
import type { OrderRequest } from '../../core/domains/place-order.js';
import { purchaseDomain } from '../../core/domains/purchase-domain.js';
import { transferDomain } from '../../core/domains/transfer-domain.js';
import { getDomain } from '../../core/domains/get-domain.js';
import type { RegistrantInput } from '../../core/domains/registrant.js';
import { listContacts } from '../../core/contacts/list-contacts.js';
import { getContact } from '../../core/contacts/get-contact.js';
import type { FormErrors } from '../layout.js';
import { formErrors } from '../form-errors.js';
import { pageContext, sendPage } from '../request-state.js';
import { customerOf } from './customer.js';
import { domainHref } from '../views/customer.js';
import { invoiceHref } from '../views/invoices.js';
import {
  NEW_CONTACT_FIELDS, buyHref, buyPage, searchHref, notOrderablePage, searchPage, transferPage,
  type BuyValues, type NewContactField, type SearchRow,
} from '../views/order.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

type Form = Record<string, string | undefined>;

/** The longest thing typed into the search that is worth the core's time (a domain name's limit). */
const MAX_QUERY = 253;
/**
 * Contacts offered as the registrant: the first page of the account's (oldest first, the primary
 * contact among them). A customer with more enters the registrant as a new contact, which the purchase
 * reuses when one with the same details exists.
 */
const CONTACT_CHOICES = 50;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A new order form's token (`request`): 128 random bits, base64url. */
const newFormToken = (): string => randomBytes(16).toString('base64url');

/**
 * The order request a form stands for, as the client API's Idempotency-Key makes one (OrderRequest):
 * the form's token, drawn when the form was, with everything the form sent. The same form sent twice
 * (a double click, a reload of the answer) finds the order the first placed instead of being refused
 * as a second order for the name; the form sent again with a change is a new request. A form without
 * a token is an order without a key, as an API request without the header.
 */
function formRequest(userId: number, body: Form): OrderRequest {
  const token = text(body.request);
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return {};
  const fields = Object.keys(body).filter((k) => k !== 'csrf').sort().map((k) => [k, text(body[k])]);
  return { requestKey: createHash('sha256').update(`panel\nuser:${userId}\n${JSON.stringify(fields)}`).digest('hex') };
}


const rowOf = (a: Availability): SearchRow => {
  const fqdn = `${a.sld}.${a.tld}`;
  return { fqdn, fqdnUnicode: domainToUnicode(fqdn), info: a.info, prices: a.prices, reason: a.reason };
};

/**
 * The name under every TLD on sale, through the client API's availability check: a bare label is
 * its multi-TLD answer (one registry check for all the names); a full name is that name's own answer
 * first (it says why a TLD we do not sell cannot be had), then its label under the other TLDs.
 * Errors: the check's rejected "Invalid domain"; the registry's retry_later.
 */
async function searchAll(ctx: Ctx, q: string): Promise<SearchRow[]> {
  if (!q.includes('.')) return (await checkAvailability(ctx, q) as Availability[]).map(rowOf);
  const own = await checkAvailability(ctx, q) as Availability;
  const others = await checkAvailability(ctx, own.sld) as Availability[];
  return [own, ...others.filter((a) => a.tld !== own.tld)].map(rowOf);
}

/** The whole-year prices of the TLD of `fqdn` from the catalogue (no registry call), for a form drawn again. */
async function pricesOf(ctx: Ctx, fqdn: string): Promise<TldPrice[]> {
  const name = parseDomainName(fqdn);
  return name ? (await judgeName(ctx.store, name)).prices : [];
}

const contactChoices = async (ctx: Ctx, user: User): Promise<Contact[]> =>
  (await listContacts(ctx, { userId: user.id, page: { limit: CONTACT_CHOICES, offset: 0 } })).items;

/** A contact of the account as the purchase's registrantContact; the identity number typed wins over the one kept. */
function registrantOf(contact: Contact, identityNumber: string): Partial<RegistrantInput> {
  return {
    firstName: contact.first_name, lastName: contact.last_name, identityNumber: identityNumber || contact.identity_number,
    address: contact.address, zipCode: contact.zip_code, city: contact.city, country: contact.country, phone: contact.phone, email: contact.email,
  };
}

/**
 * Ordering from the panel, as the client API orders: the name search (GET /domain/{domain}/check's
 * checkAvailability), buying a name (POST /domain/domains/purchase's purchaseDomain) and transferring one
 * in (POST /domain/domains/transfer's transferDomain). After an order the customer is taken to its
 * invoice while the order waits for payment, else to the domain.
 */
export function orderRoutes(app: FastifyInstance): void {
  app.get('/order', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const q = text((request.query as Form).name).trim().slice(0, MAX_QUERY);
    const c = pageContext(request);
    if (q === '') return sendPage(reply, 200, searchPage(c, { q }));
    let rows: SearchRow[];
    try {
      rows = await searchAll(ctx, q);
    } catch (err) {
      const errors = formErrors(pageContext(request).t, err, 'name', () => 'name');
      if (!errors) throw err;
      return sendPage(reply, 400, searchPage(c, { q, error: errors.name }));
    }
    return sendPage(reply, 200, searchPage(c, { q, rows }));
  });

  app.get('/order/buy', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const domain = text((request.query as Form).domain).trim().slice(0, MAX_QUERY);
    // Only a full name has a buy form; anything else is searched for, where the search says what is wrong.
    if (!domain.includes('.')) return reply.redirect(searchHref(domain), 303);
    let found: Availability;
    try {
      found = await checkAvailability(ctx, domain) as Availability;
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'rejected') throw err;
      return reply.redirect(searchHref(domain), 303);
    }
    const row = rowOf(found);
    const c = pageContext(request);
    if (row.info !== 'available') {
      return sendPage(reply, 200, notOrderablePage(c, { fqdn: row.fqdn, fqdnUnicode: row.fqdnUnicode, taken: row.info === 'unavailable', reason: row.reason }));
    }
    const contacts = await contactChoices(ctx, user);
    const values: BuyValues = { request: newFormToken(), registrant: contacts.length === 0 ? 'new' : undefined, contact: {} };
    return sendPage(reply, 200, buyPage(c, { fqdn: row.fqdn, fqdnUnicode: row.fqdnUnicode, prices: row.prices, contacts, values, errors: {} }));
  });

  app.post('/order/buy', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const body = request.body as Form;
    const domain = text(body.domain).trim();
    const choice = text(body.registrant);
    const identityNumber = text(body.identityNumber);
    const contact = Object.fromEntries(NEW_CONTACT_FIELDS.map(([f]) => [f, text(body[f])])) as Record<NewContactField, string>;
    // A refused form keeps its token: it placed no order, and the form sent again is the same request.
    const values: BuyValues = { request: text(body.request) || newFormToken(), years: text(body.years), registrant: choice, contact };

    const refuse = async (errors: FormErrors): Promise<FastifyReply> => {
      const fqdn = parseDomainName(domain)?.fqdn ?? domain;
      const [prices, contacts] = await Promise.all([pricesOf(ctx, fqdn), contactChoices(ctx, user)]);
      // The language switch of a page drawn for a POST comes back to the form's GET.
      const c = { ...pageContext(request), path: buyHref(fqdn) };
      return sendPage(reply, 400, buyPage(c, { fqdn, fqdnUnicode: domainToUnicode(fqdn) || fqdn, prices, contacts, values, errors }));
    };

    let registrantContact: Partial<RegistrantInput>;
    if (choice === 'new') registrantContact = { ...contact, identityNumber };
    else if (/^[0-9]{1,9}$/.test(choice)) {
      // Another account's contact is getContact's forbidden: the 404 page, as for any object not ours.
      registrantContact = registrantOf(await getContact(ctx, { userId: user.id, contactId: Number(choice) }), identityNumber);
    } else if (choice === '') {
      // The API always names its registrant; a form sent without a choice is the panel's to refuse.
      return refuse({ registrant: pageContext(request).t('order.registrant.choose') });
    } else throw notFound();

    const years = /^[0-9]{1,2}$/.test(values.years!) ? Number(values.years) : Number.NaN;
    let placed: Awaited<ReturnType<typeof purchaseDomain>>;
    try {
      placed = await purchaseDomain(ctx, user.id, { domain, years, registrantContact }, formRequest(user.id, body));
    } catch (err) {
      const errors = formErrors(pageContext(request).t, err, 'domain', (field) => {
        if (field === 'domain' || field === 'years') return field;
        const sub = /^registrantContact\.(\w+)$/.exec(field)?.[1];
        if (sub === undefined) return undefined;
        if (sub === 'identityNumber') return 'identityNumber';
        // A chosen contact's missing or malformed detail belongs to the choice: its fields are not on the form.
        return choice === 'new' ? sub : 'registrant';
      });
      if (!errors) throw err;
      return refuse(errors);
    }
    const { order, domain: made } = placed;
    return reply.redirect(order.status === 'open' && order.invoice_id !== null ? `${invoiceHref(order.invoice_id)}?ordered=1` : domainHref(made), 303);
  });

  app.get('/order/transfer', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const domain = text((request.query as Form).domain).trim().slice(0, MAX_QUERY);
    return sendPage(reply, 200, transferPage(pageContext(request), { request: newFormToken(), domain: domainToUnicode(domain) || domain, holder: await holderOf(ctx, user), errors: {} }));
  });

  app.post('/order/transfer', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const body = request.body as Form;
    const domain = text(body.domain);
    let order;
    try {
      ({ order } = await transferDomain(ctx, user.id, { domain, authCode: text(body.authCode) }, formRequest(user.id, body)));
    } catch (err) {
      const errors = formErrors(pageContext(request).t, err, 'domain', (field) => (field === 'domain' || field === 'authCode' ? field : undefined));
      if (!errors) throw err;
      // The auth code is a secret: it is not written back into the page.
      return sendPage(reply, 400, transferPage(pageContext(request), { request: text(body.request) || newFormToken(), domain, holder: await holderOf(ctx, user), errors }));
    }
    if (order.status === 'open' && order.invoice_id !== null) return reply.redirect(`${invoiceHref(order.invoice_id)}?ordered=1`, 303);
    // Paid later (postpaid): fulfilled before the command returned, the domain is there unless the
    // registry holds the transfer pending; then the list, where it appears when it completes.
    const fulfilled = await getDomain(ctx, user.id, order.fqdn).catch((err: unknown) => {
      if (err instanceof DomainError && (err.code === 'not_found' || err.code === 'forbidden')) return undefined;
      throw err;
    });
    return reply.redirect(fulfilled ? domainHref(fulfilled.domain) : '/panel/domains', 303);
  });
}

/** The contact a transfer registers the name to: the account's primary contact (see transferDomain). */
async function holderOf(ctx: Ctx, user: User): Promise<Contact | undefined> {
  if (user.primary_contact_id === null) return undefined;
  return getContact(ctx, { userId: user.id, contactId: user.primary_contact_id }).catch(() => undefined);
}

