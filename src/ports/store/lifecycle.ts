import type { Domain, Service } from '../store.js';

/** Bounds on an expiry date (YYYY-MM-DD): `before` is exclusive, `notBefore` inclusive. */
export interface ExpiryRange {
  before?: string;
  notBefore?: string;
}

/** One renewal the lifecycle worker billed (see core/lifecycle/renewal-invoices.ts). */
export interface Renewal {
  id: number;
  subject: 'domain' | 'service';
  subject_id: number;
  /** The expiry date (YYYY-MM-DD) the renewal extends from. */
  period_end: string;
  invoice_id: number | null;
  order_id: number | null;
  /** 'invoiced' | 'applied' */
  status: string;
  created_at: string;
  updated_at: string;
}

/**
 * The lifecycle worker's selections across domains and services, and its renewals. Status changes
 * are compare-and-set (`from` -> `to`), so two workers running the schedule at once cannot both
 * make the same change (and both send its notification).
 */
export interface LifecycleRepository {
  /**
   * Domains with renewal on, in one of `statuses`, expiring on or before `until`, for which no
   * renewal from their current expiry was billed yet; oldest expiry first.
   */
  domainsToRenew(statuses: string[], until: string, limit: number): Promise<Domain[]>;
  /** Services likewise (kinds given are left out). */
  servicesToRenew(statuses: string[], until: string, excludeKinds: string[], limit: number): Promise<Service[]>;
  /**
   * Domains in `status` whose expiry date is before `expiry.before` and/or on or after
   * `expiry.notBefore`; oldest expiry first.
   */
  domainsByExpiry(status: string, expiry: ExpiryRange, limit: number): Promise<Domain[]>;
  /** Services likewise. */
  servicesByExpiry(status: string, expiry: ExpiryRange, limit: number): Promise<Service[]>;
  /**
   * Live domains (not transferred away or deleted) under `tlds` that the nightly registry sync has not compared
   * with the registry on `day` (YYYY-MM-DD) yet, by id (migration 016's registry_synced_on).
   */
  domainsToSync(day: string, tlds: string[], limit: number): Promise<Domain[]>;
  /** Records that domain `id` was compared with the registry on `day`. */
  markSynced(id: number, day: string): Promise<void>;
  /** Sets a domain's status from `from` to `to`; false when it was no longer `from`. */
  transitionDomain(id: number, from: string, to: string, at: string): Promise<boolean>;
  transitionService(id: number, from: string, to: string, at: string): Promise<boolean>;
  /** Throws UniqueViolation when this subject's renewal from this expiry exists already. */
  createRenewal(renewal: Omit<Renewal, 'id'>): Promise<Renewal>;
  /** Service renewals still 'invoiced' whose invoice is paid, oldest first. */
  paidServiceRenewals(limit: number): Promise<Renewal[]>;
  /** The renewals billed on invoice `invoiceId` (what it pays for, besides its orders), by id. */
  renewalsOfInvoice(invoiceId: number): Promise<Renewal[]>;
  /** The renewals of one domain or service, by id. */
  renewalsOf(subject: Renewal['subject'], subjectId: number): Promise<Renewal[]>;
  /** Marks a renewal applied; false when it was not 'invoiced' any more (another worker applied it). */
  markApplied(id: number, at: string): Promise<boolean>;
}
