import type { RegistryRecord, RegistryRecordRepository } from '../../ports/store/registry.js';
import { columns } from '../schema.js';
import { type Executor, write } from './base.js';

export class KyselyRegistryRecordRepository implements RegistryRecordRepository {
  constructor(private readonly db: Executor) {}

  find(name: string): Promise<RegistryRecord | undefined> {
    return this.db.selectFrom('registry_domains').select(columns.registry_domains).where('name', '=', name).executeTakeFirst();
  }
  async create(record: RegistryRecord): Promise<void> {
    await write(() => this.db.insertInto('registry_domains').values(record).execute());
  }
  async update(name: string, patch: Partial<Omit<RegistryRecord, 'name'>>): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable('registry_domains').set(patch).where('name', '=', name).execute();
  }
  listByRegistrantKey(key: string): Promise<RegistryRecord[]> {
    return this.db.selectFrom('registry_domains').select(columns.registry_domains).where('registrant_key', '=', key).orderBy('name').execute();
  }
  async delete(name: string): Promise<void> {
    await this.db.deleteFrom('registry_domains').where('name', '=', name).execute();
  }
}
