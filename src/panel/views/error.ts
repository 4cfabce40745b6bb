import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../layout.js';
import type { MessageKey } from '../i18n/en.js';

const KNOWN = new Set([400, 403, 404, 413, 415, 429, 500, 503]);

/** An error page: what went wrong in the page's language, and the way back. */
export function errorPage(c: PageContext, status: number, vars: Record<string, string | number> = {}): SafeHtml {
  const key = `error.${KNOWN.has(status) ? status : status >= 500 ? 500 : 400}` as MessageKey;
  return layout(c, c.t('error.title'), html`<p>${c.t(key, vars)}</p><p><a href="/panel">${c.t('error.home')}</a></p>`);
}
