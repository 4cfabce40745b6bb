import type { Clock } from './clock.js';
import type { Store } from '../ports/store.js';
import type { Registry } from '../ports/registry.js';
import type { WhoisLookup } from '../ports/lookup.js';
import type { LicensingProvider } from '../ports/licensing.js';
import type { DnsProvider } from '../ports/dns.js';
import type { PasswordHashing } from './accounts/passwords.js';
import type { Seller } from './billing/seller.js';
import type { DunningPolicy } from './lifecycle/dunning-policy.js';
import type { EventSubscriber } from './events/subscribers.js';
import type { Mailer } from '../ports/mail.js';
import type { Actor } from './events/actor.js';

/** Settings the core needs; a subset of the process config, so core does not depend on how it was read. */
export interface CoreSettings {
  providerName: string;
  nameservers: string[];
  parkNameservers: string[];
  hostmaster: string;
  vatRateBp: number;
  invoiceDueDays: number;
  /** The chase of unpaid invoices after their due date (DUNNING_*; core/lifecycle/chase-overdue-invoices.ts). */
  dunning: DunningPolicy;
  /** The seller on invoices and their documents (SELLER_*). */
  seller: Seller;
  /** Where Finvoice e-invoices are written for the e-invoicing operator to collect (EINVOICE_DIR). */
  einvoiceDir: string;
  jwtSecret: Uint8Array;
  /**
   * Where customers reach the client API, for links in messages (a password reset link): PUBLIC_URL,
   * else the server's own http://HOST:PORT once it listens.
   */
  publicUrl: string;
  /**
   * A job `running` for longer than this lost its worker (a crash, a kill, a lost connection) and is
   * run again (JOB_LEASE_SECONDS, 300). Handlers are short (one registry or provider call and a
   * transaction), so five minutes is far beyond a live one; a slow one run twice is safe, since
   * handlers are idempotent.
   */
  jobLeaseMs: number;
  /**
   * An Idempotency-Key held longer than this without a response belongs to a request whose process
   * died (requests finish in seconds), and the next request with it runs anew rather than getting 409
   * for a day (IDEMPOTENCY_LEASE_SECONDS, 60).
   */
  idempotencyLeaseMs: number;
  /**
   * Failed client API logins from one source (an IPv4 address, an IPv6 /64) within the failed-login
   * window after which that source is refused with 429 until the oldest leaves the window
   * (LOGIN_ADDRESS_FAILURES, 30): random usernames each have a fresh per-username budget.
   */
  loginFailuresPerAddress: number;
  /** Password verifications running at once in this process; beyond, a login answers 503 (LOGIN_VERIFICATIONS, 8). */
  loginVerifications: number;
  /** argon2id's cost for new password hashes (see passwords.ts). */
  passwordHashing: PasswordHashing;
  /**
   * The web panel's sessions: ended after `idleMs` without a request and `lifetimeMs` after login
   * (PANEL_SESSION_IDLE_MINUTES, PANEL_SESSION_HOURS); the schedule drops the ended ones.
   */
  panelSessions: { idleMs: number; lifetimeMs: number };
  /** DNSSEC (core/dns/dnssec). */
  dnssec: {
    /**
     * The secret zone keys are sealed with in the store (DNSSEC_KEY_SECRET; generated once into the data
     * folder when not given). Every instance on one store must have the same one.
     */
    keySecret: Uint8Array;
    /** Seconds the parent (the TLD's zone) keeps a DS in caches (DNSSEC_PARENT_DS_TTL, 86400). */
    parentDsTtl: number;
    /** Days after which a zone's key is rolled over by the schedule (DNSSEC_KEY_LIFETIME_DAYS, 365); 0: never. */
    keyLifetimeDays: number;
  };
  /** Partners' webhooks (core/webhooks). */
  webhooks: {
    /**
     * Whether endpoints may be on loopback, private, link-local and other non-public addresses
     * (WEBHOOK_ALLOW_PRIVATE, false): for tests and private networks. Without it such a URL is refused
     * at creation and such an address at delivery, so a partner cannot make our servers call inside our network.
     */
    allowPrivate: boolean;
    /** An endpoint whose attempts have all failed for this long is disabled (WEBHOOK_DISABLE_AFTER_HOURS, 120). */
    disableAfterMs: number;
  };
}

/** Runs queued side effects (order fulfilment, provisioning); see src/jobs. */
export interface JobDrain {
  drain(): Promise<void>;
}

/**
 * Everything a core command may use: the store, time, providers, settings. Built once in main.ts; a
 * request, a job or a scheduled pass acts with a shallow copy of it naming its actor.
 */
export interface Ctx {
  store: Store;
  clock: Clock;
  settings: CoreSettings;
  registry: Registry;
  whois: WhoisLookup;
  /** Microsoft 365 tenants and subscriptions (the embedded default is `sandbox`). */
  licensing: LicensingProvider;
  jobs: JobDrain;
  /** What acts on each recorded event (e-mail, webhooks), in the event's transaction: core/events/subscribers.ts. */
  subscribers: readonly EventSubscriber[];
  /** Where e-mail goes: an SMTP server (SMTP_URL) or the mail folder (src/providers/mail). */
  mailer: Mailer;
  /** Where zones are published ('zone.publish' jobs); absent in a process that serves no DNS (CLI commands). */
  dns?: DnsProvider;
  /**
   * Who acts, for the events commands record (core/events/actor.ts): set on the copy a request, a job,
   * the schedule or a CLI command passes on; absent, the system.
   */
  actor?: Actor;
}
