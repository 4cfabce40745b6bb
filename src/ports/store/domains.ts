import type { Domain, New, Page, PageOf, Patch } from '../store.js';

export interface DomainRepository {
  findById(id: number): Promise<Domain | undefined>;
  /** The one row for `fqdn` that is not transferred away or deleted. */
  findLiveByFqdn(fqdn: string): Promise<Domain | undefined>;
  listByUser(userId: number, page: Page): Promise<PageOf<Domain>>;
  create(domain: New<Domain>): Promise<Domain>;
  update(id: number, patch: Patch<Domain>): Promise<void>;
}
