import type { New, Order, Patch } from '../store.js';

export type OrderTerm = Pick<Order, 'id' | 'domain_id' | 'kind' | 'status' | 'years'>;

export interface OrderRepository {
  findById(id: number): Promise<Order | undefined>;
  /**
   * An unprocessed (open or paid, not yet fulfilled) order for a name, of one of `kinds` (default:
   * any), the oldest first. There is at most one per group of kinds (core/domains/order-kinds.ts).
   */
  findOpenByFqdn(fqdn: string, kinds?: readonly string[]): Promise<Order | undefined>;
  /** The order placed by the request with this key (see Order.request_key). */
  findByRequestKey(requestKey: string): Promise<Order | undefined>;
  listByInvoice(invoiceId: number): Promise<Order[]>;
  /**
   * Every order for the given domains, oldest first, with what a registration period is read from
   * (a partner's domain list reads them for a hundred domains at a time: whole rows cost twice as much).
   */
  listTermsByDomains(domainIds: number[]): Promise<OrderTerm[]>;
  create(order: New<Order>): Promise<Order>;
  update(id: number, patch: Patch<Order>): Promise<void>;
}
