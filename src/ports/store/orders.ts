import type { New, Order, Patch } from '../store.js';

export interface OrderRepository {
  findById(id: number): Promise<Order | undefined>;
  /** The unprocessed (open or paid, not yet fulfilled) order for a name, if any. */
  findOpenByFqdn(fqdn: string): Promise<Order | undefined>;
  /** The order placed by the request with this key (see Order.request_key). */
  findByRequestKey(requestKey: string): Promise<Order | undefined>;
  listByInvoice(invoiceId: number): Promise<Order[]>;
  /** Every order for the given domains, oldest first. */
  listByDomains(domainIds: number[]): Promise<Order[]>;
  create(order: New<Order>): Promise<Order>;
  update(id: number, patch: Patch<Order>): Promise<void>;
}
