import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, paging, type FormErrors, type PageContext } from '../layout.js';
import type { MessageKey } from '../i18n/en.js';
import type { DnsRecord, Zone } from '../../ports/store.js';
import { nameToHost } from '../../core/dns/record-name.js';
import { extraFieldValue, RECORD_TYPES, type ExtraField } from '../../core/dns/record-types.js';

/**
 * The DNS editor's pages: a zone's records (paged, searchable), the type chooser, one form per record
 * type (its fields are the core's rule for the type: RECORD_TYPES[type].fields), and the delete
 * confirmation. No script: choosing a type is a GET that shows that type's form.
 */

/** The types the client API takes, in its order: the editor offers exactly these. */
export const EDITOR_TYPES = Object.keys(RECORD_TYPES);

/** What a record form holds, as typed (strings), by field name. */
export type RecordForm = Partial<Record<'host' | 'content' | 'ttl' | ExtraField, string>>;

export const recordsHref = (domain: string): string => `/panel/domains/${encodeURIComponent(domain)}/records`;
const recordHref = (domain: string, id: number): string => `${recordsHref(domain)}/${id}`;

const contentKey = (type: string) => `records.content.${type}` as MessageKey;
const aboutKey = (type: string) => `records.about.${type}` as MessageKey;

/** A field with a hint and its message; the message and hint describe the input for screen readers. */
function field(o: { name: string; label: string; hint?: string; value?: string; error?: string; multiline?: boolean; inputmode?: 'numeric' }): SafeHtml {
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
    : html`<input type="text" ${attrs} value="${o.value ?? ''}" spellcheck="false" autocapitalize="none"${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}>`}
</div>`;
}

/** The record's own fields (MX's preference, SRV's service, protocol, priority, weight, port) as text. */
function extras(c: PageContext, r: DnsRecord): string {
  return (RECORD_TYPES[r.type]?.fields ?? [])
    .map((f) => [f, extraFieldValue(r, f)] as const)
    .filter(([, v]) => v !== null)
    .map(([f, v]) => `${c.t(`records.field.${f}` as MessageKey)} ${v}`)
    .join(', ');
}

/** The type chooser: a GET form, so that the chosen type's form is a page of its own. */
function typeChooser(c: PageContext, domain: string, o: { selected?: string; error?: string } = {}): SafeHtml {
  const { t } = c;
  return html`<form method="get" action="${recordsHref(domain)}/new" class="search">
<div class="field${o.error ? ' invalid' : ''}">
<label for="type">${t('records.chooseType')}</label>
${o.error && html`<p class="message" id="type-error">${o.error}</p>`}
<select id="type" name="type"${o.error ? html` aria-invalid="true" aria-describedby="type-error"` : ''}>
${EDITOR_TYPES.map((type) => html`<option value="${type}"${type === o.selected ? ' selected' : ''}>${t(aboutKey(type))}</option>`)}
</select></div>
<button type="submit">${t('records.chooseSubmit')}</button>
</form>`;
}

/** The zone's records, one page of them, with the search and the way to add one. */
export function recordsPage(
  c: PageContext,
  o: { domain: string; records: DnsRecord[]; zone: Zone; total: number; q: string; page: number; pages: number; notice?: string },
): SafeHtml {
  const { t } = c;
  const href = (page: number) => `${recordsHref(o.domain)}?${new URLSearchParams({ ...(o.q ? { q: o.q } : {}), page: String(page) })}`;
  return layout(c, t('records.title', { domain: o.domain }), html`
${o.notice && html`<p class="notice" role="status">${o.notice}</p>`}
<p><a href="/panel/domains/${encodeURIComponent(o.domain)}">${t('records.back', { domain: o.domain })}</a></p>
<h2>${t('records.add')}</h2>
${typeChooser(c, o.domain)}
<h2>${t('records.link')}</h2>
<form method="get" action="${recordsHref(o.domain)}" class="search" role="search">
<div class="field"><label for="q">${t('records.search')}</label><input type="search" id="q" name="q" value="${o.q}"></div>
<button type="submit">${t('records.searchSubmit')}</button>
</form>
${o.records.length
    ? html`<p role="status">${t('records.count', { total: o.total })}</p>
<table class="records">
<thead><tr><th scope="col">${t('records.host')}</th><th scope="col">${t('records.type')}</th><th scope="col">${t('records.content')}</th><th scope="col">${t('records.ttl')}</th><th scope="col"><span class="vh">${t('records.actions')}</span></th></tr></thead>
<tbody>${o.records.map((r) => {
      const host = nameToHost(o.zone.name, r.name);
      const more = extras(c, r);
      return html`<tr><td>${host}</td><td>${r.type}</td><td>${r.content}${more && html`<br><small>${more}</small>`}</td><td>${r.ttl}</td>
<td><a href="${recordHref(o.domain, r.id)}/edit">${t('records.edit')}<span class="vh"> ${host} ${r.type}</span></a>
<a href="${recordHref(o.domain, r.id)}/delete">${t('records.delete')}<span class="vh"> ${host} ${r.type}</span></a></td></tr>`;
    })}</tbody>
</table>`
    : html`<p role="status">${o.q ? t('records.noMatch', { q: o.q }) : t('records.none')}</p>`}
