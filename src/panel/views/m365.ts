import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, type FormErrors, type PageContext } from '../layout.js';
import type { MessageKey } from '../i18n/en.js';
import type { Translator } from '../i18n/index.js';
import type { M365Offer, M365Tenant } from '../../ports/store/m365.js';
import type { TenantSubscription } from '../../core/m365/list-subscriptions.js';
import { BILLING_CYCLES, TERM_DURATIONS, decodeTerms } from '../../core/m365/terms.js';
import { formatDate } from './format.js';
import { inputField, selectField } from './form-fields.js';

/**
 * Microsoft 365 for a partner: its tenants with their subscriptions (/panel/m365), and a tenant's
 * page (/panel/m365/:serviceId) where seats change and subscriptions are bought. What may be bought
 * and changed is the core's and Microsoft's rule; their refusal is shown beside the field.
 */

export const M365_PATH = '/panel/m365';
export const tenantPath = (serviceId: number): string => `${M365_PATH}/${serviceId}`;
export const seatsPath = (serviceId: number, subscriptionId: string): string =>
  `${tenantPath(serviceId)}/subscriptions/${encodeURIComponent(subscriptionId)}/quantity`;
/** The id of a subscription's seat field (and its key in a refused form's messages). */
export const seatsField = (subscriptionId: string): string => `seats-${subscriptionId}`;

export const NOTICES = { tenant: 'm365.tenantAdded', subscription: 'm365.subscriptionAdded', seats: 'm365.seatsChanged' } as const satisfies Record<string, MessageKey>;
export type M365Notice = keyof typeof NOTICES;

/** A tenant as the list shows it: its owner's name ("" for the partner's own account) and subscriptions. */
export interface TenantRow {
  serviceId: number;
  tenant: M365Tenant;
  owner: string;
  subscriptions: TenantSubscription[];
}

const termWords = (t: Translator, pair: string): string => {
  const [term, cycle] = pair.split(':');
  return t('m365.pair', { term: t(`m365.term.${term}` as MessageKey), cycle: t(`m365.cycle.${cycle}` as MessageKey) });
};
const subscriptionName = (s: TenantSubscription): string => s.offer?.title ?? s.subscription.friendlyName;
const notice = (t: Translator, done: M365Notice | undefined) => done && html`<p class="notice" role="status">${t(NOTICES[done])}</p>`;

export function m365Page(
  c: PageContext,
  o: { tenants: TenantRow[]; clients: Array<[id: number, name: string]>; form?: { tenant_name?: string; client_id?: string }; errors?: FormErrors; done?: M365Notice },
): SafeHtml {
  const { t } = c;
  const errors = o.errors ?? {};
  return layout(c, t('m365.title'), html`
${notice(t, o.done)}
${errorSummary(t, errors)}
<h2>${t('m365.tenants')}</h2>
${o.tenants.length
    ? html`<table class="compact"><thead><tr><th scope="col">${t('m365.tenant')}</th><th scope="col">${t('m365.owner')}</th><th scope="col">${t('m365.subscriptions')}</th></tr></thead>
<tbody>${o.tenants.map((row) => html`<tr><td><a href="${tenantPath(row.serviceId)}">${row.tenant.domain}</a></td><td>${row.owner || t('m365.ownAccount')}</td>
<td>${row.subscriptions.length
      ? html`<ul>${row.subscriptions.map((s) => html`<li>${subscriptionName(s)}: ${s.subscription.quantity}</li>`)}</ul>`
      : t('m365.noSubscriptions')}</td></tr>`)}</tbody></table>`
    : html`<p>${t('m365.none')}</p>`}
<h2 id="add-tenant">${t('m365.addTenant')}</h2>
<form method="post" action="${M365_PATH}/tenants" novalidate>
${csrfField(c.csrf)}
${inputField({ name: 'tenant_name', label: t('m365.tenantName'), hint: t('m365.hint.tenantName'), value: o.form?.tenant_name, error: errors.tenant_name, autocomplete: 'off', spellcheck: false })}
${selectField({
    name: 'client_id', label: t('m365.client'), value: o.form?.client_id, error: errors.client_id,
    options: [['', t('m365.ownAccount')], ...o.clients.map(([id, name]): [string, string] => [String(id), `${name} (${id})`])],
  })}
<button type="submit">${t('m365.createTenant')}</button>
</form>`);
}

