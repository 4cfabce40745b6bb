import { html, type SafeHtml } from '../html.js';
import { layout, paging, type PageContext } from '../layout.js';
import type { ClientView } from '../../core/partners/clients/client-view.js';

/** The partner's start page: its clients, a page at a time. */
export function partnerStartPage(c: PageContext, o: { clients: ClientView[]; page: number; pages: number }): SafeHtml {
  const { t } = c;
  return layout(c, t('partner.start.title'), html`
<p><a href="/panel/clients/new">${t('clients.add')}</a></p>
${o.clients.length
    ? html`<table><thead><tr><th scope="col">${t('partner.client.id')}</th><th scope="col">${t('partner.client.name')}</th><th scope="col">${t('partner.client.company')}</th><th scope="col">${t('partner.client.email')}</th></tr></thead>
<tbody>${o.clients.map(({ user, contact }) => html`<tr><td>${user.id}</td><td>${`${contact.first_name} ${contact.last_name}`.trim()}</td><td>${contact.company_name}</td><td>${contact.email || user.email}</td></tr>`)}</tbody></table>`
    : html`<p>${t('partner.start.none')}</p>`}
${paging(t, o.page, o.pages, (page) => `/panel?page=${page}`)}`);
}
