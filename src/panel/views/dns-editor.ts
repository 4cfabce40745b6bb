import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, paging, type FormErrors, type PageContext } from '../layout.js';
import type { MessageKey } from '../i18n/en.js';
import type { Translator } from '../i18n/index.js';
import type { DnsRecord, Zone } from '../../ports/store.js';
import { nameToHost } from '../../core/dns/record-name.js';
import { extraFieldValue, RECORD_TYPES } from '../../core/dns/record-types.js';
import { PARTNER_RECORD_TYPES } from '../../core/partners/records/partner-record-types.js';
import { presentRecord } from '../../core/partners/records/record-presentation.js';

/**
 * The DNS editor's pages: a zone's records (paged, searchable), the type chooser, one form per record
 * type, and the delete confirmation. No script: choosing a type is a GET that shows that type's form.
 * One set of pages serves the customer's editor and the partner's: an `EditorView` says which types
 * are offered, which fields each type's form has (the dialect's own: the client API's host, content
 * and extra fields; the partner API's record_name, record_data and priority) and how a record is shown.
 */

/** A form field of the editor, named as the dialect's core names it (so its messages land beside it). */
export interface EditorField {
  name: string;
  label: string;
  hint?: string;
  multiline?: boolean;
  numeric?: boolean;
}

/** A record as a list row and the delete page show it. */
export interface ShownRecord {
  host: string;
  content: string;
  /** The record's own fields besides its content (an MX's preference), as text; '' when none. */
  more: string;
}

/** What the editor's pages are drawn from, besides the data: one per dialect, for one domain. */
export interface EditorView {
  /** The records page of the domain; the forms are under it. */
  href: string;
  /** The domain's own page. */
  domainHref: string;
  /** The types offered, in the dialect's order. */
  types: readonly string[];
  /** The form's fields for `type`, in order; `editing` for an existing record. */
  fields(t: Translator, type: string, editing: boolean): EditorField[];
  show(t: Translator, zone: Zone, record: DnsRecord): ShownRecord;
}

/** What a record form holds, as typed (strings), by field name. */
export type RecordForm = Partial<Record<string, string>>;

const recordHref = (e: EditorView, id: number): string => `${e.href}/${id}`;

const contentKey = (type: string) => `records.content.${type}` as MessageKey;
const aboutKey = (type: string) => `records.about.${type}` as MessageKey;

/** A field with a hint and its message; the message and hint describe the input for screen readers. */
function field(o: EditorField & { value?: string; error?: string }): SafeHtml {
  const hintId = `${o.name}-hint`;
  const messageId = `${o.name}-error`;
  const describedBy = [o.hint ? hintId : '', o.error ? messageId : ''].filter(Boolean).join(' ');
  const attrs = html`id="${o.name}" name="${o.name}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${o.error ? html` aria-invalid="true"` : ''}`;
  return html`<div class="field${o.error ? ' invalid' : ''}">
<label for="${o.name}">${o.label}</label>
${o.hint && html`<p class="hint" id="${hintId}">${o.hint}</p>`}
${o.error && html`<p class="message" id="${messageId}">${o.error}</p>`}
${o.multiline
    ? html`<textarea ${attrs} rows="4" spellcheck="false">${o.value ?? ''}</textarea>`
    : html`<input type="text" ${attrs} value="${o.value ?? ''}" spellcheck="false" autocapitalize="none"${o.numeric ? html` inputmode="numeric"` : ''}>`}
</div>`;
}

/** The client API's types, in its order: the customer's editor offers exactly these. */
export const EDITOR_TYPES = Object.keys(RECORD_TYPES);

/** The customer's editor: the client API's types and fields (host, content, the type's own, TTL). */
export function customerEditor(domain: string): EditorView {
  return {
    href: `/panel/domains/${encodeURIComponent(domain)}/records`,
    domainHref: `/panel/domains/${encodeURIComponent(domain)}`,
    types: EDITOR_TYPES,
    fields: (t, type, editing) => [
      { name: 'host', label: t('records.host'), hint: t('records.hint.host', { domain }) },
      { name: 'content', label: t(contentKey(type)), multiline: type === 'TXT' },
      ...(RECORD_TYPES[type]?.fields ?? []).map((f) => ({
        name: f,
        label: t(`records.field.${f}` as MessageKey),
        hint: t(`records.hint.${f}` as MessageKey),
        numeric: f !== 'service' && f !== 'proto',
      })),
      { name: 'ttl', label: t('records.ttl'), hint: editing ? t('records.hint.ttlEdit') : t('records.hint.ttl'), numeric: true },
    ],
    show: (t, zone, r) => ({ host: nameToHost(zone.name, r.name), content: r.content, more: extras(t, r) }),
  };
}

