import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fastifyCookie } from '@fastify/cookie';
import type { Ctx } from '../core/context.js';
import { chooseLanguage, translator } from './i18n/index.js';
import { csrfMatches, DEFAULT_SESSION_SETTINGS, LOGIN_CSRF_COOKIE, resumeSession, SESSION_COOKIE, type PanelSessionSettings } from './session.js';
import { setState, stateOf } from './request-state.js';
import { panelErrorHandler, sendErrorPage } from './errors.js';
import { PANEL_CSS } from './style.js';
import { authRoutes } from './routes/auth.js';
import { customerRoutes } from './routes/customer.js';
import { partnerRoutes } from './routes/partner.js';
import { dnsEditorRoutes } from './routes/dns-editor.js';
import { domainSettingsRoutes } from './routes/domain-settings.js';
import { invoiceRoutes } from './routes/invoices.js';
import { partnerClientRoutes } from './routes/partner-clients.js';
import { m365Routes } from './routes/m365.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { orderRoutes } from './routes/order.js';
import { contactRoutes } from './routes/contacts.js';
import { serviceRoutes } from './routes/services.js';
import { passwordResetRoutes } from './routes/password-reset.js';
import { actorHook } from '../api/shared/actor-hook.js';

export const PANEL_PREFIX = '/panel';

/** A form is small; anything larger is refused with the 413 page before it is parsed. */
const FORM_LIMIT = 64 * 1024;

/**
 * The Content-Security-Policy of every panel response: no script at all, style from our one file,
 * forms only to ourselves, never in a frame.
 */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface PanelOptions {
  sessions?: PanelSessionSettings;
}

/**
 * What the panel's routes are given. No ctx: each handler acts with its request's (ctxOf(request),
 * api/shared/actor-hook.ts), which names the session's account as the actor of what it records.
 */
export interface PanelDeps {
  sessions: PanelSessionSettings;
}

/** Cookie options for the panel's cookies: Secure when the request came over TLS (TRUST_PROXY honoured). */
export const cookieOptions = (request: FastifyRequest, maxAgeSeconds?: number) => ({
  path: PANEL_PREFIX,
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: request.protocol === 'https',
  ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
});

/**
 * The web panel, a Fastify plugin registered with prefix /panel. Order of work for a request:
 * onRequest reads the language and the session (with the app's ctx: it records no event); preHandler
 * gives the request its ctx naming the session's account (actorHook) and refuses a POST whose CSRF
 * token or Origin is not ours (403, nothing changed); the route calls core commands with the request's
 * ctx (ctxOf); onSend adds the security headers.
 * Its own body parser takes forms only (the APIs' scope keeps refusing forms with 415).
 */
export async function panel(app: FastifyInstance, ctx: Ctx, options: PanelOptions = {}): Promise<void> {
  const deps: PanelDeps = { sessions: options.sessions ?? DEFAULT_SESSION_SETTINGS };
  // Pages for people, not API operations: kept out of the OpenAPI document at /docs.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  await app.register(fastifyCookie);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_request, body, done) => {
    // URLSearchParams never fails: a malformed escape is kept as written, as browsers do.
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.setErrorHandler(panelErrorHandler);
  app.setNotFoundHandler((_request, reply) => sendErrorPage(reply, 404));

  app.addHook('onRequest', async (request) => {
    const t = translator(chooseLanguage(request.cookies.lang, request.headers['accept-language']));
    setState(request, { t });
    const token = request.cookies[SESSION_COOKIE];
    const resumed = await resumeSession(ctx, token, deps.sessions);
    setState(request, { t, token, ...resumed });
  });

  // Events recorded by a request name the session's customer, or the partner's person (not the
  // partner: several people of one partner each log in); a login form's request names nobody yet.
  app.addHook('preHandler', actorHook(ctx, (request) => {
    const account = stateOf(request).account;
    if (account?.kind === 'partner') return { kind: 'partner', id: `person:${account.person.id}` };
    return { kind: 'customer', id: account ? String(account.user.id) : null };
  }));

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    // The Origin header, when a browser sends it, must be this site (RFC 6454 §7; "null" is not ours).
    const origin = request.headers.origin;
    const ours = `${request.protocol}://${request.host}`;
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const expected = stateOf(request).session?.csrf_token ?? request.cookies[LOGIN_CSRF_COOKIE];
    if ((origin !== undefined && origin !== ours) || !csrfMatches(body.csrf, expected)) {
      return sendErrorPage(reply, 403);
    }
  });

  app.addHook('onSend', async (_request, reply: FastifyReply, payload) => {
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    // A page may ask for less (the reset link's page sends no Referer at all: its URL holds the token).
    if (!reply.hasHeader('Referrer-Policy')) reply.header('Referrer-Policy', 'same-origin');
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.get('/panel.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(PANEL_CSS));
  authRoutes(app, deps);
  passwordResetRoutes(app);
  customerRoutes(app);
  partnerRoutes(app);
  dnsEditorRoutes(app);
  domainSettingsRoutes(app);
  invoiceRoutes(app);
  partnerClientRoutes(app);
  m365Routes(app);
  apiKeyRoutes(app);
  orderRoutes(app);
  contactRoutes(app);
  serviceRoutes(app);
}
