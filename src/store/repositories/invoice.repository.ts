import type { Invoice, InvoiceItem, New, Page, PageOf } from '../../ports/store.js';
import type { InvoiceRepository } from '../../ports/store/invoices.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository } from './base.js';

export class KyselyInvoiceRepository extends IdRepository<Invoice> implements InvoiceRepository {
  constructor(db: Executor) {
    super(db, 'invoices');
  }
  findByRefNumber(ref: string): Promise<Invoice | undefined> {
    return this.db.selectFrom('invoices').select(columns.invoices).where('ref_number', '=', ref).executeTakeFirst();
  }
  list(filter: { userId?: number; unpaid?: boolean }, page: Page): Promise<PageOf<Invoice>> {
    return this.page(
      { ...(filter.userId === undefined ? {} : { user_id: filter.userId }), ...(filter.unpaid ? { paid: 0 } : {}) },
      page,
    );
  }
  async items(invoiceIds: number[]): Promise<InvoiceItem[]> {
    if (invoiceIds.length === 0) return [];
    return this.db
      .selectFrom('invoice_items')
      .select(columns.invoice_items)
      .where('invoice_id', 'in', invoiceIds)
      .orderBy('invoice_id')
      .orderBy('position')
      .execute();
  }
  findOpenForPeriod(userId: number, period: string): Promise<Invoice | undefined> {
    return this.db
      .selectFrom('invoices')
      .select(columns.invoices)
      .where('user_id', '=', userId)
      .where('period', '=', period)
      .where('paid', '=', 0)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }
  async addItems(invoiceId: number, items: Array<Omit<New<InvoiceItem>, 'invoice_id'>>): Promise<void> {
    if (items.length === 0) return;
    await this.db.insertInto('invoice_items').values(items.map((i) => ({ ...i, invoice_id: invoiceId }))).execute();
  }
  override async create(
    invoice: New<Invoice>,
    items: Array<Omit<New<InvoiceItem>, 'invoice_id'>> = [],
  ): Promise<Invoice> {
    const created = await super.create(invoice);
    if (items.length > 0) {
      await this.db.insertInto('invoice_items').values(items.map((i) => ({ ...i, invoice_id: created.id }))).execute();
    }
    return created;
  }
}
