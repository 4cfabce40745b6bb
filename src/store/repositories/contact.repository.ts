import type { Contact, ContactRepository, Page, PageOf } from '../../ports/store.js';
import { type Executor, IdRepository } from './base.js';
import { columns } from '../schema.js';

/** Domain statuses that no longer hold a contact (the same rule as the live-name index on domains). */
const ENDED_DOMAIN_STATUSES = ['transferred', 'deleted'];

export class KyselyContactRepository extends IdRepository<Contact> implements ContactRepository {
  constructor(db: Executor) {
    super(db, 'contacts');
  }
  async findByIds(ids: number[]): Promise<Contact[]> {
    const out: Contact[] = [];
    // Chunks well under SQLite's and PostgreSQL's bound-parameter limits.
    for (let i = 0; i < ids.length; i += 1_000) {
      const chunk = ids.slice(i, i + 1_000);
      out.push(...((await this.db.selectFrom('contacts').select(columns.contacts).where('id', 'in', chunk).execute()) as Contact[]));
    }
    return out;
  }
  listByUser(userId: number, page: Page): Promise<PageOf<Contact>> {
    return this.page({ user_id: userId }, page);
  }
  async isAssignedToDomain(id: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('domains')
      .select('id')
      .where((eb) => eb.or([eb('registrant_contact_id', '=', id), eb('billing_contact_id', '=', id)]))
      .where('status', 'not in', ENDED_DOMAIN_STATUSES)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
  async isRegistrantAtRegistry(id: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('domains')
      .select('id')
      .where('registrant_contact_id', '=', id)
      .where('status', 'not in', [...ENDED_DOMAIN_STATUSES, 'pending'])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
  async detachFromEndedDomains(id: number): Promise<void> {
    for (const column of ['registrant_contact_id', 'billing_contact_id'] as const) {
      await this.db
        .updateTable('domains')
        .set({ [column]: null })
        .where(column, '=', id)
        .where('status', 'in', ENDED_DOMAIN_STATUSES)
        .execute();
    }
  }
}
