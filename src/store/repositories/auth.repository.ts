import type { AuthRepository, Contact, Domain, User, UserWithDomain, Zone } from '../../ports/store.js';
import { columns } from '../schema.js';
import type { Executor } from './base.js';
import { prepared, preparedArrays } from '../prepared.js';
import { JoinedRow, JoinedTable } from './joined-row.js';
import { normalizeZone } from './zone.repository.js';

const userOfToken = prepared((db, userId: number, jti: string) =>
  db
    .selectFrom('users')
    .select(columns.users)
    .where('id', '=', userId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('revoked_tokens').select('jti').where('jti', '=', jti)))),
);

const userRow = new JoinedTable<User>('u', columns.users);
const domainRow = new JoinedTable<Domain>('d', columns.domains);
const contactRow = new JoinedTable<Contact>('c', columns.contacts);
const userDomainContactZone = new JoinedRow<[User, Domain, Contact, Zone]>(userRow, domainRow, contactRow, new JoinedTable('z', columns.zones));

// The user decides whether there is a row at all (as in userOfToken); the domain is joined whoever
// holds it (core tells "not found" from "another user's"), its contact and zone only for its own
// holder. One statement for the domain GET and the records GET (a contact or a zone the request
// does not show costs an index lookup in a statement it makes anyway: less than a second statement).
const userOfTokenWithDomain = preparedArrays((db, userId: number, jti: string, fqdn: string) =>
  db
    .selectFrom('users as u')
    .leftJoin('domains as d', (join) => join.on('d.fqdn', '=', fqdn).on('d.status', 'not in', ['transferred', 'deleted']))
    .leftJoin('contacts as c', (join) => join.onRef('c.id', '=', 'd.billing_contact_id').onRef('d.user_id', '=', 'u.id'))
    .leftJoin('zones as z', (join) => join.onRef('z.domain_id', '=', 'd.id').onRef('d.user_id', '=', 'u.id'))
    .select(userDomainContactZone.select(db) as unknown as 'u.id'[])
    .where('u.id', '=', userId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('revoked_tokens').select('jti').where('jti', '=', jti)))),
);

export class KyselyAuthRepository implements AuthRepository {
  constructor(private readonly db: Executor) {}

  async isRevoked(jti: string): Promise<boolean> {
    const row = await this.db.selectFrom('revoked_tokens').select('jti').where('jti', '=', jti).executeTakeFirst();
    return row !== undefined;
  }
  async userOfToken(userId: number, jti: string): Promise<User | undefined> {
    return (await userOfToken(this.db, userId, jti))[0];
  }
  async userOfTokenWithDomain(userId: number, jti: string, fqdn: string): Promise<UserWithDomain | undefined> {
    const row = (await userOfTokenWithDomain(this.db, userId, jti, fqdn))[0];
    if (!row) return undefined;
    const [user, domain, billingContact, zone] = userDomainContactZone.split(row);
    return { user: user!, domain, billingContact, zone: normalizeZone(zone) };
  }
  async revoke(jti: string, expiresAt: string): Promise<void> {
    await this.db
      .insertInto('revoked_tokens')
      .values({ jti, expires_at: expiresAt })
      .onConflict((oc) => oc.column('jti').doNothing())
      .execute();
  }
  async failuresSince(username: string, since: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('login_failures')
      .select('failed_at')
      .where('username', '=', username)
      .where('failed_at', '>', since)
      .orderBy('failed_at')
      .execute();
    return rows.map((r) => r.failed_at);
  }
  async latestFailuresFrom(address: string, since: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('login_failures')
      .select('failed_at')
      .where('address', '=', address)
      .where('failed_at', '>', since)
      .orderBy('failed_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.failed_at);
  }
  async addFailure(username: string, at: string, address?: string): Promise<void> {
    await this.db.insertInto('login_failures').values({ username, failed_at: at, address: address ?? null }).execute();
  }
  async clearFailures(username: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('username', '=', username).execute();
  }
  async pruneFailures(before: string): Promise<number> {
    const r = await this.db.deleteFrom('login_failures').where('failed_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
  async pruneRevoked(at: string): Promise<number> {
    const r = await this.db.deleteFrom('revoked_tokens').where('expires_at', '<', at).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
