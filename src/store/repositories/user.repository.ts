import { sql } from 'kysely';
import type { Page, PageOf, User, UserRepository } from '../../ports/store.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository } from './base.js';

/** `text` as a LIKE pattern that matches it anywhere, its own % _ and \ taken literally. */
export const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class KyselyUserRepository extends IdRepository<User> implements UserRepository {
  constructor(db: Executor) {
    super(db, 'users');
  }
  findByUsername(username: string): Promise<User | undefined> {
    return this.db.selectFrom('users').select(columns.users).where('username', '=', username).executeTakeFirst();
  }
  list(page: Page): Promise<PageOf<User>> {
    return this.page({}, page);
  }
  listByPartner(partnerId: number, keyword?: string): Promise<User[]> {
    let query = this.db
      .selectFrom('users')
      .select(columns.users)
      .where('partner_id', '=', partnerId)
      .where('deleted_at', 'is', null);
    if (keyword) {
      // lower() on both sides: LIKE is case-insensitive on SQLite but not on PostgreSQL.
      const pattern = containsPattern(keyword);
      const like = (column: string) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
      query = query.where('primary_contact_id', 'in', (eb) =>
        eb.selectFrom('contacts').select('id').where((c) => c.or([like('first_name'), like('last_name'), like('company_name')])),
      );
    }
    return query.orderBy('id').execute();
  }
  async pageByPartner(partnerId: number, page: Page): Promise<PageOf<User>> {
    const base = this.db.selectFrom('users').where('partner_id', '=', partnerId).where('deleted_at', 'is', null);
    const [items, total] = await Promise.all([
      base.select(columns.users).orderBy('id').limit(page.limit).offset(page.offset).execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }
  findByEmail(email: string): Promise<User | undefined> {
    return this.db
      .selectFrom('users')
      .select(columns.users)
      .where(sql<string>`lower(${sql.ref('email')})`, '=', email.toLowerCase())
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }
}
