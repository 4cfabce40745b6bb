import type { Domain, New, Page, PageOf, Patch } from '../store.js';

export interface DomainRepository {
  findById(id: number): Promise<Domain | undefined>;
  /** The one row for `fqdn` that is not transferred away or deleted. */
  findLiveByFqdn(fqdn: string): Promise<Domain | undefined>;
  listByUser(userId: number, page: Page): Promise<PageOf<Domain>>;
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
