/**
 * The store as the core sees it: plain entity types and one small repository per aggregate. The
 * Kysely implementation lives in src/store; the core never imports it. Field names follow the
 * columns (snake_case) so no mapping layer sits between a row and an entity.
 *
 * Conventions: booleans are 0/1 numbers, dates YYYY-MM-DD, timestamps ISO 8601 UTC, money integer
 * cents, lists JSON text (helpers in core decode them).
 */

/**
 * A write refused by a unique constraint. Stores translate their driver's own error into this, so
 * the core can tell "someone else got there first" without knowing which database it runs on.
 */
export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super('unique constraint violated', { cause });
    this.name = 'UniqueViolation';
  }
}

/**
 * A write refused by a foreign key: it referred to a row another transaction removed meanwhile (a
 * contact deleted while a domain was being given it), or removed a row another transaction had just
 * come to refer to. The checks before the write passed in both transactions; the database's rule
 * decided. Answered as a conflict: the request may be sent again, and then meets the checks with the
 * other change in place.
 */
export class ReferenceViolation extends Error {
  constructor(cause: unknown) {
    super('foreign key constraint violated', { cause });
    this.name = 'ReferenceViolation';
  }
}

export interface Page {
  limit: number;
  offset: number;
}
export interface PageOf<T> {
  items: T[];
  total: number;
}

export interface User {
  id: number;
  username: string;
  password_hash: string;
  email: string;
  name: string;
  postpaid: number;
  primary_contact_id: number | null;
  /** The partner that owns this account (a partner API client), or null for a direct customer. */
  partner_id: number | null;
  /** For a partner's client: "Managed Client" | "Self Servicing Client". */
  client_type: string | null;
  created_at: string;
  updated_at: string;
  /**
   * When a partner deleted this client (migration 004); such an account cannot log in and is not
   * found through the partner API. Optional on create: a new account is not deleted.
   */
  deleted_at?: string | null;
  /**
   * When the operator disabled this account (`hostplane users disable`, migration 013); such an account
   * cannot log in and its tokens are refused. Optional on create: a new account is not disabled.
   */
  disabled_at?: string | null;
  /**
   * Counted up when the owner resets the password with a reset link (migration 023): access tokens of
   * an earlier generation are refused. Optional on create: a new account starts at 0.
   */
  token_generation?: number;
}

export interface Contact {
  id: number;
  user_id: number;
  contact_type: string;
  first_name: string;
  last_name: string;
  company_name: string;
  business_id: string;
  identity_number: string;
  address: string;
  address2: string;
  zip_code: string;
  city: string;
  country: string;
  phone: string;
  email: string;
  alt_email: string;
  billing_email: string;
  billing_method: string;
  e_invoice_address: string;
  e_invoice_intermediator: string;
  vat_number: string;
  created_at: string;
  updated_at: string;
}

export interface Tld {
  tld: string;
  on_sale: number;
  /** The registry's name rules (core/catalog/name-rules.ts): label length in Unicode characters. */
  min_length: number;
  max_length: number;
  /** Characters allowed beyond a-z, 0-9 and hyphen ("åäö"); "" none. */
  idn_chars: string;
  /** Unicode scripts allowed, comma-separated ("Latin,Cyrillic"); "*" any; "" none. */
  idn_scripts: string;
  /**
   * 1: the registry registers names only to an identified holder, so the registrant must have an
   * identity number or business id (Traficom for .fi); 0: not required.
   */
  registrant_identity_required: number;
  created_at: string;
  updated_at: string;
}
export interface TldPrice {
  tld: string;
  period_months: number;
  price_cents: number;
}

export interface Domain {
  id: number;
  user_id: number;
  sld: string;
  tld: string;
  fqdn: string;
  fqdn_unicode: string;
  status: string;
  reg_date: string | null;
  exp_date: string | null;
  renew: number;
  registrant_contact_id: number | null;
  billing_contact_id: number | null;
  nameservers: string;
  created_at: string;
  updated_at: string | null;
}

