import { html, type SafeHtml } from '../html.js';
import { layout, paging, type PageContext } from '../layout.js';
import type { ClientView } from '../../core/partners/clients/client-view.js';
import type { PartnerDomainView } from '../../core/partners/domains/list-partner-domains.js';
import type { PartnerDomainDetails } from '../../core/partners/domains/show-partner-domain.js';
import type { Translator } from '../i18n/index.js';
import { formatDate, formatStatus } from './format.js';

export const clientHref = (id: number): string => `/panel/clients/${id}`;
export const partnerDomainHref = (fqdn: string): string => `/panel/partner/domains/${encodeURIComponent(fqdn)}`;

/** What a client is called: its contact's name, else its company, else its e-mail address, else its number. */
const clientName = (t: Translator, { user, contact }: ClientView): string =>
  `${contact.first_name} ${contact.last_name}`.trim() || contact.company_name || contact.email || user.email || t('partner.client.untitled', { id: user.id });

/** The partner's start page: its clients, a page at a time, each a link to its page. */
export function partnerStartPage(c: PageContext, o: { clients: ClientView[]; page: number; pages: number }): SafeHtml {
  const { t } = c;
  return layout(c, t('partner.start.title'), html`
<p><a href="/panel/clients/new">${t('clients.add')}</a></p>
${o.clients.length
    ? html`<table><thead><tr><th scope="col">${t('partner.client.id')}</th><th scope="col">${t('partner.client.name')}</th><th scope="col">${t('partner.client.company')}</th><th scope="col">${t('partner.client.email')}</th></tr></thead>
<tbody>${o.clients.map((v) => html`<tr><td>${v.user.id}</td><td><a href="${clientHref(v.user.id)}">${clientName(t, v)}</a></td><td>${v.contact.company_name}</td><td>${v.contact.email || v.user.email}</td></tr>`)}</tbody></table>`
    : html`<p>${t('partner.start.none')}</p>`}
${paging(t, o.page, o.pages, (page) => `/panel?page=${page}`)}`);
}

/** One client: its details and its domains, a page at a time. */
export function clientPage(c: PageContext, o: { client: ClientView; domains: PartnerDomainView[]; total: number; page: number; pages: number }): SafeHtml {
  const { t } = c;
  const { user, contact } = o.client;
  const address = [contact.address, contact.address2, `${contact.zip_code} ${contact.city}`.trim(), contact.country].filter(Boolean).join(', ');
  return layout(c, clientName(t, o.client), html`
<h2>${t('partner.client.details')}</h2>
<dl>
<dt>${t('partner.client.id')}</dt><dd>${user.id}</dd>
<dt>${t('partner.client.company')}</dt><dd>${contact.company_name || '–'}</dd>
<dt>${t('partner.client.email')}</dt><dd>${contact.email || user.email || '–'}</dd>
<dt>${t('partner.client.phone')}</dt><dd>${contact.phone || '–'}</dd>
<dt>${t('partner.client.address')}</dt><dd>${address || '–'}</dd>
<dt>${t('partner.client.type')}</dt><dd>${user.client_type ?? '–'}</dd>
</dl>
<h2>${t('partner.client.domains')}</h2>
${o.domains.length
    ? html`<p role="status">${t('domains.count', { total: o.total })}</p>
<table><thead><tr><th scope="col">${t('domain.name')}</th><th scope="col">${t('domain.status')}</th><th scope="col">${t('domain.expires')}</th></tr></thead>
<tbody>${o.domains.map(({ domain, standing }) => html`<tr><td><a href="${partnerDomainHref(domain.fqdn)}">${domain.fqdn_unicode}</a></td><td>${formatStatus(t, standing.state)}</td><td>${formatDate(t, domain.exp_date)}</td></tr>`)}</tbody></table>`
    : html`<p>${t('partner.client.noDomains')}</p>`}
${paging(t, o.page, o.pages, (page) => `${clientHref(user.id)}?page=${page}`)}
<p><a href="/panel">${t('partner.client.back')}</a></p>`);
}

/** One of the partner's domains (its own or a client's): where it stands, its name servers, its DNS records. */
export function partnerDomainPage(c: PageContext, o: { details: PartnerDomainDetails }): SafeHtml {
  const { t } = c;
  const { domain: d, standing, nameservers, clientId } = o.details;
  return layout(c, d.fqdn_unicode, html`
<dl>
<dt>${t('partner.domain.client')}</dt><dd>${clientId === null ? t('partner.domain.own') : html`<a href="${clientHref(clientId)}">${clientId}</a>`}</dd>
<dt>${t('domain.status')}</dt><dd>${formatStatus(t, standing.state)}</dd>
<dt>${t('domain.registered')}</dt><dd>${formatDate(t, d.reg_date)}</dd>
<dt>${t('domain.expires')}</dt><dd>${formatDate(t, d.exp_date)}</dd>
<dt>${t('partner.domain.daysValid')}</dt><dd>${standing.daysValid}</dd>
<dt>${t('domain.autoRenew')}</dt><dd>${standing.autoRenew ? t('yes') : t('no')}</dd>
<dt>${t('domain.nameservers')}</dt><dd>${nameservers.length ? html`<ul>${nameservers.map((ns) => html`<li>${ns}</li>`)}</ul>` : t('domain.noNameservers')}</dd>
</dl>
<p><a href="${partnerDomainHref(d.fqdn)}/records">${t('records.link')}</a></p>
<p><a href="${clientId === null ? '/panel' : clientHref(clientId)}">${clientId === null ? t('partner.client.back') : t('partner.domain.backToClient')}</a></p>`);
}
