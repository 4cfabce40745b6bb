import type { Page, PageOf, Service } from '../../ports/store.js';
import type { ServiceRepository } from '../../ports/store/services.js';
import { type Executor, IdRepository } from './base.js';

export class KyselyServiceRepository extends IdRepository<Service> implements ServiceRepository {
  constructor(db: Executor) {
    super(db, 'services');
  }
  listByUser(userId: number, page: Page): Promise<PageOf<Service>> {
    return this.page({ user_id: userId }, page);
  }
  listByDomain(domainId: number, page: Page): Promise<PageOf<Service>> {
    return this.page({ domain_id: domainId }, page);
  }
}
