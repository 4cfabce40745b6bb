import type { New, Page, PageOf } from '../../ports/store.js';
import type { EventFilter, EventRepository, EventRow } from '../../ports/store/events.js';
import { columns } from '../schema.js';
import type { Executor } from './base.js';

export class KyselyEventRepository implements EventRepository {
  constructor(private readonly db: Executor) {}

  async append(event: New<EventRow>): Promise<EventRow> {
    return (await this.db.insertInto('events').values(event).returning(columns.events).executeTakeFirstOrThrow()) as EventRow;
  }

  async list(filter: EventFilter, page: Page): Promise<PageOf<EventRow>> {
    const narrow = <Q extends { where: (...args: any[]) => any }>(query: Q): Q => {
      let q: any = query;
      if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
      if (filter.partnerId !== undefined) q = q.where('partner_id', '=', filter.partnerId);
      if (filter.type !== undefined) q = q.where('type', '=', filter.type);
      if (filter.since !== undefined) q = q.where('created_at', '>=', filter.since);
      if (filter.until !== undefined) q = q.where('created_at', '<', filter.until);
      return q as Q;
    };
    const [rows, total] = await Promise.all([
      narrow(this.db.selectFrom('events').select(columns.events))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      narrow(this.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n'))).executeTakeFirstOrThrow(),
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
