import type { PanelAccountKind, PanelSession, PanelSessionRepository, PartnerUser, PartnerUserRepository } from '../../ports/store/panel.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository, write } from './base.js';

export class KyselyPartnerUserRepository extends IdRepository<PartnerUser> implements PartnerUserRepository {
  constructor(db: Executor) {
    super(db, 'partner_users');
  }
  findByEmail(email: string): Promise<PartnerUser | undefined> {
    return this.db.selectFrom('partner_users').select(columns.partner_users).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  }
  listByPartner(partnerId: number): Promise<PartnerUser[]> {
    return this.db.selectFrom('partner_users').select(columns.partner_users).where('partner_id', '=', partnerId).orderBy('id').execute();
  }
}

export class KyselyPanelSessionRepository implements PanelSessionRepository {
  constructor(private readonly db: Executor) {}
  async find(tokenHash: string): Promise<PanelSession | undefined> {
    return (await this.db.selectFrom('panel_sessions').select(columns.panel_sessions).where('token_hash', '=', tokenHash).executeTakeFirst()) as
      | PanelSession
      | undefined;
  }
  async create(session: PanelSession): Promise<void> {
    await write(() => this.db.insertInto('panel_sessions').values(session).execute());
  }
  async touch(tokenHash: string, at: string): Promise<void> {
    await this.db.updateTable('panel_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
  }
  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('panel_sessions').where('token_hash', '=', tokenHash).execute();
  }
  async deleteByAccount(kind: PanelAccountKind, accountId: number): Promise<number> {
    const r = await this.db.deleteFrom('panel_sessions').where('account_kind', '=', kind).where('account_id', '=', accountId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
  async deleteExpired(at: string, idleBefore: string): Promise<number> {
    const r = await this.db
      .deleteFrom('panel_sessions')
      .where((eb) => eb.or([eb('expires_at', '<', at), eb('last_seen_at', '<', idleBefore)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