export interface Order {
  id: number;
  user_id: number;
  kind: string;
  fqdn: string;
  domain_id: number | null;
  years: number;
  status: string;
  invoice_id: number | null;
  nameservers: string;
  auth_code: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  fulfilled_at: string | null;
  /** The request that placed it, when sent with an Idempotency-Key (see migration 008). */
  request_key: string | null;
  /**
   * When fulfilment last sent this order's command to the registry (migration 016): set before it is
   * sent, so a later attempt settles by asking the registry before sending it again.
   */
  registry_attempted_at: string | null;
  /**
   * A transfer's name servers to set once the name is ours (a JSON array; migration 022), as the
   * partner API's ns1-ns4 ask; null keeps the delegation the name arrives with.
   */
  delegate_to: string | null;
}

export interface Invoice {
  id: number;
  user_id: number;
  ref_number: string;
  date: string;
  due_date: string;
  total_cents: number;
  paid: number;
  date_paid: string | null;
  payment_method: string | null;
  delivery_method: string;
  recipient_company_name: string;
  recipient_business_id: string;
  recipient_name: string;
  recipient_address: string;
  recipient_zip_code: string;
  recipient_city: string;
  recipient_country: string;
  recipient_e_invoice_address: string;
  recipient_e_invoice_intermediator: string;
  /** "YYYY-MM" on a partner's monthly invoice; null on a single-order invoice. */
  period: string | null;
  created_at: string;
  updated_at: string;
  /**
   * How far the chase of this invoice unpaid has gone (migration 025): 0 nothing, 1 and 2 the
   * reminders, 3 the final step, 4 the final step that cancelled it (DUNNING_STAGE in
   * core/lifecycle/dunning-policy.ts).
   */
  dunning_stage: number;
  /** When the last of those steps was taken (ISO timestamp), null before the first. */
  dunning_at: string | null;
}

export interface InvoiceItem {
  id: number;
  invoice_id: number;
  position: number;
  description: string;
  qty: number;
  sub_total_cents: number;
  tax_rate_bp: number;
  total_cents: number;
  order_id: number | null;
}

export interface Service {
  id: number;
  user_id: number;
  domain_id: number | null;
  kind: string;
  name: string;
  qty: number;
  start_date: string;
  exp_date: string | null;
  status: string;
  renew: number;
  price_cents: number;
  billing_period_months: number;
  created_at: string;
  updated_at: string | null;
}

export interface Zone {
  id: number;
  domain_id: number | null;
  name: string;
  serial: number;
  primary_ns: string;
  hostmaster: string;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
  default_ttl: number;
  notified_serial: number | null;
  created_at: string;
  updated_at: string;
}

export interface DnsRecord {
  id: number;
  zone_id: number;
  name: string;
  type: string;
  content: string;
  ttl: number;
  priority: number | null;
  weight: number | null;
  port: number | null;
  service: string | null;
  proto: string | null;
  redirect_type: number | null;
  fallback_ip: string | null;
  created_at: string;
  updated_at: string;
}

