import type { ApiKey, ApiKeyRepository, Partner, PartnerRepository, PartnerToken, PartnerTokenRepository } from '../../ports/store/partners.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository } from './base.js';

export class KyselyPartnerRepository extends IdRepository<Partner> implements PartnerRepository {
  constructor(db: Executor) {
    super(db, 'partners');
  }
  findByClientId(clientId: string): Promise<Partner | undefined> {
    return this.db.selectFrom('partners').select(columns.partners).where('client_id', '=', clientId).executeTakeFirst();
  }
  list(): Promise<Partner[]> {
    return this.db.selectFrom('partners').select(columns.partners).orderBy('id').execute();
  }
}

export class KyselyApiKeyRepository extends IdRepository<ApiKey> implements ApiKeyRepository {
  constructor(db: Executor) {
    super(db, 'api_keys');
  }
  findByPrefix(prefix: string): Promise<ApiKey | undefined> {
    return this.db.selectFrom('api_keys').select(columns.api_keys).where('prefix', '=', prefix).executeTakeFirst();
  }
  listByPartner(partnerId: number): Promise<ApiKey[]> {
    return this.db.selectFrom('api_keys').select(columns.api_keys).where('partner_id', '=', partnerId).orderBy('id').execute();
  }
}

export class KyselyPartnerTokenRepository extends IdRepository<PartnerToken> implements PartnerTokenRepository {
  constructor(db: Executor) {
    super(db, 'partner_tokens');
  }
  async findByPrefix(prefix: string): Promise<PartnerToken | undefined> {
    return (await this.db
      .selectFrom('partner_tokens')
      .select(columns.partner_tokens)
      .where('prefix', '=', prefix)
      .executeTakeFirst()) as PartnerToken | undefined;
  }
  async revokeAll(partnerId: number, at: string): Promise<number> {
    const result = await this.db
      .updateTable('partner_tokens')
      .set({ revoked_at: at })
      .where('partner_id', '=', partnerId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
  async deleteExpired(before: string): Promise<number> {
    const result = await this.db.deleteFrom('partner_tokens').where('expires_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
