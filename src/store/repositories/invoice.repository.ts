import type { Invoice, InvoiceItem, New, Page, PageOf } from '../../ports/store.js';
import type { InvoiceRepository, NewInvoice, OverdueQuery } from '../../ports/store/invoices.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository, write } from './base.js';

export class KyselyInvoiceRepository extends IdRepository<Invoice> implements InvoiceRepository {
  constructor(db: Executor) {
    super(db, 'invoices');
  }
  findByRefNumber(ref: string): Promise<Invoice | undefined> {
    return this.db.selectFrom('invoices').select(columns.invoices).where('ref_number', '=', ref).executeTakeFirst();
  }
  async list(filter: { userId?: number; unpaid?: boolean; overdueOn?: string }, page: Page): Promise<PageOf<Invoice>> {
    if (filter.overdueOn !== undefined) {
      let items = this.db.selectFrom('invoices').select(columns.invoices).where('paid', '=', 0).where('due_date', '<', filter.overdueOn);
      let count = this.db.selectFrom('invoices').select((eb) => eb.fn.countAll().as('n')).where('paid', '=', 0).where('due_date', '<', filter.overdueOn);
      if (filter.userId !== undefined) {
        items = items.where('user_id', '=', filter.userId);
        count = count.where('user_id', '=', filter.userId);
      }
      const [rows, total] = await Promise.all([
        items.orderBy('id').limit(page.limit).offset(page.offset).execute(),
        count.executeTakeFirstOrThrow(),
      ]);
      return { items: rows as Invoice[], total: Number(total.n) };
    }
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
  overdue(query: OverdueQuery, limit: number): Promise<Invoice[]> {
    let q = this.db
      .selectFrom('invoices')
      .select(columns.invoices)
      .where('paid', '=', 0)
      .where('dunning_stage', 'in', query.stages)
      .where('total_cents', '>', 0)
      .where('due_date', '<=', query.dueOnOrBefore)
      .where((eb) => eb.or([eb('period', 'is', null), eb('period', '<', query.periodBefore)]));
    if (query.lastStepBefore !== undefined) {
      q = q.where((eb) => eb.or([eb('dunning_at', 'is', null), eb('dunning_at', '<', query.lastStepBefore!)]));
    }
    return q.orderBy('due_date').orderBy('id').limit(limit).execute() as Promise<Invoice[]>;
  }
  async advanceDunning(id: number, from: number, to: number, at: string): Promise<boolean> {
    const r = await write(() =>
      this.db
        .updateTable('invoices')
        .set({ dunning_stage: to, dunning_at: at, updated_at: at })
        .where('id', '=', id)
        .where('paid', '=', 0)
        .where('dunning_stage', '=', from)
        .executeTakeFirst(),
    );
    return Number(r.numUpdatedRows) > 0;
  }
  async addItems(invoiceId: number, items: Array<Omit<New<InvoiceItem>, 'invoice_id'>>): Promise<void> {
    if (items.length === 0) return;
    await this.db.insertInto('invoice_items').values(items.map((i) => ({ ...i, invoice_id: invoiceId }))).execute();
  }
  override async create(
    invoice: NewInvoice,
    items: Array<Omit<New<InvoiceItem>, 'invoice_id'>> = [],
  ): Promise<Invoice> {
    const created = await super.create({ dunning_stage: 0, dunning_at: null, ...invoice });
    if (items.length > 0) {
      await this.db.insertInto('invoice_items').values(items.map((i) => ({ ...i, invoice_id: created.id }))).execute();
    }
    return created;
  }
}
