import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, type PageContext } from '../layout.js';
import type { ApiKey } from '../../ports/store/partners.js';
import { formatDate } from './format.js';

/**
 * A partner's API keys: the list (prefix and dates only: a key's value is never stored), the page
 * that shows a new key's value once, and the confirmation before revoking one.
 */

export const API_KEYS_PATH = '/panel/api-keys';
const revokePath = (key: Pick<ApiKey, 'prefix'>): string => `${API_KEYS_PATH}/${encodeURIComponent(key.prefix)}/revoke`;

export function apiKeysPage(c: PageContext, o: { keys: ApiKey[]; revoked?: boolean }): SafeHtml {
  const { t } = c;
  return layout(c, t('apiKeys.title'), html`
${o.revoked && html`<p class="notice" role="status">${t('apiKeys.revoked')}</p>`}
<p>${t('apiKeys.intro')}</p>
${o.keys.length
    ? html`<table class="compact"><thead><tr><th scope="col">${t('apiKeys.key')}</th><th scope="col">${t('apiKeys.created')}</th><th scope="col">${t('apiKeys.lastUsed')}</th><th scope="col">${t('apiKeys.state')}</th></tr></thead>
<tbody>${o.keys.map((key) => html`<tr><td><code>${key.prefix}</code></td><td class="nowrap">${formatDate(t, key.created_at)}</td><td class="nowrap">${key.last_used_at ? formatDate(t, key.last_used_at) : t('apiKeys.never')}</td>
<td>${key.revoked_at
      ? t('apiKeys.revokedOn', { date: formatDate(t, key.revoked_at) })
      : html`<span class="nowrap">${t('apiKeys.active')}</span><br><a href="${revokePath(key)}" class="nowrap">${t('apiKeys.revoke')}<span class="vh"> ${key.prefix}</span></a>`}</td></tr>`)}</tbody></table>`
    : html`<p>${t('apiKeys.none')}</p>`}
<form method="post" action="${API_KEYS_PATH}">
${csrfField(c.csrf)}
<button type="submit">${t('apiKeys.add')}</button>
</form>`);
}

/**
 * The new key's value, on the page answering the POST that made it: never in a URL, a cookie or a
 * cache (the route sends it no-store); reloading the page would make another key, not show this one.
 */
export function newApiKeyPage(c: PageContext, o: { value: string }): SafeHtml {
  const { t } = c;
  return layout(c, t('apiKeys.newTitle'), html`
<p>${t('apiKeys.newLead')}</p>
<p class="secret"><code>${o.value}</code></p>
<p>${t('apiKeys.newNote')}</p>
<p><a href="${API_KEYS_PATH}">${t('apiKeys.back')}</a></p>`);
}

export function revokeApiKeyPage(c: PageContext, o: { key: ApiKey; error?: string }): SafeHtml {
  const { t } = c;
  return layout(c, t('apiKeys.revokeTitle', { key: o.key.prefix }), html`
${errorSummary(t, o.error ? { revoke: o.error } : {})}
<dl>
<dt>${t('apiKeys.key')}</dt><dd><code>${o.key.prefix}</code></dd>
<dt>${t('apiKeys.created')}</dt><dd>${formatDate(t, o.key.created_at)}</dd>
<dt>${t('apiKeys.lastUsed')}</dt><dd>${o.key.last_used_at ? formatDate(t, o.key.last_used_at) : t('apiKeys.never')}</dd>
</dl>
<p>${t('apiKeys.revokeWarning')}</p>
<form method="post" action="${revokePath(o.key)}">
${csrfField(c.csrf)}
<button type="submit" id="revoke" class="warning">${t('apiKeys.revokeSubmit')}</button>
</form>
<p><a href="${API_KEYS_PATH}">${t('apiKeys.cancel')}</a></p>`);
}
