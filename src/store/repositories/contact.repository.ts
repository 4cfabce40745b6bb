import type { Contact, ContactRepository, Page, PageOf } from '../../ports/store.js';
import { type Executor, IdRepository } from './base.js';

export class KyselyContactRepository extends IdRepository<Contact> implements ContactRepository {
  constructor(db: Executor) {
    super(db, 'contacts');
  }
  listByUser(userId: number, page: Page): Promise<PageOf<Contact>> {
    return this.page({ user_id: userId }, page);
  }
  async isAssignedToDomain(id: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('domains')
      .select('id')
      .where((eb) => eb.or([eb('registrant_contact_id', '=', id), eb('billing_contact_id', '=', id)]))
      .where('status', 'not in', ['transferred', 'deleted'])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
