import type { New, Page, PageOf, Patch, Service } from '../store.js';

export interface ServiceRepository {
  findById(id: number): Promise<Service | undefined>;
  listByUser(userId: number, page: Page): Promise<PageOf<Service>>;
  listByDomain(domainId: number, page: Page): Promise<PageOf<Service>>;
  create(service: New<Service>): Promise<Service>;
  update(id: number, patch: Patch<Service>): Promise<void>;
}
