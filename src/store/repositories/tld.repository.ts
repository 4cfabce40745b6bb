import type { Tld, TldPrice, TldRepository } from '../../ports/store.js';
import { columns } from '../schema.js';
import type { Executor } from './base.js';

export class KyselyTldRepository implements TldRepository {
  constructor(private readonly db: Executor) {}

  find(tld: string): Promise<Tld | undefined> {
    return this.db.selectFrom('tlds').select(columns.tlds).where('tld', '=', tld).executeTakeFirst();
  }
  list(): Promise<Tld[]> {
    return this.db.selectFrom('tlds').select(columns.tlds).orderBy('tld').execute();
  }
  prices(tld: string): Promise<TldPrice[]> {
    return this.db.selectFrom('tld_prices').select(columns.tld_prices).where('tld', '=', tld).orderBy('period_months').execute();
  }
  async pricesOf(tlds: string[]): Promise<TldPrice[]> {
    if (tlds.length === 0) return [];
    return this.db
      .selectFrom('tld_prices')
      .select(columns.tld_prices)
      .where('tld', 'in', tlds)
      .orderBy('tld')
      .orderBy('period_months')
      .execute();
  }
  async upsert(tld: string, onSale: boolean, at: string): Promise<void> {
    await this.db
      .insertInto('tlds')
      .values({ tld, on_sale: onSale ? 1 : 0, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('tld').doUpdateSet({ on_sale: onSale ? 1 : 0, updated_at: at }))
      .execute();
  }
  async setRules(tld: string, rules: Pick<Tld, 'min_length' | 'max_length' | 'idn_chars' | 'idn_scripts'>, at: string): Promise<void> {
    await this.db.updateTable('tlds').set({ ...rules, updated_at: at }).where('tld', '=', tld).execute();
  }
  async setIdentityRequired(tld: string, required: boolean, at: string): Promise<void> {
    await this.db.updateTable('tlds').set({ registrant_identity_required: required ? 1 : 0, updated_at: at }).where('tld', '=', tld).execute();
  }
  async setPrice(price: TldPrice): Promise<void> {
    await this.db
      .insertInto('tld_prices')
      .values(price)
      .onConflict((oc) => oc.columns(['tld', 'period_months']).doUpdateSet({ price_cents: price.price_cents }))
      .execute();
  }
  async removePrice(tld: string, periodMonths: number): Promise<void> {
    await this.db.deleteFrom('tld_prices').where('tld', '=', tld).where('period_months', '=', periodMonths).execute();
  }
}
