import type { Domain, New, Page, PageOf, Patch } from '../store.js';

export interface DomainRepository {
  findById(id: number): Promise<Domain | undefined>;
  /** The one row for `fqdn` that is not transferred away or deleted. */
  findLiveByFqdn(fqdn: string): Promise<Domain | undefined>;
  /**
   * A page of the user's live domains by id; with `keyword`, only those whose name (punycode or
   * unicode) contains it, case-insensitively. Paged in the store: an account may hold 100,000.
   */
  listByUser(userId: number, page: Page, keyword?: string): Promise<PageOf<Domain>>;
  /** The user's live domains expiring on or before `lastDay` (YYYY-MM-DD), soonest first, at most `limit`. */
  listExpiringByUser(userId: number, lastDay: string, limit: number): Promise<Domain[]>;
  /**
   * A page of every account's domains by id (the operator's view): those in `status` when given,
   * otherwise the live ones (not transferred away or deleted); only `userId`'s when given.
   */
  list(filter: { userId?: number; status?: string }, page: Page): Promise<PageOf<Domain>>;
  /** The live domains of a partner: its own account's (`partnerUserId`) and its clients', by id. */
  listByPartner(partnerId: number, partnerUserId: number): Promise<Domain[]>;
  /** How many live domains are under any of `tlds` (an operator removing the registry that serves them). */
  countLiveByTlds(tlds: string[]): Promise<number>;
  create(domain: New<Domain>): Promise<Domain>;
  update(id: number, patch: Patch<Domain>): Promise<void>;
}
