import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.js';
import { panelLogin } from '../../core/accounts/panel-login.js';
import { cookieOptions, type PanelDeps } from '../index.js';
import { createSession, endSession, LOGIN_CSRF_COOKIE, randomToken, SESSION_COOKIE } from '../session.js';
import { pageContext, sendPage, stateOf } from '../request-state.js';
import { loginPage } from '../views/login.js';
import { isLanguage } from '../i18n/index.js';
import type { FormErrors } from '../layout.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

type Form = Record<string, string | undefined>;

/** Only a path of the panel is a place to come back to (no open redirect to another site). */
const safeBack = (back: unknown): string =>
  typeof back === 'string' && /^\/panel(?:[/?]|$)/.test(back) && !back.includes('\\') ? back : '/panel';

/**
 * The CSRF token of a form shown before login (a double-submit cookie, LOGIN_CSRF_COOKIE), made and set
 * when the browser has none; the preHandler in index.ts compares a POST's field with the cookie.
 */
export function loginCsrf(request: FastifyRequest, reply: FastifyReply): string {
  let csrf = request.cookies[LOGIN_CSRF_COOKIE];
  if (!csrf || csrf.length > 100) {
    csrf = randomToken();
    reply.setCookie(LOGIN_CSRF_COOKIE, csrf, cookieOptions(request));
  }
  return csrf;
}

/** Login, logout and the language switch. */
export function authRoutes(app: FastifyInstance, { sessions }: PanelDeps): void {
  app.get('/login', async (request, reply) => {
    if (stateOf(request).account) return reply.redirect('/panel', 303);
    const csrf = loginCsrf(request, reply);
    const c = pageContext(request);
    const query = request.query as Form;
    const notice = query.out === '1' ? c.t('login.loggedOut') : query.reset === '1' ? c.t('login.passwordReset') : undefined;
    return sendPage(reply, 200, loginPage(c, { csrf, notice }));
  });

  app.post('/login', async (request, reply) => {
    const ctx = ctxOf(request);
    const body = request.body as Form;
    const c = pageContext(request);
    const { t } = c;
    const username = (body.username ?? '').trim();
    const password = body.password ?? '';
    const csrf = request.cookies[LOGIN_CSRF_COOKIE] ?? '';
    const errors: FormErrors = {};
    if (!username) errors.username = t('login.missingUsername');
    if (!password) errors.password = t('login.missingPassword');
    if (Object.keys(errors).length) return sendPage(reply, 400, loginPage(c, { csrf, username, errors }));
    let login;
    try {
      login = await panelLogin(ctx, { name: username, password, address: request.ip });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const code = err.code === 'rate_limited' ? 429 : err.code === 'overloaded' ? 503 : 401;
      if (err.retryAfter !== undefined) reply.header('Retry-After', String(err.retryAfter));
      const message = err.code === 'invalid_credentials' ? t('login.invalid') : t.core(err.message);
      return sendPage(reply, code, loginPage(c, { csrf, username, errors: { username: message } }));
    }
    // A new token at every login (an old session of this browser ends), so a token planted before
    // login is never the logged-in one.
    await endSession(ctx, stateOf(request).token);
    const id = login.kind === 'customer' ? login.user.id : login.person.id;
    const { token } = await createSession(ctx, login.kind, id, sessions);
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(request));
    reply.clearCookie(LOGIN_CSRF_COOKIE, cookieOptions(request));
    return reply.redirect('/panel', 303);
  });

  app.post('/logout', async (request, reply) => {
    const ctx = ctxOf(request);
    await endSession(ctx, stateOf(request).token);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
    return reply.redirect('/panel/login?out=1', 303);
  });

  app.get('/language', async (request, reply) => {
    const query = request.query as Form;
    if (isLanguage(query.lang)) reply.setCookie('lang', query.lang, cookieOptions(request, 365 * 86_400));
    return reply.redirect(safeBack(query.back), 303);
  });
}
