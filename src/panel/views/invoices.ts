import { html, type SafeHtml } from '../html.js';
import { layout, paging, type PageContext } from '../layout.js';
import type { Translator } from '../i18n/index.js';
import type { Invoice } from '../../ports/store.js';
import type { InvoiceDocument } from '../../documents/invoice-document.js';
import { formatCreditorReference, formatReferenceNumber } from '../../core/billing/reference-number.js';
import { formatDate, formatMoney } from './format.js';

export const invoiceHref = (id: number): string => `/panel/invoices/${id}`;
export const invoicePdfHref = (id: number): string => `/panel/invoices/${id}/pdf`;

/** A VAT rate in basis points as the language writes it (25,5 % / 25.5%), as the PDF prints it. */
function formatRate(t: Translator, bp: number): string {
  const percent = String(bp / 100);
  return t.lang === 'fi' ? `${percent.replace('.', ',')} %` : `${percent}%`;
}

/** Paid (on which day, when known) or unpaid. */
const status = (t: Translator, paid: boolean, datePaid: string | null): string =>
  paid ? (datePaid ? t('invoices.paidOn', { date: formatDate(t, datePaid) }) : t('invoices.paid')) : t('invoices.unpaid');

/**
 * The customer's invoices, one page of them (in the order the client API lists them). Dates and amounts
 * never wrap (one broken in two misreads); to keep five columns within 375 px the table's text is a
 * little smaller on a phone.
 */
export function invoicesPage(c: PageContext, o: { invoices: Invoice[]; total: number; page: number; pages: number }): SafeHtml {
  const { t } = c;
  return layout(c, t('invoices.title'), html`
${o.invoices.length
    ? html`<p role="status">${t('invoices.count', { total: o.total })}</p>
<table class="compact">
<thead><tr><th scope="col">${t('invoices.number')}</th><th scope="col">${t('invoices.date')}</th><th scope="col">${t('invoice.due')}</th><th scope="col" class="num">${t('invoice.total')}</th><th scope="col">${t('invoices.status')}</th></tr></thead>
<tbody>${o.invoices.map((i) => html`<tr><td><a href="${invoiceHref(i.id)}">${i.id}</a></td><td class="nowrap">${formatDate(t, i.date)}</td><td class="nowrap">${formatDate(t, i.due_date)}</td><td class="num">${formatMoney(t, i.total_cents)}</td><td>${i.paid === 1 ? t('invoices.paid') : t('invoices.unpaid')}</td></tr>`)}</tbody>
</table>`
    : html`<p role="status">${t('invoices.none')}</p>`}
${paging(t, o.page, o.pages, (page) => `/panel/invoices?page=${page}`)}`);
}

/**
 * One invoice, from the same document data the PDF is printed from (invoiceDocument): the page and
 * the PDF cannot disagree on a line's VAT or a total. Four columns, so that it reads at 375 px: the
 * quantity and unit price go under the description, the VAT rate under its amount.
 */
export function invoicePage(c: PageContext, d: InvoiceDocument, notice?: string): SafeHtml {
  const { t } = c;
  return layout(c, t('invoices.open', { number: d.number }), html`
${notice && html`<p class="notice" role="status">${notice}</p>`}
<dl>
<dt>${t('invoices.status')}</dt><dd>${status(t, d.paid, d.datePaid)}</dd>
<dt>${t('invoices.date')}</dt><dd>${formatDate(t, d.date)}</dd>
<dt>${t('invoice.due')}</dt><dd>${formatDate(t, d.dueDate)}</dd>
${d.period && html`<dt>${t('invoices.period')}</dt><dd>${d.period}</dd>`}
<dt>${t('invoice.ref')}</dt><dd>${formatReferenceNumber(d.reference)}</dd>
${d.creditorReference && html`<dt>${t('invoices.creditorRef')}</dt><dd>${formatCreditorReference(d.creditorReference)}</dd>`}
<dt>${t('invoice.total')}</dt><dd>${formatMoney(t, d.grossCents)}</dd>
</dl>
<p><a href="${invoicePdfHref(d.number)}" type="application/pdf">${t('invoices.pdf')}</a></p>
<table>
<caption>${t('invoices.caption')}</caption>
<thead><tr><th scope="col">${t('invoices.description')}</th><th scope="col" class="num">${t('invoices.net')}</th><th scope="col" class="num">${t('invoices.vat')}</th><th scope="col" class="num">${t('invoices.lineTotal')}</th></tr></thead>
<tbody>${d.lines.map((l) => html`<tr><td>${l.description}<br>${l.qty} × ${formatMoney(t, l.unitCents)}</td><td class="num">${formatMoney(t, l.netCents)}</td><td class="num">${formatMoney(t, l.vatCents)}<br>${formatRate(t, l.vatRateBp)}</td><td class="num">${formatMoney(t, l.grossCents)}</td></tr>`)}</tbody>
<tfoot>
<tr><th scope="row" colspan="3">${t('invoices.totalNet')}</th><td class="num">${formatMoney(t, d.netCents)}</td></tr>
${d.vatByRate.map((r) => html`<tr><th scope="row" colspan="3">${t('invoices.vatAt', { rate: formatRate(t, r.rateBp) })}</th><td class="num">${formatMoney(t, r.vatCents)}</td></tr>`)}
<tr><th scope="row" colspan="3">${t('invoices.totalDue')}</th><td class="num">${formatMoney(t, d.grossCents)}</td></tr>
</tfoot>
</table>
<p><a href="/panel/invoices">${t('invoices.back')}</a></p>`);
}
