import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, type FormErrors, type PageContext } from '../layout.js';
import { inputField } from './form-fields.js';

/** The address form behind the login page's "Forgot your password?" (routes/password-reset.ts). */
export function passwordResetRequestPage(c: PageContext, o: { csrf: string; minutes: number; email?: string; errors?: FormErrors; notice?: string }): SafeHtml {
  const errors = o.errors ?? {};
  return layout(c, c.t('reset.title'), html`
${errorSummary(c.t, errors)}
${o.notice && html`<p class="notice" role="status">${o.notice}</p>`}
<p>${c.t('reset.intro', { minutes: o.minutes })}</p>
<form method="post" action="/panel/password-reset" novalidate>
${csrfField(o.csrf)}
${inputField({ name: 'email', label: c.t('reset.email'), type: 'email', value: o.email, error: errors.email, autocomplete: 'email', spellcheck: false })}
<button type="submit">${c.t('reset.submit')}</button>
</form>
<p><a href="/panel/login">${c.t('login.title')}</a></p>`);
}

/**
 * The reset link's page: the new password twice. The token travels only in the hidden field (the
 * form posts to the path without it); a refused token has no field to sit beside, so its message is
 * the block the error summary links to, with the way to a new link.
 */
export function passwordResetNewPage(c: PageContext, o: { csrf: string; token: string; errors?: FormErrors }): SafeHtml {
  const errors = o.errors ?? {};
  if (o.token === '') {
    return layout(c, c.t('reset.newTitle'), html`
<p>${c.t('reset.noToken')}</p>
<p><a href="/panel/password-reset">${c.t('reset.askAgain')}</a></p>`);
  }
  return layout(c, c.t('reset.newTitle'), html`
${errorSummary(c.t, errors)}
${errors.token && html`<div class="field invalid" id="token" tabindex="-1"><p class="message">${errors.token}</p>
<p><a href="/panel/password-reset">${c.t('reset.askAgain')}</a></p></div>`}
<p>${c.t('reset.newIntro')}</p>
<form method="post" action="/panel/password-reset/new" novalidate>
${csrfField(o.csrf)}
<input type="hidden" name="token" value="${o.token}">
${inputField({ name: 'password', label: c.t('reset.password'), type: 'password', hint: c.t('reset.passwordHint'), error: errors.password, autocomplete: 'new-password' })}
${inputField({ name: 'password2', label: c.t('reset.password2'), type: 'password', error: errors.password2, autocomplete: 'new-password' })}
<button type="submit">${c.t('reset.newSubmit')}</button>
</form>`);
}
