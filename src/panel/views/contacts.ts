import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, paging, type FormErrors, type PageContext } from '../layout.js';
import type { Translator } from '../i18n/index.js';
import type { MessageKey } from '../i18n/en.js';
import type { Contact } from '../../ports/store.js';
import { CONTACT_TYPES, type ContactField } from '../../core/contacts/contact-rules.js';
import { ISO_COUNTRIES } from '../../core/countries.js';
import { BILLING_METHODS } from '../../core/validation.js';

/**
 * The customer's contacts: the list, one form for a new contact and for an existing one (every field
 * the client API's contact takes), and the delete confirmation. The rules are the core's
 * (contact-rules.ts): the form only offers the choices its lists hold, and shows its messages.
 */

/** What a contact form holds, as typed, by the client API's field name. */
export type ContactForm = Partial<Record<ContactField, string>>;

export const contactsHref = '/panel/contacts';
export const contactHref = (id: number): string => `${contactsHref}/${id}`;

/** First and last name joined, as the client API's `name` is; a contact without one by its number. */
export function contactName(t: Translator, c: Pick<Contact, 'id' | 'first_name' | 'last_name'>): string {
  return [c.first_name, c.last_name].filter(Boolean).join(' ') || t('contacts.unnamed', { id: c.id });
}

const label = (t: Translator, field: ContactField): string => t(`contacts.field.${field}` as MessageKey);

/** The contact types and billing methods in words; one the panel has no words for is shown as stored. */
const typeWords = (t: Translator, type: string): string =>
  (CONTACT_TYPES as readonly string[]).includes(type) ? t(`contacts.type.${type}` as MessageKey) : type;

/**
 * Every ISO 3166-1 country by its name in the page's language (Intl's CLDR names), in that language's
 * order; the codes are the core's list, so the select offers exactly what the core takes.
 */
const countryOptions = new Map<string, Array<[string, string]>>();
function countries(t: Translator): Array<[string, string]> {
  let list = countryOptions.get(t.lang);
  if (!list) {
    const names = new Intl.DisplayNames([t.lang], { type: 'region' });
    const collator = new Intl.Collator(t.lang);
    list = [...ISO_COUNTRIES].map((code): [string, string] => [code, names.of(code) ?? code]).sort((a, b) => collator.compare(a[1], b[1]));
    countryOptions.set(t.lang, list);
  }
  return list;
}

interface FieldOptions {
  name: ContactField;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'tel';
  autocomplete?: string;
}

