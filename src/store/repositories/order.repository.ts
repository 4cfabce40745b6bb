import type { Order } from '../../ports/store.js';
import type { OrderRepository, OrderTerm } from '../../ports/store/orders.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository } from './base.js';

export class KyselyOrderRepository extends IdRepository<Order> implements OrderRepository {
  constructor(db: Executor) {
    super(db, 'orders');
  }
  findByRequestKey(requestKey: string): Promise<Order | undefined> {
    return this.db.selectFrom('orders').select(columns.orders).where('request_key', '=', requestKey).executeTakeFirst();
  }
  findOpenByFqdn(fqdn: string, kinds?: readonly string[]): Promise<Order | undefined> {
    let query = this.db
      .selectFrom('orders')
      .select(columns.orders)
      .where('fqdn', '=', fqdn)
      .where('status', 'in', ['open', 'paid']);
    if (kinds) query = query.where('kind', 'in', [...kinds]);
    return query.orderBy('id').executeTakeFirst();
  }
  listByInvoice(invoiceId: number): Promise<Order[]> {
    return this.db.selectFrom('orders').select(columns.orders).where('invoice_id', '=', invoiceId).orderBy('id').execute();
  }
  async listTermsByDomains(domainIds: number[]): Promise<OrderTerm[]> {
    // In slices, to stay well under the bound-parameter limits of both dialects.
    const out: OrderTerm[] = [];
    for (let i = 0; i < domainIds.length; i += 500) {
      const slice = domainIds.slice(i, i + 500);
      out.push(...(await this.db.selectFrom('orders').select(['id', 'domain_id', 'kind', 'status', 'years']).where('domain_id', 'in', slice).execute()));
    }
    return out.sort((a, b) => a.id - b.id);
  }
}
