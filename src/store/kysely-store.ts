import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../ports/store.js';
import type { Db } from './db.js';
import { type Executor, locksRows, storeError } from './repositories/base.js';
import { KyselyAuthRepository } from './repositories/auth.repository.js';
import { KyselyContactRepository } from './repositories/contact.repository.js';
import { KyselyDomainRepository } from './repositories/domain.repository.js';
import { KyselyInvoiceRepository } from './repositories/invoice.repository.js';
import { KyselyJobRepository } from './repositories/job.repository.js';
import { KyselyOrderRepository } from './repositories/order.repository.js';
import { KyselyRecordRepository } from './repositories/record.repository.js';
import { KyselyRegistryRecordRepository } from './repositories/registry.repository.js';
import { KyselyServiceRepository } from './repositories/service.repository.js';
import { KyselyTldRepository } from './repositories/tld.repository.js';
import { KyselyUserRepository } from './repositories/user.repository.js';
import { KyselyZoneRepository } from './repositories/zone.repository.js';
import {
  KyselyApiKeyRepository, KyselyPartnerRepository, KyselyPartnerTokenRepository,
} from './repositories/partner.repository.js';
import { KyselyLicensingSandboxRepository, KyselyM365Repository } from './repositories/m365.repository.js';
import { KyselyIdempotencyRepository } from './repositories/idempotency.repository.js';
import { KyselyLifecycleRepository } from './repositories/lifecycle.repository.js';
import { KyselyRegistryConfigRepository } from './repositories/registries.repository.js';
import { KyselyRegistryContactRepository } from './repositories/registry-contacts.repository.js';
import { KyselyDnssecRepository } from './repositories/dnssec.repository.js';
import { KyselyPanelSessionRepository, KyselyPartnerUserRepository } from './repositories/panel.repository.js';
import { KyselyEventRepository } from './repositories/event.repository.js';
import { KyselyPaymentRepository } from './repositories/payment.repository.js';
import { KyselyWebhookRepository } from './repositories/webhook.repository.js';
import { KyselyMessageRepository } from './repositories/message.repository.js';

/** The store over one Kysely executor: the database itself, or a transaction inside it. */
export class KyselyStore implements Store {
  readonly users;
  readonly auth;
  readonly contacts;
  readonly tlds;
  readonly jobs;
  readonly domains;
  readonly orders;
  readonly invoices;
  readonly services;
  readonly zones;
  readonly records;
  readonly registry;
  readonly partners;
  readonly apiKeys;
  readonly partnerTokens;
  readonly m365;
  readonly licensingSandbox;
  readonly idempotency;
  readonly lifecycle;
  readonly registries;
  readonly registryContacts;
  readonly dnssec;
  readonly partnerUsers;
  readonly panelSessions;
  readonly events;
  readonly payments;
  readonly webhooks;
  readonly messages;

  constructor(
    private readonly db: Executor,
    private readonly inTransaction = false,
  ) {
    this.users = new KyselyUserRepository(db);
    this.auth = new KyselyAuthRepository(db);
    this.contacts = new KyselyContactRepository(db);
    this.tlds = new KyselyTldRepository(db);
    this.jobs = new KyselyJobRepository(db);
    this.domains = new KyselyDomainRepository(db);
    this.orders = new KyselyOrderRepository(db);
    this.invoices = new KyselyInvoiceRepository(db);
    this.services = new KyselyServiceRepository(db);
    this.zones = new KyselyZoneRepository(db);
    this.records = new KyselyRecordRepository(db);
    this.registry = new KyselyRegistryRecordRepository(db);
    this.partners = new KyselyPartnerRepository(db);
    this.apiKeys = new KyselyApiKeyRepository(db);
    this.partnerTokens = new KyselyPartnerTokenRepository(db);
    this.m365 = new KyselyM365Repository(db);
    this.licensingSandbox = new KyselyLicensingSandboxRepository(db);
    this.idempotency = new KyselyIdempotencyRepository(db);
    this.lifecycle = new KyselyLifecycleRepository(db);
    this.registries = new KyselyRegistryConfigRepository(db);
    this.registryContacts = new KyselyRegistryContactRepository(db);
    this.dnssec = new KyselyDnssecRepository(db);
    this.partnerUsers = new KyselyPartnerUserRepository(db);
    this.panelSessions = new KyselyPanelSessionRepository(db);
    this.events = new KyselyEventRepository(db);
    this.payments = new KyselyPaymentRepository(db);
    this.webhooks = new KyselyWebhookRepository(db);
    this.messages = new KyselyMessageRepository(db);
  }

  /** A transaction inside a transaction joins the outer one: a command composed of commands commits once. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    // A constraint failure anywhere in it, the COMMIT included, reaches the caller as the store's error.
    return (this.db as Db).transaction().execute((trx) => fn(new KyselyStore(trx, true))).catch((err: unknown) => {
      throw storeError(err);
    });
  }

  /**
   * PostgreSQL: a transaction-scoped advisory lock on the key's 64-bit hash (SHA-256's first 8 bytes; a
   * collision only makes two unrelated keys wait for each other). SQLite runs one write transaction at
   * a time, so there is nothing to do.
   */
  async lockKey(key: string): Promise<void> {
    if (!locksRows(this.db)) return;
    const id = createHash('sha256').update(key).digest().readBigInt64BE(0);
    await sql`select pg_advisory_xact_lock(${id.toString()}::bigint)`.execute(this.db);
  }
}