/** The record's own fields (MX's preference, SRV's service, protocol, priority, weight, port) as text. */
function extras(t: Translator, r: DnsRecord): string {
  return (RECORD_TYPES[r.type]?.fields ?? [])
    .map((f) => [f, extraFieldValue(r, f)] as const)
    .filter(([, v]) => v !== null)
    .map(([f, v]) => `${t(`records.field.${f}` as MessageKey)} ${v}`)
    .join(', ');
}

/** The partner API's types, but its SOA (the zone row, not a record: the editor lists records). */
export const PARTNER_EDITOR_TYPES = Object.keys(PARTNER_RECORD_TYPES);
/** The types whose priority the partner API keeps (MX's preference, SRV's priority); others ignore it. */
export const PARTNER_PRIORITY_TYPES = ['MX', 'SRV'];

/**
 * The partner's editor: the partner API's types and its fields, in its presentation format (one
 * record_name, one record_data as a zone file writes it, a priority for MX and SRV, a fallback_ip for
 * A). It has no TTL: the partner API adds a record with the zone's default and an edit keeps it.
 */
export function partnerEditor(domain: string): EditorView {
  return {
    href: `/panel/partner/domains/${encodeURIComponent(domain)}/records`,
    domainHref: `/panel/partner/domains/${encodeURIComponent(domain)}`,
    types: PARTNER_EDITOR_TYPES,
    fields: (t, type) => [
      { name: 'record_name', label: t('records.host'), hint: type === 'SRV' ? t('records.partner.hint.srvName', { domain }) : t('records.hint.host', { domain }) },
      {
        name: 'record_data',
        label: type === 'SRV' ? t('records.partner.srvData') : t(contentKey(type)),
        ...(PARTNER_DATA_HINTS[type] ? { hint: t(PARTNER_DATA_HINTS[type]) } : {}),
        multiline: type === 'TXT',
      },
      ...(PARTNER_PRIORITY_TYPES.includes(type)
        ? [{ name: 'priority', label: t('records.field.priority'), hint: t('records.hint.priority'), numeric: true }]
        : []),
      ...(type === 'A' ? [{ name: 'fallback_ip', label: t('records.field.fallback_ip'), hint: t('records.hint.fallback_ip') }] : []),
    ],
    show: (t, zone, r) => {
      const shown = presentRecord(r);
      const more = [
        ...(PARTNER_PRIORITY_TYPES.includes(r.type) ? [`${t('records.field.priority')} ${shown.priority}`] : []),
        ...(r.fallback_ip ? [`${t('records.field.fallback_ip')} ${r.fallback_ip}`] : []),
      ];
      return { host: nameToHost(zone.name, shown.name), content: shown.data, more: more.join(', ') };
    },
  };
}

/** The partner's record_data written as a zone file writes it: the types whose format needs saying. */
const PARTNER_DATA_HINTS: Partial<Record<string, MessageKey>> = {
  SRV: 'records.partner.hint.SRV',
  CAA: 'records.partner.hint.CAA',
  DS: 'records.partner.hint.DS',
  LUA: 'records.partner.hint.LUA',
};

/** The type chooser: a GET form, so that the chosen type's form is a page of its own. */
function typeChooser(c: PageContext, e: EditorView, o: { selected?: string; error?: string } = {}): SafeHtml {
  const { t } = c;
  return html`<form method="get" action="${e.href}/new" class="search">
<div class="field${o.error ? ' invalid' : ''}">
<label for="type">${t('records.chooseType')}</label>
${o.error && html`<p class="message" id="type-error">${o.error}</p>`}
<select id="type" name="type"${o.error ? html` aria-invalid="true" aria-describedby="type-error"` : ''}>
${e.types.map((type) => html`<option value="${type}"${type === o.selected ? ' selected' : ''}>${t(aboutKey(type))}</option>`)}
</select></div>
<button type="submit">${t('records.chooseSubmit')}</button>
</form>`;
}

