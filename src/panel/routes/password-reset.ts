import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.js';
import { confirmPasswordReset, requestPasswordReset, RESET_MINUTES } from '../../core/accounts/password-reset.js';
import type { FormErrors, PageContext } from '../layout.js';
import { formErrors } from '../form-errors.js';
import { pageContext, sendPage, stateOf } from '../request-state.js';
import { passwordResetNewPage, passwordResetRequestPage } from '../views/password-reset.js';
import { loginCsrf } from './auth.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

type Form = Record<string, string | undefined>;

/** The client API's limit on the address (its route's schema), so the panel refuses what it refuses. */
const EMAIL_MAX_LENGTH = 255;

/**
 * The CSRF token of these forms: the session's when someone is logged in (the preHandler expects it
 * then), else the login form's double-submit cookie, as these pages come before login.
 */
const csrfOf = (request: FastifyRequest, reply: FastifyReply): string =>
  stateOf(request).session?.csrf_token ?? loginCsrf(request, reply);

/**
 * The link page's context: the language switch comes back to the path without the query, so the token
 * is in no link of the page (it leaves only in the form's hidden field).
 */
const newPageContext = (request: FastifyRequest): PageContext => ({ ...pageContext(request), path: '/panel/password-reset/new' });

/**
 * The link's page sends only its origin as Referer (index.ts keeps a page's own policy): its URL holds
 * the token. Not `no-referrer`: a form on such a page is posted with `Origin: null` (Fetch, "serialize
 * a request origin"), which the panel refuses as not ours.
 */
const originOnly = (reply: FastifyReply): FastifyReply => reply.header('Referrer-Policy', 'strict-origin');

/**
 * The password reset for people: the client API's pair (requestPasswordReset, confirmPasswordReset)
 * behind two forms before login. The address form answers the same whatever the address (the core's
 * rule), and its requests are limited by the core as the API's are; the link mailed to the account
 * opens /panel/password-reset/new?token=..., whose form sets the new password. The two typings of the
 * password are compared here (a matter of the form; the core takes one password).
 */
export function passwordResetRoutes(app: FastifyInstance): void {
  app.get('/password-reset', async (request, reply) => {
    const csrf = csrfOf(request, reply);
    const c = { ...pageContext(request), path: '/panel/password-reset' };
    const notice = (request.query as Form).sent === '1' ? c.t('reset.sent', { minutes: RESET_MINUTES }) : undefined;
    return sendPage(reply, 200, passwordResetRequestPage(c, { csrf, minutes: RESET_MINUTES, notice }));
  });

  app.post('/password-reset', async (request, reply) => {
    const ctx = ctxOf(request);
    const body = request.body as Form;
    const csrf = csrfOf(request, reply);
    const c = { ...pageContext(request), path: '/panel/password-reset' };
    const email = (body.email ?? '').trim();
    const refuse = (status: number, errors: FormErrors) =>
      sendPage(reply, status, passwordResetRequestPage(c, { csrf, minutes: RESET_MINUTES, email, errors }));
    if (email === '') return refuse(400, { email: c.t('reset.missingEmail') });
    if (email.length > EMAIL_MAX_LENGTH) return refuse(400, { email: c.t('reset.longEmail', { max: EMAIL_MAX_LENGTH }) });
    try {
      await requestPasswordReset(ctx, { email, address: request.ip });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'rate_limited') throw err;
      if (err.retryAfter !== undefined) reply.header('Retry-After', String(err.retryAfter));
      return refuse(429, { email: c.t.core(err.message) });
    }
    return reply.redirect('/panel/password-reset?sent=1', 303);
  });

  app.get('/password-reset/new', async (request, reply) => {
    const token = (request.query as Form).token ?? '';
    originOnly(reply);
    return sendPage(reply, 200, passwordResetNewPage(newPageContext(request), { csrf: csrfOf(request, reply), token }));
  });

  app.post('/password-reset/new', async (request, reply) => {
    const ctx = ctxOf(request);
    const body = request.body as Form;
    const token = body.token ?? '';
    const password = body.password ?? '';
    originOnly(reply);
    const c = newPageContext(request);
    const refuse = (errors: FormErrors) => sendPage(reply, 400, passwordResetNewPage(c, { csrf: csrfOf(request, reply), token, errors }));
    if (password !== (body.password2 ?? '')) return refuse({ password2: c.t('reset.mismatch') });
    try {
      await confirmPasswordReset(ctx, { token, password });
    } catch (err) {
      const errors = formErrors(c.t, err, 'token', (field) => (field === 'password' ? 'password' : undefined));
      if (!errors) throw err;
      return refuse(errors);
    }
    return reply.redirect('/panel/login?reset=1', 303);
  });
}
