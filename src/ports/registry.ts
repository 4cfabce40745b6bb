/**
 * A domain registry, as EPP (RFC 5730-5734, 3915, 5910) shapes one: check, create, renew, transfer,
 * info, updates of nameservers, auth code, contacts and DS, restore from redemption, and the registry's
 * news (the poll queue). Two implementations keep all of it: `local` (hostplane acting as the registry
 * for the TLDs it sells, in its own store) and `epp` (an accredited registrar's connection to a real
 * registry). Which one serves a name is decided per TLD (providers/registry/registry-router.ts).
 */
export interface RegistrantSnapshot {
  /**
   * hostplane's own id of the contact this was taken from (`contact:<id>`). A registry keeps one
   * contact object per key and registrar, created once and updated when the contact changes.
   */
  key: string;
  name: string;
  organization: string;
  email: string;
  /** EPP's +CC.NUMBER form (RFC 5733 section 2.5). */
  phone: string;
  address: string;
  zipCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** A person's identity number or an organisation's business id, as the TLD requires (.fi does). */
  identityNumber: string;
}

/** A DS record as the parent zone publishes it (RFC 4034 section 5; EPP secDNS-1.1 dsData). */
export interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  /** Hex, upper or lower case as given; compared case-insensitively. */
  digest: string;
}

export interface RegistryDomainInfo {
  name: string;
  /** The sponsoring registrar as the registry names it (EPP clID). */
  registrar: string;
  /** Whether this registrar (we) sponsors the registration. */
  ours: boolean;
  /**
   * The registrant, where the registry tells it: always for names we sponsor; a registry may show
   * only a handle, or nothing, for another registrar's.
   */
  registrant?: RegistrantSnapshot;
  nameservers: string[];
  /** EPP status values (RFC 5731 section 2.3, RFC 3915's rgpStatus): `ok`, `pendingTransfer`, `redemptionPeriod`... */
  statuses: string[];
  ds: DsData[];
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  dnssec: 'unsigned' | 'signed';
}

export interface CheckResult {
  name: string;
  available: boolean;
  /** Why not, as the registry put it (EPP domain:check's reason), when it gave one. */
  reason?: string;
}

/** A transfer request either completes at once (most ccTLD registries) or waits for the losing side. */
export type TransferOutcome =
  | { state: 'completed'; info: RegistryDomainInfo }
  | { state: 'pending' };

/**
 * One message from the registry's poll queue (RFC 5730 section 2.9.2.3), read as what it means for a
 * name. `transfer_*` are the outcome of our own request to transfer a name in; `transfer_requested_away`
 * is another registrar asking for one of ours, `transferred_away` the name leaving us; `deleted` and
 * `renewed` are the registry's own doing (an expiry policy, an auto-renewal). `other` is kept for the
 * log and acknowledged.
 */
export interface RegistryNews {
  /** The message's id, to acknowledge once it has been applied. */
  id: string;
  kind:
    | 'transfer_approved' | 'transfer_rejected' | 'transfer_cancelled'
    | 'transfer_requested_away' | 'transferred_away'
    | 'deleted' | 'renewed' | 'other';
  name?: string;
  /** The registration's expiry after the event, where the message gives it. */
  expiresAt?: string;
  /** When the registry queued it (EPP qDate). */
  at: string;
  /** The registry's own words (EPP msg). */
  text: string;
}

/** Raised by a registry for a refused command; `reason` is stable, `message` is for people. */
export class RegistryError extends Error {
  constructor(
    /**
     * exists: the name (or object) is taken. not_found: no such registration. auth_invalid: wrong
     * auth code or no authority (EPP 2201/2202). not_sponsor: another registrar's. policy: refused by
     * the registry's rules, final, `message` says why (EPP 2003-2005, 2104-2106, 2304-2308).
     * unavailable: not answered now (down, timed out, rate limited, EPP 2400/2500-2502); try again later.
     */
    readonly reason: 'exists' | 'not_found' | 'auth_invalid' | 'not_sponsor' | 'policy' | 'unavailable',
    message: string,
    /** The EPP result code, when a registry answered with one. */
    readonly code?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export type RegistryCapability =
  | 'check' | 'create' | 'renew' | 'transfer' | 'info' | 'nameservers' | 'authcode' | 'delete'
  | 'contacts' | 'hosts' | 'ds' | 'poll' | 'restore';

export interface Registry {
  readonly name: string;
  /** What this registry can do, so callers can refuse early instead of failing midway. */
  readonly capabilities: ReadonlyArray<RegistryCapability>;
  /** Whether each name can be registered now; the registry's reason where it gives one. */
  check(names: string[]): Promise<CheckResult[]>;
  /**
   * Registers the name for `years` to the registrant (its contact created at the registry or reused,
   * by key). `glue` gives the addresses of nameservers inside the name itself (ns1.example.fi for
   * example.fi), which a registry needs as host objects or attributes.
   */
  create(req: {
    name: string; years: number; registrant: RegistrantSnapshot; nameservers: string[];
    glue?: Record<string, string[]>;
  }): Promise<RegistryDomainInfo>;
  /** Extends by `years` from the current expiry; `currentExpiry` guards against a repeated renew (EPP curExpDate). */
  renew(req: { name: string; years: number; currentExpiry: string }): Promise<RegistryDomainInfo>;
  /**
   * Asks to move the registration to this registrar; the auth code must match. Completed at once, the
   * registry has added a year; pending, the outcome arrives as news (poll).
   */
  transfer(req: { name: string; authCode: string; registrant?: RegistrantSnapshot }): Promise<TransferOutcome>;
  /** Answers (approve, reject) another registrar's request for one of ours, or withdraws ours (cancel). */
  settleTransfer(name: string, op: 'approve' | 'reject' | 'cancel'): Promise<void>;
  /** What the registry holds; undefined when the name is not registered. */
  info(name: string): Promise<RegistryDomainInfo | undefined>;
  /** Whether `authCode` is the name's current transfer code (EPP domain:info with authInfo). */
  verifyAuthCode(name: string, authCode: string): Promise<boolean>;
  setNameservers(name: string, nameservers: string[], glue?: Record<string, string[]>): Promise<void>;
  setAuthCode(name: string, authCode: string): Promise<void>;
  /** Replaces the name's DS set (secDNS-1.1 add/rem); an empty list makes it unsigned at the parent. */
  setDs(name: string, ds: DsData[]): Promise<void>;
  /**
   * Brings the registry's contact for `registrant.key` up to date (EPP contact:update), when this
   * registry holds one; otherwise nothing (it is created at the next registration that uses it).
   */
  syncContact(registrant: RegistrantSnapshot): Promise<void>;
  /** Takes a deleted name back out of the registry's redemption period (RFC 3915 restore). */
  restore(name: string): Promise<void>;
  /**
   * Ends the registration (EPP domain:delete) so the name is free again: the last step of an expired
   * domain's lifecycle. Only the sponsoring registrar may. Errors: not_found, not_sponsor.
   */
  delete(name: string): Promise<void>;
  /** The oldest news not yet acknowledged, or undefined when the queue is empty. */
  poll(): Promise<RegistryNews | undefined>;
  /** Removes a message from the queue, once what it says has been applied. */
  ack(id: string): Promise<void>;
  /** Ends connections (logout); the process is stopping. */
  close?(): Promise<void>;
}
