import type { RegistryContact, RegistryContactRepository } from '../../ports/store/registry-contacts.js';
import { columns } from '../schema.js';
import { type Executor, write } from './base.js';

export class KyselyRegistryContactRepository implements RegistryContactRepository {
  constructor(private readonly db: Executor) {}

  find(registry: string, contactKey: string): Promise<RegistryContact | undefined> {
    return this.db
      .selectFrom('registry_contacts')
      .select(columns.registry_contacts)
      .where('registry', '=', registry)
      .where('contact_key', '=', contactKey)
      .executeTakeFirst();
  }
  findByHandle(registry: string, handle: string): Promise<RegistryContact | undefined> {
    return this.db
      .selectFrom('registry_contacts')
      .select(columns.registry_contacts)
      .where('registry', '=', registry)
      .where('handle', '=', handle)
      .executeTakeFirst();
  }
  async save(row: RegistryContact): Promise<void> {
    // created_at is the first save's: a later one (the contact updated at the registry) keeps it.
    await write(() =>
      this.db
        .insertInto('registry_contacts')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['registry', 'contact_key']).doUpdateSet({ handle: row.handle, fingerprint: row.fingerprint, updated_at: row.updated_at }),
        )
        .execute(),
    );
  }
  async delete(registry: string, contactKey: string): Promise<void> {
    await this.db.deleteFrom('registry_contacts').where('registry', '=', registry).where('contact_key', '=', contactKey).execute();
  }
}