export interface Job {
  id: number;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  run_after: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** What a create call takes: the entity without its generated id. */
export type New<T extends { id: unknown }> = Omit<T, 'id'>;
/** What an update call takes: any subset of the entity's fields but its id. */
export type Patch<T extends { id: unknown }> = Partial<Omit<T, 'id'>>;

export interface UserRepository {
  findById(id: number): Promise<User | undefined>;
  /**
   * findById for a read-then-write: no other transaction can lock or change the row until the caller's
   * transaction ends (so call it on a transaction's store). Billing to an account's monthly invoice holds
   * the account, so two orders at once find (or create) one open invoice and number its lines in turn.
   */
  lock(id: number): Promise<User | undefined>;
  findByUsername(username: string): Promise<User | undefined>;
  create(user: New<User>): Promise<User>;
  update(id: number, patch: Patch<User>): Promise<void>;
  list(page: Page): Promise<PageOf<User>>;
  /**
   * A partner's clients that are not deleted, by id; with `keyword`, only those whose primary
   * contact's first name, last name or company name contains it (case-insensitive).
   */
  listByPartner(partnerId: number, keyword?: string): Promise<User[]>;
  /** A page of a partner's clients that are not deleted, by id (the panel pages what the partner API does not). */
  pageByPartner(partnerId: number, page: Page): Promise<PageOf<User>>;
  /** The account (not deleted) whose e-mail address is `email`, compared case-insensitively. */
  findByEmail(email: string): Promise<User | undefined>;
}

/** Token revocation and failed-login bookkeeping, shared by every instance through the store. */
/**
 * What userOfTokenWithDomain reads: the token's user, and the domain of a name with the contact that
 * pays for it and its zone.
 */
export interface UserWithDomain {
  user: User;
  domain: Domain | undefined;
  /** The domain's billing contact; undefined when it has none, or the domain is another user's. */
  billingContact: Contact | undefined;
  /** The domain's zone; undefined when it has none, or the domain is another user's. */
  zone: Zone | undefined;
}

export interface AuthRepository {
  isRevoked(jti: string): Promise<boolean>;
  /** User `userId`, unless token `jti` was revoked (one query: it runs on every authenticated request). */
  userOfToken(userId: number, jti: string): Promise<User | undefined>;
  /**
   * userOfToken and, in the same read (one statement: one round trip, one snapshot), the live domain
   * `fqdn` whoever holds it, with its billing contact and its zone when the user holds it. Undefined
   * when userOfToken would be.
   */
  userOfTokenWithDomain(userId: number, jti: string, fqdn: string): Promise<UserWithDomain | undefined>;
  revoke(jti: string, expiresAt: string): Promise<void>;
  failuresSince(username: string, since: string): Promise<string[]>;
  /** The times of the latest `limit` failed logins from `address` after `since`, newest first. */
  latestFailuresFrom(address: string, since: string, limit: number): Promise<string[]>;
  addFailure(username: string, at: string, address?: string): Promise<void>;
  clearFailures(username: string): Promise<void>;
  /** Drops failed logins from before `before` (out of every window); returns how many. */
  pruneFailures(before: string): Promise<number>;
  /** Drops revoked JWT ids whose tokens expired before `at` (no longer verifiable anyway); returns how many. */
  pruneRevoked(at: string): Promise<number>;
}

export interface ContactRepository {
  findById(id: number): Promise<Contact | undefined>;
  /** The contacts of `ids` that exist, in no particular order: one read for a list's worth. */
  findByIds(ids: number[]): Promise<Contact[]>;
  listByUser(userId: number, page: Page): Promise<PageOf<Contact>>;
  create(contact: New<Contact>): Promise<Contact>;
  update(id: number, patch: Patch<Contact>): Promise<void>;
  delete(id: number): Promise<void>;
  /** Whether any live domain uses the contact as registrant or billing contact. */
  isAssignedToDomain(id: number): Promise<boolean>;
  /**
   * Whether the contact is the registrant of a domain the registry holds (active or expired, not one
   * still pending, transferred away or deleted): the registry keeps a copy of it to bring up to date.
   */
  isRegistrantAtRegistry(id: number): Promise<boolean>;
  /** Clears the contact from domains transferred away or deleted, so that the contact row can be deleted. */
  detachFromEndedDomains(id: number): Promise<void>;
}

export interface TldRepository {
  find(tld: string): Promise<Tld | undefined>;
  list(): Promise<Tld[]>;
  prices(tld: string): Promise<TldPrice[]>;
  /** The prices of several TLDs at once, by TLD and then period. */
  pricesOf(tlds: string[]): Promise<TldPrice[]>;
  upsert(tld: string, onSale: boolean, at: string): Promise<void>;
  setRules(tld: string, rules: Pick<Tld, 'min_length' | 'max_length' | 'idn_chars' | 'idn_scripts'>, at: string): Promise<void>;
  setIdentityRequired(tld: string, required: boolean, at: string): Promise<void>;
  setPrice(price: TldPrice): Promise<void>;
  removePrice(tld: string, periodMonths: number): Promise<void>;
}

export interface JobRepository {
  enqueue(kind: string, payload: unknown, at: string): Promise<Job>;
  /**
   * Queues a job unless the same one (kind and payload) is already waiting to run, for jobs that do
   * the same whenever they run: a zone publication reads the zone as it is then, so one waiting job
   * covers every change made before it runs. A job already running does not count (it may have read
   * the store before this change). On PostgreSQL two transactions at once may both queue it; it
   * then runs twice, which such a job allows.
   */
  enqueueUnlessPending(kind: string, payload: unknown, at: string): Promise<void>;
  /**
   * Claims up to `limit` jobs due at `now`, oldest due first, in one statement: each goes pending ->
   * running with attempts + 1 and updated_at = now (its lease starts), and is returned as claimed.
   * Workers on several machines may call it at once: no job is claimed twice (on PostgreSQL the pick
   * is FOR UPDATE SKIP LOCKED, so workers take different jobs instead of waiting on each other).
   * `kinds` narrows the claim: all but `skip`, or `only` those (the worker runs its own kinds in a lane of their own).
   */
  claimDue(now: string, limit: number, kinds?: { skip: readonly string[] } | { only: readonly string[] }): Promise<Job[]>;
  findById(id: number): Promise<Job | undefined>;
  update(id: number, patch: Patch<Job>): Promise<void>;
  /** Claimed jobs that ran to the end: running -> done, in one statement. */
  markDone(ids: number[], now: string): Promise<void>;
  /** A page of jobs, newest first; only those in `status` when given (`hostplane jobs list`). */
  list(filter: { status?: string }, page: Page): Promise<PageOf<Job>>;
  /**
   * Jobs left `running` since before `staleBefore` (their worker died or lost its connection) go
   * back to `pending`, or to `failed` once they used `maxAttempts`; returns how many were released.
   */
  releaseStale(staleBefore: string, now: string, maxAttempts: number): Promise<number>;
}

/**
 * Area repositories (domains, orders, invoices, services, zones, records) are declared beside their
 * implementations' contracts in the files below and collected here.
 */
export interface Store {
  users: UserRepository;
  auth: AuthRepository;
  contacts: ContactRepository;
  tlds: TldRepository;
  jobs: JobRepository;
  domains: import('./store/domains.js').DomainRepository;
  orders: import('./store/orders.js').OrderRepository;
  invoices: import('./store/invoices.js').InvoiceRepository;
  services: import('./store/services.js').ServiceRepository;
  zones: import('./store/zones.js').ZoneRepository;
  records: import('./store/records.js').RecordRepository;
  registry: import('./store/registry.js').RegistryRecordRepository;
  partners: import('./store/partners.js').PartnerRepository;
  apiKeys: import('./store/partners.js').ApiKeyRepository;
  partnerTokens: import('./store/partners.js').PartnerTokenRepository;
  m365: import('./store/m365.js').M365Repository;
  licensingSandbox: import('./store/m365.js').LicensingSandboxRepository;
  idempotency: import('./store/idempotency.js').IdempotencyRepository;
  lifecycle: import('./store/lifecycle.js').LifecycleRepository;
  /** The EPP registries the operator configured, and the TLDs each serves. */
  registries: import('./store/registries.js').RegistryConfigRepository;
  /** The contact objects made at each EPP registry. */
  registryContacts: import('./store/registry-contacts.js').RegistryContactRepository;
  /** Signed zones' flow states and keys (DNSSEC). */
  dnssec: import('./store/dnssec.js').DnssecRepository;
  /** The people of partners who log in to the panel. */
  partnerUsers: import('./store/panel.js').PartnerUserRepository;
  /** The panel's logged-in browsers. */
  panelSessions: import('./store/panel.js').PanelSessionRepository;
  /** The event log: what changed, for whom, by whom (core/events). */
  events: import('./store/events.js').EventRepository;
  /** Payments read from the bank's files, matched to invoices or not. */
  payments: import('./store/payments.js').PaymentRepository;
  /** Partners' webhook endpoints and their deliveries (core/webhooks). */
  webhooks: import('./store/webhooks.js').WebhookRepository;
  /** Mail sent, renewal reminders recorded, password reset tokens. */
  messages: import('./store/messages.js').MessageRepository;
  /** Runs `fn` in one transaction; everything it does through the given store commits or rolls back together. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Holds `key` until the caller's transaction ends: transactions locking one key run their checks and
   * writes in turn. For a read-then-write on something with no row to lock yet (orders for one domain
   * name: "is there an order?" then "add one"), where a row's `lock` cannot serve.
   */
  lockKey(key: string): Promise<void>;
}
