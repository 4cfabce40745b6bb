import type { Page, PageOf, User, UserRepository } from '../../ports/store.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository } from './base.js';

export class KyselyUserRepository extends IdRepository<User> implements UserRepository {
  constructor(db: Executor) {
    super(db, 'users');
  }
  findByUsername(username: string): Promise<User | undefined> {
    return this.db.selectFrom('users').select(columns.users).where('username', '=', username).executeTakeFirst();
  }
  list(page: Page): Promise<PageOf<User>> {
    return this.page({}, page);
  }
}
