import type { FastifyReply, FastifyRequest } from 'fastify';
import { fastifyCookie } from '@fastify/cookie';
import type { PanelSession } from '../ports/store/panel.js';
import { chooseLanguage, translator, type Translator } from './i18n/index.js';
import type { SafeHtml } from './html.js';
import type { PageContext } from './layout.js';
import type { PanelAccount } from './session.js';

/** What the panel's onRequest hook learnt about a request: its language and who sent it. */
export interface PanelState {
  t: Translator;
  session?: PanelSession;
  account?: PanelAccount;
  /** The session cookie's token as sent (to end it at logout). */
  token?: string;
}

const states = new WeakMap<FastifyRequest, PanelState>();

export const setState = (request: FastifyRequest, state: PanelState): void => void states.set(request, state);

/**
 * The request's state; for a request that failed before the panel's hooks ran (a URL that does not
 * decode), the language from its headers and nobody logged in.
 */
export function stateOf(request: FastifyRequest): PanelState {
  const known = states.get(request);
  if (known) return known;
  const cookies = fastifyCookie.parse(request.headers.cookie ?? '');
  return { t: translator(chooseLanguage(cookies.lang, request.headers['accept-language'])) };
}

/** The page context of a request (language, account, CSRF token, path for the language switch). */
export function pageContext(request: FastifyRequest): PageContext {
  const s = stateOf(request);
  return { t: s.t, account: s.account, csrf: s.session?.csrf_token, path: request.url.startsWith('/panel') ? request.url : '/panel' };
}

export function sendPage(reply: FastifyReply, status: number, page: SafeHtml): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page.value);
}