/** What a tenant page's forms held when one was refused. */
export interface TenantForms {
  seats?: Record<string, string>;
  subscription?: { catalog_id?: string; quantity?: string; term_duration?: string; billing_cycle?: string };
}

export function tenantPage(
  c: PageContext,
  o: { serviceId: number; tenant: M365Tenant; subscriptions: TenantSubscription[]; catalog: M365Offer[]; forms?: TenantForms; errors?: FormErrors; done?: M365Notice },
): SafeHtml {
  const { t } = c;
  const errors = o.errors ?? {};
  const add = o.forms?.subscription ?? {};
  return layout(c, t('m365.tenantTitle', { tenant: o.tenant.domain }), html`
${notice(t, o.done)}
${errorSummary(t, errors)}
<p><a href="${M365_PATH}">${t('m365.back')}</a></p>
<h2>${t('m365.subscriptions')}</h2>
${o.subscriptions.length === 0 && html`<p>${t('m365.noSubscriptions')}</p>`}
${o.subscriptions.map((item) => {
    const s = item.subscription;
    const id = seatsField(s.subscriptionId);
    const name = subscriptionName(item);
    return html`<section aria-labelledby="${id}-title">
<h3 id="${id}-title">${name}</h3>
<dl>
<dt>${t('m365.licences')}</dt><dd>${s.quantity}</dd>
<dt>${t('m365.terms')}</dt><dd>${termWords(t, `${s.termDuration}:${s.billingCycle}`)}</dd>
<dt>${t('m365.reducibleUntil')}</dt><dd>${formatDate(t, s.cancellationAllowedUntil)}</dd>
<dt>${t('m365.status')}</dt><dd>${t(`m365.status.${s.status}` as MessageKey)}</dd>
</dl>
${s.status === 'active' && html`<form method="post" action="${seatsPath(o.serviceId, s.subscriptionId)}" novalidate>
${csrfField(c.csrf)}
${inputField({
      id, name: 'quantity', label: t('m365.quantityLabel', { name }), hint: t('m365.quantityHint', { date: formatDate(t, s.cancellationAllowedUntil) }),
      value: o.forms?.seats?.[s.subscriptionId] ?? String(s.quantity), error: errors[id], inputmode: 'numeric', autocomplete: 'off',
    })}
<button type="submit">${t('m365.changeSeats')}</button>
</form>`}
</section>`;
  })}
<h2 id="add-subscription">${t('m365.addSubscription')}</h2>
<form method="post" action="${tenantPath(o.serviceId)}/subscriptions" novalidate>
${csrfField(c.csrf)}
${selectField({ name: 'catalog_id', label: t('m365.offer'), value: add.catalog_id, error: errors.catalog_id, options: o.catalog.map((offer) => [String(offer.id), offer.title]) })}
${inputField({ name: 'quantity', label: t('m365.quantity'), value: add.quantity ?? '1', error: errors.quantity, inputmode: 'numeric', autocomplete: 'off' })}
${selectField({ name: 'term_duration', label: t('m365.termDuration'), value: add.term_duration ?? 'P1Y', error: errors.term_duration, options: TERM_DURATIONS.map((term) => [term, t(`m365.term.${term}` as MessageKey)]) })}
${selectField({ name: 'billing_cycle', label: t('m365.billingCycle'), value: add.billing_cycle ?? 'P1M', error: errors.billing_cycle, options: BILLING_CYCLES.map((cycle) => [cycle, t(`m365.cycle.${cycle}` as MessageKey)]) })}
<button type="submit">${t('m365.createSubscription')}</button>
</form>
<h3>${t('m365.catalog')}</h3>
<dl>${o.catalog.map((offer) => html`<dt>${offer.title}</dt><dd>${decodeTerms(offer.terms).map((pair) => termWords(t, pair)).join('; ')}</dd>`)}</dl>`);
}
