import type { New } from '../store.js';

/** A person of a partner who logs in to the panel (`hostplane partners users add`, migration 018). */
export interface PartnerUser {
  id: number;
  partner_id: number;
  /** Lower-case; unique over all partners. */
  email: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

/** Who a panel session belongs to: a customer (users.id) or a partner's person (partner_users.id). */
export type PanelAccountKind = 'customer' | 'partner';

/** A logged-in browser. Found by the SHA-256 of its cookie's token; the token is never stored. */
export interface PanelSession {
  token_hash: string;
  account_kind: PanelAccountKind;
  account_id: number;
  /** Sent back in every POST form of the session. */
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** The absolute end, however active the session is. */
  expires_at: string;
}

export interface PartnerUserRepository {
  findById(id: number): Promise<PartnerUser | undefined>;
  /** By address, compared lower-case. */
  findByEmail(email: string): Promise<PartnerUser | undefined>;
  listByPartner(partnerId: number): Promise<PartnerUser[]>;
  create(user: New<PartnerUser>): Promise<PartnerUser>;
  delete(id: number): Promise<void>;
}

export interface PanelSessionRepository {
  find(tokenHash: string): Promise<PanelSession | undefined>;
  create(session: PanelSession): Promise<void>;
  /** Moves the idle clock; one statement, no read. */
  touch(tokenHash: string, at: string): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Ends every session of an account (a partner's person removed). */
  deleteByAccount(kind: PanelAccountKind, accountId: number): Promise<number>;
  /** Removes sessions whose absolute end is before `at`, or idle since before `idleBefore`. */
  deleteExpired(at: string, idleBefore: string): Promise<number>;
}
