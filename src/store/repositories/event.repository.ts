import type { New, Page, PageOf } from '../../ports/store.js';
import type { ActorKind, EventFilter, EventRepository, EventRow } from '../../ports/store/events.js';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { columns, type Database } from '../schema.js';
import type { Executor } from './base.js';
import { prepared } from '../prepared.js';

/**
 * An event whose partner_id is its account's partner (EventRepository.appendOfAccount): the partner
 * whose client the account is, else the partner whose own account it is. Every event of an account
 * needs it, so it is a subquery of the insert rather than a read before it; built once (prepared), so
 * the account is bound once for each place it is used.
 */
const appendOfAccount = prepared((
  db, userId: number, type: string, subject: string, data: string, actorKind: ActorKind, actorId: string | null,
  requestId: string | null, address: string | null, createdAt: string, clientOf: number, ownOf: number,
) =>
  db.insertInto('events').values((eb) => ({
    user_id: userId, type, subject, data, actor_kind: actorKind, actor_id: actorId, request_id: requestId, address, created_at: createdAt,
    partner_id: eb.fn.coalesce(
      eb.selectFrom('users').select('partner_id').where('id', '=', clientOf),
      eb.selectFrom('partners').select('id').where('user_id', '=', ownOf),
    ),
  })).returning(columns.events));

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

  async appendOfAccount(event: Omit<New<EventRow>, 'partner_id'> & { user_id: number }): Promise<EventRow> {
    const e = event;
    const [row] = await appendOfAccount(
      this.db, e.user_id, e.type, e.subject, e.data, e.actor_kind, e.actor_id, e.request_id, e.address, e.created_at, e.user_id, e.user_id,
    );
    return row as EventRow;
  }
}
