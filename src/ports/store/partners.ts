import type { New, Patch } from '../store.js';

/** A reseller. Its own customer account (`user_id`) is billed for its orders and owns what it buys for itself. */
export interface Partner {
  id: number;
  name: string;
  user_id: number;
  client_id: string;
  client_secret_hash: string;
  created_at: string;
  updated_at: string;
}

/** An API key: the visible prefix finds it, the SHA-256 of the whole key proves it. */
export interface ApiKey {
  id: number;
  partner_id: number;
  prefix: string;
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** An OAuth-style access or refresh token from POST /auth/token, stored like an API key. */
export interface PartnerToken {
  id: number;
  partner_id: number;
  kind: 'access' | 'refresh';
  prefix: string;
  token_hash: string;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
}

export interface PartnerRepository {
  findById(id: number): Promise<Partner | undefined>;
  /**
   * findById for a read-then-write, held until the caller's transaction ends (call it on a
   * transaction's store). Minting tokens, rotating the client secret and revoking tokens hold the
   * partner, so none of them sees the others half done.
   */
  lock(id: number): Promise<Partner | undefined>;
  findByClientId(clientId: string): Promise<Partner | undefined>;
  list(): Promise<Partner[]>;
  create(partner: New<Partner>): Promise<Partner>;
  update(id: number, patch: Patch<Partner>): Promise<void>;
}

export interface ApiKeyRepository {
  findById(id: number): Promise<ApiKey | undefined>;
  findByPrefix(prefix: string): Promise<ApiKey | undefined>;
  /** findByPrefix and the key's partner, in one read (it runs on every request made with a key). */
  findByPrefixWithPartner(prefix: string): Promise<{ key: ApiKey; partner: Partner | undefined } | undefined>;
  listByPartner(partnerId: number): Promise<ApiKey[]>;
  create(key: New<ApiKey>): Promise<ApiKey>;
  update(id: number, patch: Patch<ApiKey>): Promise<void>;
}

export interface PartnerTokenRepository {
  findByPrefix(prefix: string): Promise<PartnerToken | undefined>;
  /** findByPrefix and the token's partner, in one read (it runs on every request made with an access token). */
  findByPrefixWithPartner(prefix: string): Promise<{ token: PartnerToken; partner: Partner | undefined } | undefined>;
  /**
   * findById for a read-then-write: no other transaction can lock or change the row until the caller's
   * transaction ends (so call it on a transaction's store). Spending a refresh token holds it, so one
   * token buys one new pair.
   */
  lock(id: number): Promise<PartnerToken | undefined>;
  create(token: New<PartnerToken>): Promise<PartnerToken>;
  update(id: number, patch: Patch<PartnerToken>): Promise<void>;
  /** Revokes every live (unrevoked, unexpired at `at`) token of a partner; returns how many. */
  revokeAll(partnerId: number, at: string): Promise<number>;
  /** Drops tokens that expired before `before`, revoked or not; returns how many. */
  deleteExpired(before: string): Promise<number>;
}
