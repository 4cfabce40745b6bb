import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, type FormErrors, type PageContext } from '../layout.js';
import type { Contact, TldPrice } from '../../ports/store.js';
import type { Translator } from '../i18n/index.js';
import type { MessageKey } from '../i18n/en.js';
import { formatMoney } from './format.js';

export const ORDER_PATH = '/panel/order';
export const BUY_PATH = '/panel/order/buy';
export const TRANSFER_PATH = '/panel/order/transfer';

export const searchHref = (name: string): string => `${ORDER_PATH}?${new URLSearchParams({ name })}`;
export const buyHref = (fqdn: string): string => `${BUY_PATH}?${new URLSearchParams({ domain: fqdn })}`;
export const transferHref = (fqdn?: string): string => (fqdn ? `${TRANSFER_PATH}?${new URLSearchParams({ domain: fqdn })}` : TRANSFER_PATH);

/** One line of the search's answer: a name under one TLD on sale. */
export interface SearchRow {
  /** Punycode, as the order form sends it to the core. */
  fqdn: string;
  /** As people read it. */
  fqdnUnicode: string;
  info: 'available' | 'unavailable' | 'invalid';
  /** Whole-year registration prices, shortest first (empty for an invalid name). */
  prices: TldPrice[];
  /** Why the name cannot be ordered under this TLD (the core's words). */
  reason?: string;
}

/** The new contact's fields, in the client API's names (registrantContact), and how browsers fill them. */
export const NEW_CONTACT_FIELDS = [
  ['firstName', 'given-name'],
  ['lastName', 'family-name'],
  ['address', 'street-address'],
  ['zipCode', 'postal-code'],
  ['city', 'address-level2'],
  ['country', 'country'],
  ['phone', 'tel'],
  ['email', 'email'],
] as const;
export type NewContactField = (typeof NEW_CONTACT_FIELDS)[number][0];

/** What a refused buy form sent, to show again (the identity number never is: it is not shown back). */
export interface BuyValues {
  /** The form's token: the same form sent twice is one order (routes/order.ts, formRequest). */
  request: string;
  years?: string;
  registrant?: string;
  contact: Partial<Record<NewContactField, string>>;
}

/** A message next to a field, a group or a button (its id is what aria-describedby names). */
const message = (id: string, text: string | undefined): SafeHtml | false => !!text && html`<p class="message" id="${id}-error">${text}</p>`;

