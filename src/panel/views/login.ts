import { html, type SafeHtml } from '../html.js';
import { csrfField, errorSummary, layout, textField, type FormErrors, type PageContext } from '../layout.js';

/** The one login form: the account kind is found by what is typed (see routes/auth.ts). */
export function loginPage(c: PageContext, o: { csrf: string; username?: string; errors?: FormErrors; notice?: string }): SafeHtml {
  const errors = o.errors ?? {};
  return layout(c, c.t('login.title'), html`
${errorSummary(c.t, errors)}
${o.notice && html`<p class="notice" role="status">${o.notice}</p>`}
<p>${c.t('login.intro')}</p>
<form method="post" action="/panel/login" novalidate>
${csrfField(o.csrf)}
${textField({ name: 'username', label: c.t('login.username'), value: o.username, error: errors.username, autocomplete: 'username' })}
${textField({ name: 'password', label: c.t('login.password'), type: 'password', error: errors.password, autocomplete: 'current-password' })}
<button type="submit">${c.t('login.submit')}</button>
</form>
<p><a href="/panel/password-reset">${c.t('login.forgot')}</a></p>`);
}
