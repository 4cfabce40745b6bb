import type { MessageRepository, PasswordReset, SentMail } from '../../ports/store/messages.js';
import type { Domain } from '../../ports/store.js';
import { columns } from '../schema.js';
import { type Executor, write } from './base.js';

const RESET_COLUMNS = ['id', 'user_id', 'token_hash', 'expires_at', 'used_at', 'created_at'] as const;

/** mail_sent, expiry_reminders and password_resets (migration 023). */
export class KyselyMessageRepository implements MessageRepository {
  constructor(private readonly db: Executor) {}

  async findSent(messageId: string): Promise<SentMail | undefined> {
    return this.db.selectFrom('mail_sent').select(['message_id', 'recipient', 'template', 'sent_at']).where('message_id', '=', messageId).executeTakeFirst();
  }
  async recordSent(mail: SentMail): Promise<void> {
    await this.db.insertInto('mail_sent').values(mail).onConflict((oc) => oc.column('message_id').doNothing()).execute();
  }
  async claimReminder(domainId: number, expDate: string, days: number, at: string): Promise<boolean> {
    // ON CONFLICT DO NOTHING rather than catching the unique error: on PostgreSQL a failed insert would
    // abort the caller's transaction, and a second worker's insert waits for the first's commit, then
    // inserts nothing.
    const result = await this.db
      .insertInto('expiry_reminders')
      .values({ domain_id: domainId, exp_date: expDate, days, created_at: at })
      .onConflict((oc) => oc.columns(['domain_id', 'exp_date', 'days']).doNothing())
      .returning('domain_id')
      .executeTakeFirst();
    return result !== undefined;
  }
  domainsToRemind(notBefore: string, until: string, days: number, limit: number): Promise<Domain[]> {
    return this.db
      .selectFrom('domains')
      .select(columns.domains)
      .where('status', '=', 'active')
      .where('renew', '=', 0)
      .where('exp_date', '>=', notBefore)
      .where('exp_date', '<=', until)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('expiry_reminders as r').select('r.days')
          .whereRef('r.domain_id', '=', 'domains.id').whereRef('r.exp_date', '=', 'domains.exp_date').where('r.days', '=', days))))
      .orderBy('exp_date').orderBy('id').limit(limit).execute() as Promise<Domain[]>;
  }
  async createReset(reset: Omit<PasswordReset, 'id'>): Promise<PasswordReset> {
    return (await write(() => this.db.insertInto('password_resets').values(reset).returning(RESET_COLUMNS).executeTakeFirstOrThrow())) as PasswordReset;
  }
  async findReset(tokenHash: string): Promise<PasswordReset | undefined> {
    return (await this.db.selectFrom('password_resets').select(RESET_COLUMNS).where('token_hash', '=', tokenHash).executeTakeFirst()) as PasswordReset | undefined;
  }
  async useReset(id: number, at: string): Promise<boolean> {
    const result = await this.db.updateTable('password_resets').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
  async endResets(userId: number, at: string): Promise<void> {
    await this.db.updateTable('password_resets').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  }
  async pruneResets(before: string): Promise<number> {
    const result = await this.db.deleteFrom('password_resets').where('expires_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
