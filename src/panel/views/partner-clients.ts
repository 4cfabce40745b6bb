import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, type FormErrors, type PageContext } from '../layout.js';
import type { MessageKey } from '../i18n/en.js';
import { CLIENT_TYPES } from '../../core/partners/clients/client-rules.js';
import { inputField, radioField } from './form-fields.js';

/**
 * The form that adds a client (the partner API's POST clients/add) or edits one (its PUT
 * clients/{id}: the same fields without password and client type). Every field is the API's; what
 * they must hold is the core's rule (client-rules.ts), shown beside the field on a refusal.
 */

/** The API's client fields in the form's order. */
export const CLIENT_FORM_FIELDS = [
  'firstname', 'lastname', 'company', 'email', 'phone', 'address1', 'address2', 'postcode', 'city', 'country',
  'vat_number', 'identity_number', 'business_id',
] as const;
export type ClientFormField = (typeof CLIENT_FORM_FIELDS)[number] | 'client_type';
export type ClientForm = Partial<Record<ClientFormField, string>>;

export const clientPath = (id: number): string => `/panel/clients/${id}`;

const AUTOCOMPLETE: Partial<Record<ClientFormField, string>> = {
  firstname: 'off', lastname: 'off', company: 'off', email: 'off', phone: 'off', address1: 'off', address2: 'off',
  postcode: 'off', city: 'off', country: 'off',
};
const HINTED = new Set<string>(['country', 'phone', 'email', 'identity_number', 'business_id']);

export function clientFormPage(c: PageContext, o: { id?: number; name?: string; form: ClientForm; errors?: FormErrors }): SafeHtml {
  const { t } = c;
  const errors = o.errors ?? {};
  const adding = o.id === undefined;
  const field = (f: (typeof CLIENT_FORM_FIELDS)[number]) => inputField({
    name: f,
    label: t(`clients.field.${f}` as MessageKey),
    hint: HINTED.has(f) ? t(`clients.hint.${f}` as MessageKey) : undefined,
    value: o.form[f],
    error: errors[f],
    type: f === 'email' ? 'email' : 'text',
    // A phone keypad, with the look of the other fields (the stylesheet styles text inputs).
    inputmode: f === 'phone' ? 'tel' : undefined,
    // The details are the client's, not the person filling the form in: the browser's own are wrong here.
    autocomplete: AUTOCOMPLETE[f],
    spellcheck: f === 'email' || f === 'country' ? false : undefined,
  });
  const title = adding ? t('clients.newTitle') : t('clients.editTitle', { name: o.name ?? '' });
  return layout(c, title, html`
${errorSummary(t, errors)}
<p>${t('clients.intro')}</p>
<form method="post" action="${adding ? '/panel/clients/new' : `${clientPath(o.id!)}/edit`}" novalidate>
${csrfField(c.csrf)}
${CLIENT_FORM_FIELDS.slice(0, 4).map(field)}
${adding && inputField({
    name: 'password', type: 'password', label: t('clients.field.password'), hint: t('clients.hint.password'),
    error: errors.password, autocomplete: 'new-password',
  })}
${CLIENT_FORM_FIELDS.slice(4).map(field)}
${adding && radioField({
    name: 'client_type', label: t('clients.field.client_type'), value: o.form.client_type, error: errors.client_type,
    options: CLIENT_TYPES.map((type) => [type, t(`clients.type.${type}` as MessageKey)]),
  })}
<button type="submit">${adding ? t('clients.create') : t('clients.save')}</button>
</form>
<p><a href="/panel">${t('clients.cancel')}</a></p>`);
}
