import type { IdempotencyRecord, IdempotencyRepository } from '../../ports/store/idempotency.js';
import { columns } from '../schema.js';
import { type Executor, write } from './base.js';

export class KyselyIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly db: Executor) {}

  find(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.db
      .selectFrom('idempotency_keys')
      .select(columns.idempotency_keys)
      .where('scope', '=', scope)
      .where('idem_key', '=', key)
      .executeTakeFirst();
  }
  create(record: Omit<IdempotencyRecord, 'id'>): Promise<IdempotencyRecord> {
    return write(() =>
      this.db.insertInto('idempotency_keys').values(record).returning(columns.idempotency_keys).executeTakeFirstOrThrow(),
    );
  }
  async complete(id: number, status: number, body: string): Promise<void> {
    await this.db.updateTable('idempotency_keys').set({ response_status: status, response_body: body }).where('id', '=', id).execute();
  }
  async release(id: number, createdAt: string): Promise<boolean> {
    const r = await this.db.deleteFrom('idempotency_keys').where('id', '=', id).where('created_at', '=', createdAt).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async purgeExpired(now: string): Promise<number> {
    const r = await this.db.deleteFrom('idempotency_keys').where('expires_at', '<', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
