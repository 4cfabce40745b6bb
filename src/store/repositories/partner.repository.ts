import type { ApiKey, ApiKeyRepository, Partner, PartnerRepository, PartnerToken, PartnerTokenRepository } from '../../ports/store/partners.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository } from './base.js';
import { preparedArrays } from '../prepared.js';
import { JoinedRow, JoinedTable } from './joined-row.js';

const partnerRow = new JoinedTable<Partner>('p', columns.partners);
const keyAndPartner = new JoinedRow<[ApiKey, Partner]>(new JoinedTable('k', columns.api_keys), partnerRow);
const tokenAndPartner = new JoinedRow<[PartnerToken, Partner]>(new JoinedTable('t', columns.partner_tokens), partnerRow);

// A credential with its partner, by the credential's visible prefix: one read per partner API request.
const keyWithPartner = preparedArrays((db, prefix: string) =>
  db
    .selectFrom('api_keys as k')
    .leftJoin('partners as p', 'p.id', 'k.partner_id')
    .select(keyAndPartner.select(db) as unknown as 'k.id'[])
    .where('k.prefix', '=', prefix),
);
const tokenWithPartner = preparedArrays((db, prefix: string) =>
  db
    .selectFrom('partner_tokens as t')
    .leftJoin('partners as p', 'p.id', 't.partner_id')
    .select(tokenAndPartner.select(db) as unknown as 't.id'[])
    .where('t.prefix', '=', prefix),
);

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
  async findByPrefixWithPartner(prefix: string): Promise<{ key: ApiKey; partner: Partner | undefined } | undefined> {
    const row = (await keyWithPartner(this.db, prefix))[0];
    if (!row) return undefined;
    const [key, partner] = keyAndPartner.split(row);
    return { key: key!, partner };
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
  async findByPrefixWithPartner(prefix: string): Promise<{ token: PartnerToken; partner: Partner | undefined } | undefined> {
    const row = (await tokenWithPartner(this.db, prefix))[0];
    if (!row) return undefined;
    const [token, partner] = tokenAndPartner.split(row);
    return { token: token!, partner };
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
