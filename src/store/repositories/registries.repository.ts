import type { RegistryConfig, RegistryConfigRepository, RegistryTld } from '../../ports/store/registries.js';
import { columns } from '../schema.js';
import { type Executor, write } from './base.js';

export class KyselyRegistryConfigRepository implements RegistryConfigRepository {
  constructor(private readonly db: Executor) {}

  async add(registry: RegistryConfig, tlds: string[]): Promise<void> {
    await write(async () => {
      await this.db.insertInto('registries').values(registry).execute();
      if (tlds.length > 0) await this.db.insertInto('registry_tlds').values(tlds.map((tld) => ({ tld, registry: registry.name }))).execute();
    });
  }
  async replace(registry: RegistryConfig, tlds: string[]): Promise<void> {
    const { name, created_at: _kept, ...settings } = registry;
    await write(async () => {
      await this.db.deleteFrom('registry_tlds').where('registry', '=', name).execute();
      await this.db.updateTable('registries').set(settings).where('name', '=', name).execute();
      if (tlds.length > 0) await this.db.insertInto('registry_tlds').values(tlds.map((tld) => ({ tld, registry: name }))).execute();
    });
  }
  find(name: string): Promise<RegistryConfig | undefined> {
    return this.db.selectFrom('registries').select(columns.registries).where('name', '=', name).executeTakeFirst();
  }
  list(): Promise<RegistryConfig[]> {
    return this.db.selectFrom('registries').select(columns.registries).orderBy('name').execute();
  }
  tlds(): Promise<RegistryTld[]> {
    return this.db.selectFrom('registry_tlds').select(columns.registry_tlds).orderBy('tld').execute();
  }
  async tldsOf(name: string): Promise<string[]> {
    const rows = await this.db.selectFrom('registry_tlds').select('tld').where('registry', '=', name).orderBy('tld').execute();
    return rows.map((r) => r.tld);
  }
  async registryOf(tld: string): Promise<string | undefined> {
    return (await this.db.selectFrom('registry_tlds').select('registry').where('tld', '=', tld).executeTakeFirst())?.registry;
  }
  async remove(name: string): Promise<boolean> {
    await this.db.deleteFrom('registry_tlds').where('registry', '=', name).execute();
    const result = await this.db.deleteFrom('registries').where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
