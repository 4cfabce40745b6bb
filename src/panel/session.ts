import { createHash, randomBytes } from 'node:crypto';
import type { Ctx } from '../core/context.js';
import type { User } from '../ports/store.js';
import type { Partner } from '../ports/store/partners.js';
import type { PanelAccountKind, PanelSession, PartnerUser } from '../ports/store/panel.js';
import { isoTimestamp } from '../core/dates.js';
import { secretsEqual } from '../core/secure-compare.js';

export const SESSION_COOKIE = 'hp_session';
/** The login form's CSRF token before there is a session (a double-submit cookie). */
export const LOGIN_CSRF_COOKIE = 'hp_login';

/** How long sessions live (PANEL_SESSION_IDLE_MINUTES, PANEL_SESSION_HOURS; see README). */
export interface PanelSessionSettings {
  idleMs: number;
  lifetimeMs: number;
}
export const DEFAULT_SESSION_SETTINGS: PanelSessionSettings = { idleMs: 60 * 60_000, lifetimeMs: 12 * 3_600_000 };

/**
 * The idle clock is written at most once a minute per session: a page view is a read, not a write,
 * on every instance (a minute is nothing against an idle timeout of an hour).
 */
const TOUCH_EVERY_MS = 60_000;

/** Who is logged in: a customer, or a partner's person with their partner. */
export type PanelAccount =
  | { kind: 'customer'; user: User }
  | { kind: 'partner'; person: PartnerUser; partner: Partner };

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** A new session for the account; the token goes to the cookie and only its hash to the store. */
export async function createSession(ctx: Ctx, kind: PanelAccountKind, accountId: number, settings: PanelSessionSettings): Promise<{ token: string; session: PanelSession }> {
  const token = randomToken();
  const now = ctx.clock.now();
  const session: PanelSession = {
    token_hash: hashToken(token),
    account_kind: kind,
    account_id: accountId,
    csrf_token: randomToken(),
    created_at: isoTimestamp(now),
    last_seen_at: isoTimestamp(now),
    expires_at: isoTimestamp(new Date(now.getTime() + settings.lifetimeMs)),
  };
  await ctx.store.panelSessions.create(session);
  return { token, session };
}

/**
 * The session and account a cookie's token names, or undefined when it names none any more: past its
 * absolute end, idle too long (both removed on sight), or its account disabled, deleted or removed
 * (a disabled customer's session stops working at once, on every instance, as their API tokens do).
 */
export async function resumeSession(ctx: Ctx, token: string | undefined, settings: PanelSessionSettings): Promise<{ session: PanelSession; account: PanelAccount } | undefined> {
  if (!token || token.length > 100) return undefined;
  const tokenHash = hashToken(token);
  const session = await ctx.store.panelSessions.find(tokenHash);
  if (!session) return undefined;
  const now = ctx.clock.now().getTime();
  const lastSeen = Date.parse(session.last_seen_at);
  if (Date.parse(session.expires_at) <= now || lastSeen + settings.idleMs <= now) {
    await ctx.store.panelSessions.delete(tokenHash);
    return undefined;
  }
  const account = await accountOf(ctx, session);
  if (!account) return undefined;
  if (now - lastSeen >= TOUCH_EVERY_MS) await ctx.store.panelSessions.touch(tokenHash, isoTimestamp(new Date(now)));
  return { session, account };
}

async function accountOf(ctx: Ctx, session: PanelSession): Promise<PanelAccount | undefined> {
  if (session.account_kind === 'customer') {
    const user = await ctx.store.users.findById(session.account_id);
    return user && !user.disabled_at && !user.deleted_at ? { kind: 'customer', user } : undefined;
  }
  const person = await ctx.store.partnerUsers.findById(session.account_id);
  const partner = person && (await ctx.store.partners.findById(person.partner_id));
  return person && partner ? { kind: 'partner', person, partner } : undefined;
}

/** Logout: the session ends in the store, so every instance refuses its cookie at once. */
export async function endSession(ctx: Ctx, token: string | undefined): Promise<void> {
  if (token && token.length <= 100) await ctx.store.panelSessions.delete(hashToken(token));
}

/** Whether a form's CSRF field is the expected token (compared in constant time). */
export const csrfMatches = (sent: string | undefined, expected: string | undefined): boolean =>
  typeof sent === 'string' && typeof expected === 'string' && expected.length > 0 && secretsEqual(sent, expected);
