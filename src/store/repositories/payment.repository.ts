import type { New, Page, PageOf } from '../../ports/store.js';
import type { Payment, PaymentRepository } from '../../ports/store/payments.js';
import { columns } from '../schema.js';
import { type Executor, write } from './base.js';

/** payments (migration 020). */
export class KyselyPaymentRepository implements PaymentRepository {
  constructor(private readonly db: Executor) {}

  async findByBankRef(account: string, bankRef: string): Promise<Payment | undefined> {
    return (await this.db
      .selectFrom('payments')
      .select(columns.payments)
      .where('account', '=', account)
      .where('bank_ref', '=', bankRef)
      .executeTakeFirst()) as Payment | undefined;
  }
  async create(payment: New<Payment>): Promise<Payment> {
    return (await write(() => this.db.insertInto('payments').values(payment).returning(columns.payments).executeTakeFirstOrThrow())) as Payment;
  }
  async list(filter: { unmatched?: boolean; invoiceId?: number }, page: Page): Promise<PageOf<Payment>> {
    let items = this.db.selectFrom('payments').select(columns.payments);
    let count = this.db.selectFrom('payments').select((eb) => eb.fn.countAll().as('n'));
    if (filter.unmatched) {
      items = items.where('status', '=', 'unmatched');
      count = count.where('status', '=', 'unmatched');
    }
    if (filter.invoiceId !== undefined) {
      items = items.where('invoice_id', '=', filter.invoiceId);
      count = count.where('invoice_id', '=', filter.invoiceId);
    }
    const [rows, total] = await Promise.all([
      items.orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    return { items: rows as Payment[], total: Number(total.n) };
  }
  async appliedTo(invoiceIds: number[]): Promise<Map<number, number>> {
    if (invoiceIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('payments')
      .select((eb) => ['invoice_id', eb.fn.sum<number | string>(eb('amount_cents', '-', eb.ref('excess_cents'))).as('applied')])
      .where('invoice_id', 'in', invoiceIds)
      .groupBy('invoice_id')
      .execute();
    // PostgreSQL sums integers as bigint, which its driver answers as a string.
    return new Map(rows.map((r) => [r.invoice_id!, Number(r.applied)]));
  }
}
