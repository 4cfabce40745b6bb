import type { Order } from '../../ports/store.js';
import type { OrderRepository } from '../../ports/store/orders.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository } from './base.js';

export class KyselyOrderRepository extends IdRepository<Order> implements OrderRepository {
  constructor(db: Executor) {
    super(db, 'orders');
  }
  findOpenByFqdn(fqdn: string): Promise<Order | undefined> {
    return this.db
      .selectFrom('orders')
      .select(columns.orders)
      .where('fqdn', '=', fqdn)
      .where('status', 'in', ['open', 'paid'])
      .executeTakeFirst();
  }
  listByInvoice(invoiceId: number): Promise<Order[]> {
    return this.db.selectFrom('orders').select(columns.orders).where('invoice_id', '=', invoiceId).orderBy('id').execute();
  }
}
