/**
 * DNSSEC of the zones we serve (migration 017): each signed zone's flow state and its keys, with the
 * timestamps the flows wait on. The state machine is written down in core/dns/dnssec/states.ts.
 */

/** A signed zone's flow: being enabled, on, rolling its key over, being disabled. No row: off. */
export type DnssecState = 'enabling' | 'on' | 'rolling' | 'disabling';

/**
 * Who keeps the zone's DS: `registry`, the registry we registered the name at (the DS is set through
 * the registry port); `external`, the owner's registrar elsewhere (we show the DS, they hand it over).
 */
export type DnssecParent = 'registry' | 'external';

export interface ZoneDnssec {
  zone_id: number;
  state: DnssecState;
  parent: DnssecParent;
  created_at: string;
  updated_at: string;
}

/**
 * Where a key is in its life (RFC 7583 3.1's names where they fit): `published` (in the DNSKEY RRset
 * and signing), `served` (the provider was seen serving it), `submitted` (its DS is on its way to the
 * parent), `active` (its DS is at the parent), `withdrawing` (its DS is being removed from the parent),
 * `retired` (its DS has left the parent; still published until the parent's DS TTL has passed). A
 * removed key is deleted.
 */
export type ZoneKeyState = 'published' | 'served' | 'submitted' | 'active' | 'withdrawing' | 'retired';

export interface ZoneKey {
  id: number;
  zone_id: number;
  key_tag: number;
  /** 13, ECDSA P-256 with SHA-256 (RFC 6605). */
  algorithm: number;
  /** 257: a combined signing key (CSK). */
  flags: number;
  /** The DNSKEY's public key field, base64. */
  public_key: string;
  /** The PKCS#8 private key, sealed with AES-256-GCM under DNSSEC_KEY_SECRET (core/dns/dnssec/key-vault.ts). */
  private_key: string;
  state: ZoneKeyState;
  published_at: string;
  served_at: string | null;
  submitted_at: string | null;
  active_at: string | null;
  retired_at: string | null;
  updated_at: string;
}

export interface DnssecRepository {
  find(zoneId: number): Promise<ZoneDnssec | undefined>;
  /** Every zone with DNSSEC on or in a transition, by zone id: the schedule pass's work list. */
  list(): Promise<ZoneDnssec[]>;
  create(row: ZoneDnssec): Promise<void>;
  update(zoneId: number, patch: Partial<Omit<ZoneDnssec, 'zone_id'>>): Promise<void>;
  /** Removes the zone's DNSSEC row and its keys. */
  delete(zoneId: number): Promise<void>;
  /** The zone's keys, oldest first. */
  keys(zoneId: number): Promise<ZoneKey[]>;
  /** Some key of any zone, to check that the configured secret opens the store's keys. */
  anyKey(): Promise<ZoneKey | undefined>;
  addKey(key: Omit<ZoneKey, 'id'>): Promise<ZoneKey>;
  updateKey(id: number, patch: Partial<Omit<ZoneKey, 'id' | 'zone_id'>>): Promise<void>;
  deleteKey(id: number): Promise<void>;
}
