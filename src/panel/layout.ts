import { html, type HtmlValue, type SafeHtml } from './html.js';
import type { Translator } from './i18n/index.js';
import type { PanelAccount } from './session.js';

/** What every page is drawn with: the language, who is logged in, and where the page is. */
export interface PageContext {
  t: Translator;
  account?: PanelAccount;
  /** The session's CSRF token, for the page's POST forms (logout in the header). */
  csrf?: string;
  /** This page's path and query, for the language switch to come back to. */
  path: string;
}

/** The hidden field every POST form carries (checked in index.ts before any handler runs). */
export const csrfField = (token: string | undefined): SafeHtml => html`<input type="hidden" name="csrf" value="${token ?? ''}">`;

/** Per-field messages, as a form shows them: in the summary at the top and next to each field. */
export type FormErrors = Record<string, string>;

/** GOV.UK's error summary: a list of links to the fields in error, read first. */
export function errorSummary(t: Translator, errors: FormErrors): SafeHtml | false {
  const entries = Object.entries(errors);
  if (entries.length === 0) return false;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${t('errors.summary')}</h2>
<ul>${entries.map(([field, message]) => html`<li><a href="#${field}">${message}</a></li>`)}</ul>
</div>`;
}

/** A labelled input with its message, described by it for screen readers. */
export function textField(o: {
  name: string; label: string; value?: string; type?: 'text' | 'password' | 'search' | 'email'; error?: string; autocomplete?: string;
}): SafeHtml {
  const messageId = `${o.name}-error`;
  return html`<div class="field${o.error ? ' invalid' : ''}">
<label for="${o.name}">${o.label}</label>
${o.error && html`<p class="message" id="${messageId}">${o.error}</p>`}
<input type="${o.type ?? 'text'}" id="${o.name}" name="${o.name}" value="${o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.error ? html` aria-invalid="true" aria-describedby="${messageId}"` : ''}>
</div>`;
}

/** Previous/next links for a paged list; `href(page)` makes a page's link (1-based). */
export function paging(t: Translator, page: number, pages: number, href: (page: number) => string): SafeHtml | false {
  if (pages <= 1) return false;
  return html`<nav class="paging" aria-label="${t('paging.label')}"><p>${t('paging.of', { page, pages })}</p><ul>
${page > 1 && html`<li><a href="${href(page - 1)}" rel="prev">${t('paging.previous')}</a></li>`}
${page < pages && html`<li><a href="${href(page + 1)}" rel="next">${t('paging.next')}</a></li>`}
</ul></nav>`;
}

/** A link back to `path` in the other language (GET: it changes a preference, no data). */
function languageSwitch(c: PageContext): SafeHtml {
  const other = c.t.lang === 'en' ? 'fi' : 'en';
  const href = `/panel/language?lang=${other}&back=${encodeURIComponent(c.path)}`;
  return html`<a href="${href}" lang="${other}" hreflang="${other}">${c.t(`lang.${other}`)}</a>`;
}

function navigation(c: PageContext): HtmlValue {
  if (!c.account) return false;
  const links: Array<[string, string]> =
    c.account.kind === 'customer'
      ? [['/panel', c.t('nav.home')], ['/panel/domains', c.t('nav.domains')], ['/panel/order', c.t('nav.order')], ['/panel/services', c.t('nav.services')], ['/panel/contacts', c.t('nav.contacts')], ['/panel/invoices', c.t('nav.invoices')]]
      : [['/panel', c.t('nav.clients')], ['/panel/m365', c.t('nav.m365')], ['/panel/api-keys', c.t('nav.apiKeys')]];
  return html`<nav aria-label="${c.t('nav.main')}"><ul>
${links.map(([href, label]) => html`<li><a href="${href}"${href === c.path.split('?')[0] ? html` aria-current="page"` : ''}>${label}</a></li>`)}
<li><form method="post" action="/panel/logout">${csrfField(c.csrf)}<button type="submit" class="link-button">${c.t('nav.logout')}</button></form></li>
</ul></nav>`;
}

/** The whole document: one stylesheet, no script, the language on <html>. */
export function layout(c: PageContext, title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="${c.t.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${c.t('app.name')}</title>
<link rel="stylesheet" href="/panel/panel.css">
</head>
<body>
<a class="skip" href="#main">${c.t('nav.skip')}</a>
<header><div class="bar">
<span class="brand">${c.t('app.name')}</span>
${navigation(c)}
${languageSwitch(c)}
</div></header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}