/** A labelled text input with an optional hint and its message, both described for screen readers. */
function field(o: { name: string; label: string; value?: string; hint?: string; error?: string; autocomplete?: string; type?: 'text' | 'email' | 'search'; inputmode?: 'tel' }): SafeHtml {
  const described = [o.hint ? `${o.name}-hint` : '', o.error ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' invalid' : ''}">
<label for="${o.name}">${o.label}</label>
${o.hint && html`<p class="hint" id="${o.name}-hint">${o.hint}</p>`}
${message(o.name, o.error)}
<input type="${o.type ?? 'text'}" id="${o.name}" name="${o.name}" value="${o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${o.error ? html` aria-invalid="true"` : ''}>
</div>`;
}

/** A price as the search shows it: per year, or for the shortest period the TLD sells when that is longer. */
function priceText(t: Translator, prices: TldPrice[]): string {
  const shortest = prices[0];
  if (!shortest) return '–';
  const years = shortest.period_months / 12;
  return years === 1 ? t('order.perYear', { price: formatMoney(t, shortest.price_cents) }) : t('order.forYears', { price: formatMoney(t, shortest.price_cents), years });
}

const AVAILABILITY: Record<SearchRow['info'], MessageKey> = { available: 'order.available', unavailable: 'order.taken', invalid: 'order.invalid' };

function resultTable(c: PageContext, q: string, rows: SearchRow[]): SafeHtml {
  const { t } = c;
  return html`<table class="compact">
<caption>${t('order.results', { q })}</caption>
<thead><tr><th scope="col">${t('domain.name')}</th><th scope="col">${t('order.availability')}</th><th scope="col">${t('order.price')}</th><th scope="col"><span class="vh">${t('order.actions')}</span></th></tr></thead>
<tbody>${rows.map((r) => html`<tr>
<td>${r.fqdnUnicode}</td>
<td>${t(AVAILABILITY[r.info])}${r.reason && html`<br><span class="hint">${t.core(r.reason)}</span>`}</td>
<td class="nowrap">${priceText(t, r.prices)}</td>
<td>${r.info === 'available'
    ? html`<a href="${buyHref(r.fqdn)}">${t('order.buy')}<span class="vh"> ${r.fqdnUnicode}</span></a>`
    : r.info === 'unavailable' && html`<a href="${transferHref(r.fqdn)}">${t('order.transferIn')}<span class="vh"> ${r.fqdnUnicode}</span></a>`}</td>
</tr>`)}</tbody>
</table>`;
}

/**
 * The name search: one field (a GET form, so that an answer can be linked and reloaded) and the name
 * under every TLD on sale with its availability and price. A refused name is the field's message.
 */
export function searchPage(c: PageContext, o: { q: string; rows?: SearchRow[]; error?: string }): SafeHtml {
  const { t } = c;
  const errors: FormErrors = o.error ? { name: o.error } : {};
  return layout(c, t('order.title'), html`
${errorSummary(t, errors)}
<p>${t('order.intro')}</p>
<form method="get" action="${ORDER_PATH}" class="search" role="search" novalidate>
${field({ name: 'name', label: t('order.name'), hint: t('order.nameHint'), value: o.q, error: o.error, type: 'search', autocomplete: 'off' })}
<div class="field"><button type="submit">${t('order.search')}</button></div>
</form>
${o.rows && (o.rows.length ? resultTable(c, o.q, o.rows) : html`<p role="status">${t('order.noTlds')}</p>`)}
${o.rows && html`<p class="hint">${t('order.vatNote')}</p>`}
<h2>${t('order.transferTitle')}</h2>
<p><a href="${TRANSFER_PATH}">${t('order.transferLink')}</a></p>`);
}

/** A contact as the registrant choice names it: who, and enough to tell two apart (an empty one by its number). */
export function contactLabel(t: Translator, contact: Contact): string {
  const who = [contact.first_name, contact.last_name].filter(Boolean).join(' ') || contact.email;
  const label = [who, contact.company_name, contact.email === who ? '' : contact.email, contact.city].filter(Boolean).join(', ');
  return label || t('order.registrant.unnamed', { id: contact.id });
}

/**
 * The order form for one name: the years its TLD sells (each with its price), and the registrant: one
 * of the customer's contacts or a new one (the client API's registrantContact fields), with the
 * identity number a registry needs of a holder.
 */
export function buyPage(c: PageContext, o: { fqdn: string; fqdnUnicode: string; prices: TldPrice[]; contacts: Contact[]; values: BuyValues; errors: FormErrors }): SafeHtml {
  const { t } = c;
  const { errors, values } = o;
  const years = o.prices.map((p) => p.period_months / 12);
  const chosenYears = values.years ?? String(years[0] ?? '');
  const radio = (id: string, name: string, value: string, label: string, checked: boolean) =>
    html`<div class="radio"><input type="radio" id="${id}" name="${name}" value="${value}"${checked ? ' checked' : ''}><label for="${id}">${label}</label></div>`;
  const choices: Array<[string, string]> = [...o.contacts.map((k): [string, string] => [String(k.id), contactLabel(t, k)]), ['new', t('order.registrant.new')]];
  const group = (id: string) => (errors[id] ? html` aria-describedby="${id}-error"` : '');
  return layout(c, t('order.buy.title', { name: o.fqdnUnicode }), html`
${errorSummary(t, errors)}
<form method="post" action="${BUY_PATH}" novalidate>
${csrfField(c.csrf)}
<input type="hidden" name="domain" value="${o.fqdn}">
<input type="hidden" name="request" value="${values.request}">
<div class="field${errors.domain ? ' invalid' : ''}" id="domain" tabindex="-1">
${message('domain', errors.domain)}
<p>${t('order.buy.lead', { name: o.fqdnUnicode })} <a href="${searchHref(o.fqdnUnicode)}">${t('order.buy.change')}</a></p>
</div>
<fieldset class="field${errors.years ? ' invalid' : ''}"${group('years')}>
<legend>${t('order.years')}</legend>
${message('years', errors.years)}
${years.map((y, i) => radio(i === 0 ? 'years' : `years-${y}`, 'years', String(y), t('order.yearsOption', { years: y, price: formatMoney(t, o.prices[i]!.price_cents) }), String(y) === chosenYears))}
<p class="hint">${t('order.vatNote')}</p>
</fieldset>
<h2>${t('order.registrant.title')}</h2>
<fieldset class="field${errors.registrant ? ' invalid' : ''}"${group('registrant')}>
<legend>${t('order.registrant.legend')}</legend>
${message('registrant', errors.registrant)}
${choices.map(([value, label], i) => radio(i === 0 ? 'registrant' : `registrant-${value}`, 'registrant', value, label, values.registrant === value))}
</fieldset>
<fieldset>
<legend>${t('order.newContact.legend')}</legend>
<p class="hint">${t('order.newContact.hint')}</p>
${NEW_CONTACT_FIELDS.map(([name, autocomplete]) => field({
    name, autocomplete, label: t(`order.contact.${name}`), value: values.contact[name], error: errors[name],
    // A phone is a text field with the phone keypad: the stylesheet styles text inputs, not tel.
    type: name === 'email' ? 'email' : 'text', inputmode: name === 'phone' ? 'tel' : undefined,
    hint: name === 'country' ? t('order.contact.countryHint') : name === 'phone' ? t('order.contact.phoneHint') : undefined,
  }))}
</fieldset>
${field({ name: 'identityNumber', label: t('order.contact.identityNumber'), hint: t('order.contact.identityHint'), error: errors.identityNumber, autocomplete: 'off' })}
<button type="submit">${t('order.buy.submit')}</button>
</form>`);
}

/** The answer to a buy link whose name cannot be ordered (any more): why, and where to go instead. */
export function notOrderablePage(c: PageContext, o: { fqdn: string; fqdnUnicode: string; taken: boolean; reason?: string }): SafeHtml {
  const { t } = c;
  return layout(c, t('order.buy.title', { name: o.fqdnUnicode }), html`
<p role="status">${o.taken ? t('order.buy.taken', { name: o.fqdnUnicode }) : o.reason ? t.core(o.reason) : t('order.buy.notOrderable', { name: o.fqdnUnicode })}</p>
${o.taken && html`<p><a href="${transferHref(o.fqdn)}">${t('order.buy.transferInstead', { name: o.fqdnUnicode })}</a></p>`}
<p><a href="${searchHref(o.fqdnUnicode.split('.')[0]!)}">${t('order.back')}</a></p>`);
}

/**
 * Transfer in with an auth code. The client API's transfer registers the name to the account's primary
 * contact, so the form names that contact rather than offering a choice the command does not take.
 */
export function transferPage(c: PageContext, o: { request: string; domain: string; holder?: Contact; errors: FormErrors }): SafeHtml {
  const { t } = c;
  return layout(c, t('order.transfer.title'), html`
${errorSummary(t, o.errors)}
<p>${t('order.transfer.intro')}</p>
<form method="post" action="${TRANSFER_PATH}" novalidate>
${csrfField(c.csrf)}
<input type="hidden" name="request" value="${o.request}">
${field({ name: 'domain', label: t('order.transfer.domain'), hint: t('order.transfer.domainHint'), value: o.domain, error: o.errors.domain, autocomplete: 'off' })}
${field({ name: 'authCode', label: t('order.transfer.authCode'), hint: t('order.transfer.authCodeHint'), error: o.errors.authCode, autocomplete: 'off' })}
<p>${o.holder ? t('order.transfer.holder', { name: contactLabel(t, o.holder) }) : t('order.transfer.noHolder')}</p>
<button type="submit">${t('order.transfer.submit')}</button>
</form>
<p><a href="${ORDER_PATH}">${t('order.back')}</a></p>`);
}
