import type { New, Page, PageOf, Patch, Service } from '../store.js';

export interface ServiceRepository {
  findById(id: number): Promise<Service | undefined>;
  listByUser(userId: number, page: Page): Promise<PageOf<Service>>;
  listByDomain(domainId: number, page: Page): Promise<PageOf<Service>>;
  /**
   * The services of a partner's accounts (its own, `user_id`, and its clients'), or of one of them
   * (`userId`), by id; only the given kinds when `kinds` is set. Deleted services, and those of deleted
   * clients, are left out.
   */
  listByPartner(partner: { id: number; user_id: number }, filter: { userId?: number; kinds?: string[] }): Promise<Service[]>;
  create(service: New<Service>): Promise<Service>;
  update(id: number, patch: Patch<Service>): Promise<void>;
}
