import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, textField, type FormErrors, type PageContext } from '../layout.js';
import type { Domain } from '../../ports/store.js';
import type { MessageKey } from '../i18n/en.js';

/** What a change that succeeded says on the domain page it redirects to (`?saved=`). */
export const SAVED_NOTICES = {
  nameservers: 'settings.saved.nameservers',
  park: 'settings.saved.park',
  unpark: 'settings.saved.unpark',
  renewOn: 'settings.saved.renewOn',
  renewOff: 'settings.saved.renewOff',
} as const satisfies Record<string, MessageKey>;
export type SavedNotice = keyof typeof SAVED_NOTICES;

/** The domain page's settings: what is shown, and the refused form's values and messages. */
export interface DomainSettings {
  domain: Domain;
  /** The name server fields' values, in order; as many fields as there are values. */
  nameserverFields: string[];
  /** The client API's maximum (the form shows a link to that many fields when it shows fewer). */
  maxNameservers: number;
  minNameservers: number;
  parked: boolean;
  parkNameservers: string[];
  ourNameservers: string[];
  /** Auto-renew as the form shows it: the domain's, or what a refused form sent. */
  renew: boolean | undefined;
  /** Keyed by the id of the field (or button) a message belongs to; see routes/domain-settings.ts. */
  errors: FormErrors;
  saved?: SavedNotice;
}

export const domainPath = (d: Pick<Domain, 'fqdn'>): string => `/panel/domains/${encodeURIComponent(d.fqdn)}`;

/** A message next to a button or a group of fields (textField has its own). */
const message = (id: string, text: string | undefined): SafeHtml | false => !!text && html`<p class="message" id="${id}-error">${text}</p>`;

function nameserverForm(c: PageContext, s: DomainSettings): SafeHtml {
  const { t } = c;
  const action = `${domainPath(s.domain)}/nameservers`;
  const groupError = s.errors.nameservers;
  return html`<section aria-labelledby="nameservers-title">
<h2 id="nameservers-title">${t('settings.ns.title')}</h2>
<form method="post" action="${action}" novalidate>
${csrfField(c.csrf)}
<fieldset id="nameservers" class="field${groupError ? ' invalid' : ''}"${groupError ? html` aria-describedby="nameservers-error"` : ''}>
<legend>${t('settings.ns.legend')}</legend>
<p class="hint">${t('settings.ns.hint', { min: s.minNameservers, max: s.maxNameservers })}</p>
${message('nameservers', groupError)}
${s.nameserverFields.map((value, i) => textField({ name: `ns-${i + 1}`, label: t('settings.ns.label', { n: i + 1 }), value, error: s.errors[`ns-${i + 1}`], autocomplete: 'off' }))}
</fieldset>
${s.nameserverFields.length < s.maxNameservers && html`<p><a href="${domainPath(s.domain)}?fields=all#nameservers-title">${t('settings.ns.more', { max: s.maxNameservers })}</a></p>`}
<button type="submit">${t('settings.ns.submit')}</button>
</form>
</section>`;
}

function parkingForm(c: PageContext, s: DomainSettings): SafeHtml {
  const { t } = c;
  const [action, intro, submit] = s.parked
    ? ['unpark', t('settings.park.parked', { servers: s.ourNameservers.join(', ') }), t('settings.unpark.submit')]
    : ['park', t('settings.park.intro', { servers: s.parkNameservers.join(', ') }), t('settings.park.submit')];
  // One id for the button, park or unpark, so that a refusal of either is shown at the button the page has.
  const error = s.errors.parking;
  return html`<section aria-labelledby="parking-title">
<h2 id="parking-title">${t('settings.park.title')}</h2>
<p>${intro}</p>
<form method="post" action="${domainPath(s.domain)}/${action}">
${csrfField(c.csrf)}
<div class="field${error ? ' invalid' : ''}">
${message('parking', error)}
<button type="submit" id="parking"${error ? html` aria-describedby="parking-error"` : ''}>${submit}</button>
</div>
</form>
</section>`;
}

/** Radios in GOV.UK's manner: the first carries the field's id, so the error summary's link lands on it. */
function renewForm(c: PageContext, s: DomainSettings): SafeHtml {
  const { t } = c;
  const error = s.errors.renew;
  const radio = (id: string, value: '1' | '0', label: string, checked: boolean) =>
    html`<div class="radio"><input type="radio" id="${id}" name="renew" value="${value}"${checked ? ' checked' : ''}><label for="${id}">${label}</label></div>`;
  return html`<section aria-labelledby="renew-title">
<h2 id="renew-title">${t('settings.renew.title')}</h2>
<form method="post" action="${domainPath(s.domain)}/renew" novalidate>
${csrfField(c.csrf)}
<fieldset class="field${error ? ' invalid' : ''}"${error ? html` aria-describedby="renew-error"` : ''}>
<legend>${t('settings.renew.legend')}</legend>
${message('renew', error)}
${radio('renew', '1', t('settings.renew.on'), s.renew === true)}
${radio('renew-off', '0', t('settings.renew.off'), s.renew === false)}
</fieldset>
<button type="submit">${t('settings.renew.submit')}</button>
</form>
</section>`;
}

function authCodeForm(c: PageContext, s: DomainSettings): SafeHtml {
  const { t } = c;
  const error = s.errors.authcode;
  return html`<section aria-labelledby="authcode-title">
<h2 id="authcode-title">${t('settings.authcode.title')}</h2>
<p>${t('settings.authcode.intro')}</p>
<form method="post" action="${domainPath(s.domain)}/authcode">
${csrfField(c.csrf)}
<div class="field${error ? ' invalid' : ''}">
${message('authcode', error)}
<button type="submit" id="authcode"${error ? html` aria-describedby="authcode-error"` : ''}>${t('settings.authcode.submit')}</button>
</div>
</form>
</section>`;
}

/**
 * The forms of the domain page (name servers, parking, auto-renew, auth code), with the notice of
 * the change just made or the summary of what a refused one was refused for, above them.
 */
export function domainSettingsSection(c: PageContext, s: DomainSettings): SafeHtml {
  return html`${s.saved && html`<p class="notice" role="status">${c.t(SAVED_NOTICES[s.saved])}</p>`}
${errorSummary(c.t, s.errors)}
${nameserverForm(c, s)}
${parkingForm(c, s)}
${renewForm(c, s)}
${authCodeForm(c, s)}`;
}

/**
 * The auth code, on a page of its own, in answer to a POST: never in a URL, a history entry that
 * reloads it, or a cache (every panel page is `no-store`).
 */
export function authCodePage(c: PageContext, o: { domain: Domain; code: string }): SafeHtml {
  const { t } = c;
  const name = o.domain.fqdn_unicode;
  return layout(c, t('authcode.title', { name }), html`
<p>${t('authcode.lead', { name })}</p>
<p class="secret"><code>${o.code}</code></p>
<p>${t('authcode.note')}</p>
<p><a href="${domainPath(o.domain)}">${t('authcode.back', { name })}</a></p>`);
}