${paging(t, o.page, o.pages, href)}`);
}

/** The add page before a type is chosen (or with a type the client API does not take). */
export function chooseTypePage(c: PageContext, o: { domain: string; selected?: string; error?: string }): SafeHtml {
  const { t } = c;
  return layout(c, t('records.add'), html`
${errorSummary(t, o.error ? { type: o.error } : {})}
${typeChooser(c, o.domain, o)}
<p><a href="${recordsHref(o.domain)}">${t('records.backToList')}</a></p>`);
}

/** One type's form, to add a record or to edit one (`id`); the type travels in a hidden field. */
export function recordFormPage(
  c: PageContext,
  o: { domain: string; type: string; id?: number; form: RecordForm; errors?: FormErrors },
): SafeHtml {
  const { t } = c;
  const errors = o.errors ?? {};
  const title = o.id === undefined ? t('records.newTitle', { type: o.type, domain: o.domain }) : t('records.editTitle', { type: o.type, domain: o.domain });
  const action = o.id === undefined ? `${recordsHref(o.domain)}/new` : `${recordHref(o.domain, o.id)}/edit`;
  const fields = RECORD_TYPES[o.type]?.fields ?? [];
  return layout(c, title, html`
${errorSummary(t, errors)}
<form method="post" action="${action}" novalidate>
${csrfField(c.csrf)}
<input type="hidden" name="type" value="${o.type}">
${field({ name: 'host', label: t('records.host'), hint: t('records.hint.host', { domain: o.domain }), value: o.form.host, error: errors.host })}
${field({ name: 'content', label: t(contentKey(o.type)), value: o.form.content, error: errors.content, multiline: o.type === 'TXT' })}
${fields.map((f) => field({
    name: f,
    label: t(`records.field.${f}` as MessageKey),
    hint: t(`records.hint.${f}` as MessageKey),
    value: o.form[f],
    error: errors[f],
    ...(f === 'service' || f === 'proto' ? {} : { inputmode: 'numeric' as const }),
  }))}
${field({ name: 'ttl', label: t('records.ttl'), hint: o.id === undefined ? t('records.hint.ttl') : t('records.hint.ttlEdit'), value: o.form.ttl, error: errors.ttl, inputmode: 'numeric' })}
<button type="submit">${o.id === undefined ? t('records.create') : t('records.save')}</button>
</form>
<p><a href="${recordsHref(o.domain)}">${t('records.cancel')}</a></p>`);
}

/** "Delete this record?", with the record shown; the deletion is this page's POST. */
export function deleteRecordPage(c: PageContext, o: { domain: string; zone: Zone; record: DnsRecord; error?: string }): SafeHtml {
  const { t } = c;
  const r = o.record;
  const more = extras(c, r);
  return layout(c, t('records.deleteTitle', { type: r.type, domain: o.domain }), html`
${errorSummary(t, o.error ? { delete: o.error } : {})}
<dl>
<dt>${t('records.host')}</dt><dd>${nameToHost(o.zone.name, r.name)}</dd>
<dt>${t('records.type')}</dt><dd>${r.type}</dd>
<dt>${t('records.content')}</dt><dd>${r.content}${more && html`<br>${more}`}</dd>
<dt>${t('records.ttl')}</dt><dd>${r.ttl}</dd>
</dl>
<p>${t('records.deleteWarning')}</p>
<form method="post" action="${recordHref(o.domain, r.id)}/delete">
${csrfField(c.csrf)}
<button type="submit" id="delete" class="warning">${t('records.deleteSubmit')}</button>
</form>
<p><a href="${recordsHref(o.domain)}">${t('records.cancel')}</a></p>`);
}
