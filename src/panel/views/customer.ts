import { html, type SafeHtml } from '../html.js';
import { layout, paging, type PageContext } from '../layout.js';
import type { Domain, Invoice } from '../../ports/store.js';
import { formatDate, formatMoney, formatStatus } from './format.js';
import { invoiceHref } from './invoices.js';

export const domainHref = (d: Domain): string => `/panel/domains/${encodeURIComponent(d.fqdn)}`;

function domainTable(c: PageContext, domains: Domain[], caption?: string): SafeHtml {
  const { t } = c;
  return html`<table>
${caption && html`<caption>${caption}</caption>`}
<thead><tr><th scope="col">${t('domain.name')}</th><th scope="col">${t('domain.status')}</th><th scope="col">${t('domain.expires')}</th></tr></thead>
<tbody>${domains.map((d) => html`<tr><td><a href="${domainHref(d)}">${d.fqdn_unicode}</a></td><td>${formatStatus(t, d.status)}</td><td>${formatDate(t, d.exp_date)}</td></tr>`)}</tbody>
</table>`;
}

/** The customer's start page: what needs attention (domains expiring soon, unpaid invoices). */
export function customerStartPage(c: PageContext, o: { expiring: Domain[]; days: number; unpaid: Invoice[] }): SafeHtml {
  const { t } = c;
  return layout(c, t('customer.start.title'), html`
<h2>${t('customer.start.expiring', { days: o.days })}</h2>
${o.expiring.length ? domainTable(c, o.expiring) : html`<p>${t('customer.start.noExpiring', { days: o.days })}</p>`}
<p><a href="/panel/domains">${t('customer.start.allDomains')}</a></p>
<p><a href="/panel/order">${t('customer.start.order')}</a></p>
<h2>${t('customer.start.unpaid')}</h2>
${o.unpaid.length
    ? html`<table><thead><tr><th scope="col">${t('invoice.number')}</th><th scope="col">${t('invoice.ref')}</th><th scope="col">${t('invoice.due')}</th><th scope="col">${t('invoice.total')}</th></tr></thead>
<tbody>${o.unpaid.map((i) => html`<tr><td><a href="${invoiceHref(i.id)}">${i.id}</a></td><td>${i.ref_number}</td><td>${formatDate(t, i.due_date)}</td><td>${formatMoney(t, i.total_cents)}</td></tr>`)}</tbody></table>`
    : html`<p>${t('customer.start.noUnpaid')}</p>`}`);
}

/** The domain list: a search form (GET, so a result can be linked) and one page of results. */
export function domainsPage(c: PageContext, o: { domains: Domain[]; total: number; q: string; page: number; pages: number }): SafeHtml {
  const { t } = c;
  const href = (page: number) => `/panel/domains?${new URLSearchParams({ ...(o.q ? { q: o.q } : {}), page: String(page) })}`;
  return layout(c, t('domains.title'), html`
<form method="get" action="/panel/domains" class="search" role="search">
<div class="field"><label for="q">${t('domains.search')}</label><input type="search" id="q" name="q" value="${o.q}"></div>
<button type="submit">${t('domains.searchSubmit')}</button>
</form>
${o.domains.length
    ? html`<p role="status">${t('domains.count', { total: o.total })}</p>${domainTable(c, o.domains)}`
    : html`<p role="status">${o.q ? t('domains.noMatch', { q: o.q }) : t('domains.none')}</p>`}
${paging(t, o.page, o.pages, href)}`);
}

/** One domain; `settings` are its forms (views/domain-settings.ts). */
export function domainPage(c: PageContext, o: { domain: Domain; nameservers: string[]; settings?: SafeHtml }): SafeHtml {
  const { t } = c;
  const d = o.domain;
  return layout(c, d.fqdn_unicode, html`
<dl>
<dt>${t('domain.status')}</dt><dd>${formatStatus(t, d.status)}</dd>
<dt>${t('domain.registered')}</dt><dd>${formatDate(t, d.reg_date)}</dd>
<dt>${t('domain.expires')}</dt><dd>${formatDate(t, d.exp_date)}</dd>
<dt>${t('domain.autoRenew')}</dt><dd>${d.renew ? t('yes') : t('no')}</dd>
<dt>${t('domain.nameservers')}</dt><dd>${o.nameservers.length ? html`<ul>${o.nameservers.map((ns) => html`<li>${ns}</li>`)}</ul>` : t('domain.noNameservers')}</dd>
</dl>
<p><a href="${domainHref(d)}/records">${t('records.link')}</a></p>
${o.settings}
<p><a href="/panel/domains">${t('domain.back')}</a></p>`);
}
