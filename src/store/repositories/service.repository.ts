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
  async listByPartner(partner: { id: number; user_id: number }, filter: { userId?: number; kinds?: string[] }): Promise<Service[]> {
    if (filter.kinds?.length === 0) return [];
    let q = this.q
      .selectFrom('services')
      .innerJoin('users', 'users.id', 'services.user_id')
      .select(this.cols.map((c) => `services.${c}`))
      .where((eb: any) => eb.or([eb('users.id', '=', partner.user_id), eb('users.partner_id', '=', partner.id)]))
      .where('users.deleted_at', 'is', null)
      .where('services.status', '<>', 'deleted');
    if (filter.userId !== undefined) q = q.where('services.user_id', '=', filter.userId);
    if (filter.kinds) q = q.where('services.kind', 'in', filter.kinds);
    return (await q.orderBy('services.id').execute()) as Service[];
  }
}
