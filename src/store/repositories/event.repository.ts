import type { New, Page, PageOf } from '../../ports/store.js';
import type { EventFilter, EventRepository, EventRow } from '../../ports/store/events.js';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { columns, type Database } from '../schema.js';
import type { Executor } from './base.js';

export class KyselyEventRepository implements EventRepository {
  constructor(private readonly db: Executor) {}

  async append(event: New<EventRow>): Promise<EventRow> {
    return (await this.db.insertInto('events').values(event).returning(columns.events).executeTakeFirstOrThrow()) as EventRow;
  }

  async findById(id: number): Promise<EventRow | undefined> {
    return (await this.db.selectFrom('events').select(columns.events).where('id', '=', id).executeTakeFirst()) as EventRow | undefined;
  }

  async list(filter: EventFilter, page: Page): Promise<PageOf<EventRow>> {
    const matching = (eb: ExpressionBuilder<Database, 'events'>) => {
      const all: Expression<SqlBool>[] = [];
      if (filter.userId !== undefined) all.push(eb('user_id', '=', filter.userId));
      if (filter.partnerId !== undefined) all.push(eb('partner_id', '=', filter.partnerId));
      if (filter.type !== undefined) all.push(eb('type', '=', filter.type));
      if (filter.since !== undefined) all.push(eb('created_at', '>=', filter.since));
      if (filter.until !== undefined) all.push(eb('created_at', '<', filter.until));
      return eb.and(all);
    };
    const [rows, total] = await Promise.all([
      this.db.selectFrom('events').select(columns.events).where(matching)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      this.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where(matching).executeTakeFirstOrThrow(),
    ]);
    return { items: rows as EventRow[], total: Number(total.n) };
  }

  async partnerOfAccount(userId: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('users')
      .leftJoin('partners', 'partners.user_id', 'users.id')
      .select(['users.partner_id as client_of', 'partners.id as own_of'])
      .where('users.id', '=', userId)
      .executeTakeFirst();
    return row?.client_of ?? row?.own_of ?? undefined;
  }
}