/** The zone's records, one page of them, with the search and the way to add one. */
export function recordsPage(
  c: PageContext,
  e: EditorView,
  o: { domain: string; records: DnsRecord[]; zone: Zone; total: number; q: string; page: number; pages: number; notice?: string },
): SafeHtml {
  const { t } = c;
  const href = (page: number) => `${e.href}?${new URLSearchParams({ ...(o.q ? { q: o.q } : {}), page: String(page) })}`;
  return layout(c, t('records.title', { domain: o.domain }), html`
${o.notice && html`<p class="notice" role="status">${o.notice}</p>`}
<p><a href="${e.domainHref}">${t('records.back', { domain: o.domain })}</a></p>
<h2>${t('records.add')}</h2>
${typeChooser(c, e)}
<h2>${t('records.link')}</h2>
<form method="get" action="${e.href}" class="search" role="search">
<div class="field"><label for="q">${t('records.search')}</label><input type="search" id="q" name="q" value="${o.q}"></div>
<button type="submit">${t('records.searchSubmit')}</button>
</form>
${o.records.length
    ? html`<p role="status">${t('records.count', { total: o.total })}</p>
<table class="records">
<thead><tr><th scope="col">${t('records.host')}</th><th scope="col">${t('records.type')}</th><th scope="col">${t('records.content')}</th><th scope="col">${t('records.ttl')}</th><th scope="col"><span class="vh">${t('records.actions')}</span></th></tr></thead>
<tbody>${o.records.map((r) => {
      const { host, content, more } = e.show(t, o.zone, r);
      return html`<tr><td>${host}</td><td>${r.type}</td><td>${content}${more && html`<br><small>${more}</small>`}</td><td>${r.ttl}</td>
<td><a href="${recordHref(e, r.id)}/edit">${t('records.edit')}<span class="vh"> ${host} ${r.type}</span></a>
<a href="${recordHref(e, r.id)}/delete">${t('records.delete')}<span class="vh"> ${host} ${r.type}</span></a></td></tr>`;
    })}</tbody>
</table>`
    : html`<p role="status">${o.q ? t('records.noMatch', { q: o.q }) : t('records.none')}</p>`}
${paging(t, o.page, o.pages, href)}`);
}

/** The add page before a type is chosen (or with a type the dialect does not take). */
export function chooseTypePage(c: PageContext, e: EditorView, o: { selected?: string; error?: string } = {}): SafeHtml {
  const { t } = c;
  return layout(c, t('records.add'), html`
${errorSummary(t, o.error ? { type: o.error } : {})}
${typeChooser(c, e, o)}
<p><a href="${e.href}">${t('records.backToList')}</a></p>`);
}

/**
 * One type's form, to add a record or to edit one (`id`); the type travels in a hidden field. A message
 * about the type (editing a record of a type the dialect does not take: the client API's URL through
 * the partner's editor) stands at the top of the form, where the summary's link leads.
 */
export function recordFormPage(
  c: PageContext,
  e: EditorView,
  o: { domain: string; type: string; id?: number; form: RecordForm; errors?: FormErrors },
): SafeHtml {
  const { t } = c;
  const errors = o.errors ?? {};
  const editing = o.id !== undefined;
  const title = editing ? t('records.editTitle', { type: o.type, domain: o.domain }) : t('records.newTitle', { type: o.type, domain: o.domain });
  const action = o.id === undefined ? `${e.href}/new` : `${recordHref(e, o.id)}/edit`;
  return layout(c, title, html`
${errorSummary(t, errors)}
<form method="post" action="${action}" novalidate>
${csrfField(c.csrf)}
<input type="hidden" name="type" value="${o.type}">
${errors.type && html`<p class="message" id="type" tabindex="-1">${errors.type}</p>`}
${e.fields(t, o.type, editing).map((f) => field({ ...f, value: o.form[f.name], error: errors[f.name] }))}
<button type="submit">${editing ? t('records.save') : t('records.create')}</button>
</form>
<p><a href="${e.href}">${t('records.cancel')}</a></p>`);
}

/** "Delete this record?", with the record shown; the deletion is this page's POST. */
export function deleteRecordPage(c: PageContext, e: EditorView, o: { domain: string; zone: Zone; record: DnsRecord; error?: string }): SafeHtml {
  const { t } = c;
  const r = o.record;
  const { host, content, more } = e.show(t, o.zone, r);
  return layout(c, t('records.deleteTitle', { type: r.type, domain: o.domain }), html`
${errorSummary(t, o.error ? { delete: o.error } : {})}
<dl>
<dt>${t('records.host')}</dt><dd>${host}</dd>
<dt>${t('records.type')}</dt><dd>${r.type}</dd>
<dt>${t('records.content')}</dt><dd>${content}${more && html`<br>${more}`}</dd>
<dt>${t('records.ttl')}</dt><dd>${r.ttl}</dd>
</dl>
<p>${t('records.deleteWarning')}</p>
<form method="post" action="${recordHref(e, r.id)}/delete">
${csrfField(c.csrf)}
<button type="submit" id="delete" class="warning">${t('records.deleteSubmit')}</button>
</form>
<p><a href="${e.href}">${t('records.cancel')}</a></p>`);
}
