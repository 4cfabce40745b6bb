import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, paging, type FormErrors, type PageContext } from '../layout.js';
import type { Translator } from '../i18n/index.js';
import type { Domain, Service } from '../../ports/store.js';
import { servicePeriodCents } from '../../core/services/service-price.js';
import { formatDate, formatMoney, formatStatus } from './format.js';

/** The customer's services: the list, and one service with its auto-renew form. */

export const servicesHref = '/panel/services';
export const serviceHref = (id: number): string => `${servicesHref}/${id}`;

/** What a renew change that succeeded says on the page it redirects to (`?saved=`). */
export const SERVICE_NOTICES = { renewOn: 'settings.saved.renewOn', renewOff: 'settings.saved.renewOff' } as const;
export type ServiceNotice = keyof typeof SERVICE_NOTICES;

/**
 * The price of a billing period (quantity times the unit price, VAT excluded: the client API's
 * `price.total`) and the period's length, apart, so that a narrow table can put one under the other.
 */
function price(t: Translator, s: Service): { amount: string; period: string } {
  const months = s.billing_period_months;
  return { amount: formatMoney(t, servicePeriodCents(s)), period: months === 1 ? t('services.perMonth') : t('services.perMonths', { months }) };
}

const renewWords = (t: Translator, s: Service): string => (s.renew === 1 ? t('services.renews') : t('services.noRenew'));

/**
 * One page of the services (in the order the client API lists them). Four columns, so that it reads at
 * 375 px: the domain goes under the service's name, whether it renews under its expiry date, the
 * billing period under the price; the status never wraps (a word broken in two misreads).
 */
export function servicesPage(c: PageContext, o: { services: Service[]; domains: Map<number, Domain>; total: number; page: number; pages: number }): SafeHtml {
  const { t } = c;
  return layout(c, t('services.title'), html`
${o.services.length
    ? html`<p role="status">${t('services.count', { total: o.total })}</p>
<table class="compact">
<thead><tr><th scope="col">${t('services.name')}</th><th scope="col" class="nowrap">${t('services.status')}</th><th scope="col">${t('services.expires')}</th><th scope="col" class="num">${t('services.price')}</th></tr></thead>
<tbody>${o.services.map((s) => {
      const domain = s.domain_id === null ? undefined : o.domains.get(s.domain_id);
      return html`<tr><td><a href="${serviceHref(s.id)}">${s.name}</a>${domain && html`<br>${domain.fqdn_unicode}`}</td><td class="nowrap">${formatStatus(t, s.status)}</td><td><span class="nowrap">${formatDate(t, s.exp_date)}</span><br><small>${renewWords(t, s)}</small></td><td class="num">${price(t, s).amount}<br><small>${price(t, s).period}</small></td></tr>`;
    })}</tbody>
</table>
<p>${t('services.vatNote')}</p>`
    : html`<p role="status">${t('services.none')}</p>`}
${paging(t, o.page, o.pages, (page) => `${servicesHref}?page=${page}`)}`);
}

/**
 * One service, and its auto-renew as two radios (the client API's PATCH of `renew`). `renew` is what
 * the form shows: the service's, or what a refused form sent.
 */
export function servicePage(
  c: PageContext,
  o: { service: Service; domain?: Domain; renew: boolean | undefined; errors?: FormErrors; saved?: ServiceNotice },
): SafeHtml {
  const { t } = c;
  const s = o.service;
  const errors = o.errors ?? {};
  const error = errors.renew;
  const radio = (id: string, value: '1' | '0', label: string, checked: boolean) =>
    html`<div class="radio"><input type="radio" id="${id}" name="renew" value="${value}"${checked ? ' checked' : ''}><label for="${id}">${label}</label></div>`;
  return layout(c, s.name, html`
${o.saved && html`<p class="notice" role="status">${t(SERVICE_NOTICES[o.saved])}</p>`}
${errorSummary(t, errors)}
<dl>
${o.domain && html`<dt>${t('services.domain')}</dt><dd>${o.domain.fqdn_unicode}</dd>`}
<dt>${t('services.status')}</dt><dd>${formatStatus(t, s.status)}</dd>
<dt>${t('services.started')}</dt><dd>${formatDate(t, s.start_date)}</dd>
<dt>${t('services.expires')}</dt><dd>${formatDate(t, s.exp_date)}</dd>
<dt>${t('services.autoRenew')}</dt><dd>${renewWords(t, s)}</dd>
<dt>${t('services.qty')}</dt><dd>${s.qty}</dd>
<dt>${t('services.price')}</dt><dd>${price(t, s).amount} ${price(t, s).period}</dd>
</dl>
<p>${t('services.vatNote')}</p>
<section aria-labelledby="renew-title">
<h2 id="renew-title">${t('settings.renew.title')}</h2>
<form method="post" action="${serviceHref(s.id)}/renew" novalidate>
${csrfField(c.csrf)}
<fieldset class="field${error ? ' invalid' : ''}"${error ? html` aria-describedby="renew-error"` : ''}>
<legend>${t('services.renew.legend')}</legend>
${error && html`<p class="message" id="renew-error">${error}</p>`}
${radio('renew', '1', t('settings.renew.on'), o.renew === true)}
${radio('renew-off', '0', t('settings.renew.off'), o.renew === false)}
</fieldset>
<button type="submit">${t('settings.renew.submit')}</button>
</form>
</section>
<p><a href="${servicesHref}">${t('services.back')}</a></p>`);
}