/** The message and hint ids a control is described by, and its attributes for them. */
function described(o: { name: string; hint?: string; error?: string }): SafeHtml {
  const ids = [o.hint ? `${o.name}-hint` : '', o.error ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${o.error ? html` aria-invalid="true"` : ''}`;
}

const hintOf = (o: { name: string; hint?: string }): SafeHtml | false => !!o.hint && html`<p class="hint" id="${o.name}-hint">${o.hint}</p>`;
const messageOf = (o: { name: string; error?: string }): SafeHtml | false => !!o.error && html`<p class="message" id="${o.name}-error">${o.error}</p>`;

function textInput(o: FieldOptions): SafeHtml {
  return html`<div class="field${o.error ? ' invalid' : ''}">
<label for="${o.name}">${o.label}</label>
${hintOf(o)}
${messageOf(o)}
<input type="${o.type ?? 'text'}" id="${o.name}" name="${o.name}" value="${o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.type === 'email' || o.type === 'tel' ? html` spellcheck="false"` : ''}${described(o)}>
</div>`;
}

/** The country select: the stored code selected; a code not in the list (never saved by the core) kept as it is. */
function countrySelect(t: Translator, o: { value?: string; error?: string }): SafeHtml {
  const value = o.value ?? '';
  const list = countries(t);
  const unknown = value !== '' && !list.some(([code]) => code === value);
  const f = { name: 'country', error: o.error };
  return html`<div class="field${o.error ? ' invalid' : ''}">
<label for="country">${label(t, 'country')}</label>
${messageOf(f)}
<select id="country" name="country" autocomplete="country"${described(f)}>
<option value=""${value === '' ? ' selected' : ''}>${t('contacts.country.choose')}</option>
${unknown && html`<option value="${value}" selected>${value}</option>`}
${list.map(([code, name]) => html`<option value="${code}"${code === value ? ' selected' : ''}>${name}</option>`)}
</select>
</div>`;
}

/** Radios in GOV.UK's manner: the first carries the field's id, so the error summary's link lands on it. */
function radios(t: Translator, o: { name: ContactField; value?: string; error?: string; choices: Array<[string, string]> }): SafeHtml {
  const f = { name: o.name, error: o.error };
  return html`<fieldset class="field${o.error ? ' invalid' : ''}"${o.error ? html` aria-describedby="${o.name}-error"` : ''}>
<legend>${label(t, o.name)}</legend>
${messageOf(f)}
${o.choices.map(([value, words], i) => {
    const id = i === 0 ? o.name : `${o.name}-${value}`;
    return html`<div class="radio"><input type="radio" id="${id}" name="${o.name}" value="${value}"${value === o.value ? ' checked' : ''}><label for="${id}">${words}</label></div>`;
  })}
</fieldset>`;
}

/** The contacts, one page of them (in the order the client API lists them), with the way to add one. */
export function contactsPage(
  c: PageContext,
  o: { contacts: Contact[]; primaryId: number | null; total: number; page: number; pages: number; notice?: string },
): SafeHtml {
  const { t } = c;
  return layout(c, t('contacts.title'), html`
${o.notice && html`<p class="notice" role="status">${o.notice}</p>`}
<p>${t('contacts.intro')}</p>
<p><a href="${contactsHref}/new">${t('contacts.add')}</a></p>
${o.contacts.length
    ? html`<p role="status">${t('contacts.count', { total: o.total })}</p>
<table>
<thead><tr><th scope="col">${t('contacts.name')}</th><th scope="col">${t('contacts.email')}</th><th scope="col">${t('contacts.type')}</th></tr></thead>
<tbody>${o.contacts.map((k) => html`<tr><td><a href="${contactHref(k.id)}">${contactName(t, k)}</a>${k.company_name && html`<br>${k.company_name}`}${k.id === o.primaryId && html`<br><small>${t('contacts.primary')}</small>`}</td><td>${k.email}</td><td>${typeWords(t, k.contact_type)}</td></tr>`)}</tbody>
</table>`
    : html`<p role="status">${t('contacts.none')}</p>`}
${paging(t, o.page, o.pages, (page) => `${contactsHref}?page=${page}`)}`);
}

/**
 * The form for a new contact, or for contact `id`. The identity number is written, never shown back
 * (the client API's rule for it): its field is always empty, and left empty it keeps the one stored.
 */
export function contactFormPage(c: PageContext, o: { id?: number; name?: string; form: ContactForm; errors?: FormErrors; notice?: string }): SafeHtml {
  const { t } = c;
  const errors = o.errors ?? {};
  const f = o.form;
  const text = (name: ContactField, more: Partial<FieldOptions> = {}) =>
    textInput({ name, label: label(t, name), value: f[name], error: errors[name], ...more });
  const title = o.id === undefined ? t('contacts.newTitle') : t('contacts.editTitle', { name: o.name ?? '' });
  const action = o.id === undefined ? `${contactsHref}/new` : contactHref(o.id);
  return layout(c, title, html`
${o.notice && html`<p class="notice" role="status">${o.notice}</p>`}
${errorSummary(t, errors)}
<form method="post" action="${action}" novalidate>
${csrfField(c.csrf)}
<fieldset class="group">
<legend>${t('contacts.group.who')}</legend>
${text('first_name', { autocomplete: 'given-name' })}
${text('last_name', { autocomplete: 'family-name' })}
${text('company_name', { autocomplete: 'organization' })}
${text('business_id', { hint: t('contacts.hint.business_id'), autocomplete: 'off' })}
${text('identity_number', { value: '', hint: o.id === undefined ? t('contacts.hint.identity_number') : t('contacts.hint.identity_numberEdit'), autocomplete: 'off' })}
</fieldset>
<fieldset class="group">
<legend>${t('contacts.group.address')}</legend>
${text('address', { autocomplete: 'street-address' })}
${text('zip_code', { autocomplete: 'postal-code'})}
${text('city', { autocomplete: 'address-level2' })}
${countrySelect(t, { value: f.country, error: errors.country })}
</fieldset>
<fieldset class="group">
<legend>${t('contacts.group.reach')}</legend>
${text('phone', { type: 'tel', hint: t('contacts.hint.phone'), autocomplete: 'tel' })}
${text('email', { type: 'email', autocomplete: 'email' })}
${text('alt_email', { type: 'email', autocomplete: 'off' })}
</fieldset>
<fieldset class="group">
<legend>${t('contacts.group.billing')}</legend>
${radios(t, { name: 'contact_type', value: f.contact_type, error: errors.contact_type, choices: CONTACT_TYPES.map((v) => [v, t(`contacts.type.${v}`)]) })}
${radios(t, { name: 'billing_method', value: f.billing_method, error: errors.billing_method, choices: BILLING_METHODS.map((v) => [v, t(`contacts.method.${v}`)]) })}
${text('billing_email', { type: 'email', autocomplete: 'off' })}
${text('e_invoice_address', { hint: t('contacts.hint.e_invoice'), autocomplete: 'off' })}
${text('e_invoice_intermediator', { hint: t('contacts.hint.e_invoice_intermediator'), autocomplete: 'off' })}
</fieldset>
<button type="submit">${o.id === undefined ? t('contacts.create') : t('contacts.save')}</button>
</form>
${o.id !== undefined && html`<p><a href="${contactHref(o.id)}/delete">${t('contacts.delete')}</a></p>`}
<p><a href="${contactsHref}">${t('contacts.back')}</a></p>`);
}

/** "Delete this contact?", with who it is; the deletion is this page's POST, a refusal the core's words. */
export function deleteContactPage(c: PageContext, o: { contact: Contact; error?: string }): SafeHtml {
  const { t } = c;
  const k = o.contact;
  const name = contactName(t, k);
  return layout(c, t('contacts.deleteTitle', { name }), html`
${errorSummary(t, o.error ? { delete: o.error } : {})}
<dl>
<dt>${t('contacts.name')}</dt><dd>${name}</dd>
${k.company_name && html`<dt>${t('contacts.company')}</dt><dd>${k.company_name}</dd>`}
<dt>${t('contacts.email')}</dt><dd>${k.email}</dd>
<dt>${t('contacts.type')}</dt><dd>${typeWords(t, k.contact_type)}</dd>
</dl>
<p>${t('contacts.deleteWarning')}</p>
<form method="post" action="${contactHref(k.id)}/delete">
${csrfField(c.csrf)}
<div class="field${o.error ? ' invalid' : ''}">
${messageOf({ name: 'delete', error: o.error })}
<button type="submit" id="delete" class="warning"${o.error ? html` aria-describedby="delete-error"` : ''}>${t('contacts.deleteSubmit')}</button>
</div>
</form>
<p><a href="${contactsHref}">${t('contacts.back')}</a></p>`);
}
