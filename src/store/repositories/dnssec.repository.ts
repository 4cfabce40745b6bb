import type { DnssecRepository, ZoneDnssec, ZoneKey } from '../../ports/store/dnssec.js';
import { columns } from '../schema.js';
import { type Executor, write } from './base.js';

/** zone_dnssec and zone_keys (migration 017). */
export class KyselyDnssecRepository implements DnssecRepository {
  constructor(private readonly db: Executor) {}

  find(zoneId: number): Promise<ZoneDnssec | undefined> {
    return this.db.selectFrom('zone_dnssec').select(columns.zone_dnssec).where('zone_id', '=', zoneId).executeTakeFirst();
  }
  list(): Promise<ZoneDnssec[]> {
    return this.db.selectFrom('zone_dnssec').select(columns.zone_dnssec).orderBy('zone_id').execute();
  }
  async create(row: ZoneDnssec): Promise<void> {
    await write(() => this.db.insertInto('zone_dnssec').values(row).execute());
  }
  async update(zoneId: number, patch: Partial<Omit<ZoneDnssec, 'zone_id'>>): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable('zone_dnssec').set(patch).where('zone_id', '=', zoneId).execute();
  }
  async delete(zoneId: number): Promise<void> {
    await this.db.deleteFrom('zone_keys').where('zone_id', '=', zoneId).execute();
    await this.db.deleteFrom('zone_dnssec').where('zone_id', '=', zoneId).execute();
  }
  keys(zoneId: number): Promise<ZoneKey[]> {
    return this.db.selectFrom('zone_keys').select(columns.zone_keys).where('zone_id', '=', zoneId).orderBy('id').execute();
  }
  anyKey(): Promise<ZoneKey | undefined> {
    return this.db.selectFrom('zone_keys').select(columns.zone_keys).orderBy('id').limit(1).executeTakeFirst();
  }
  addKey(key: Omit<ZoneKey, 'id'>): Promise<ZoneKey> {
    return write(() => this.db.insertInto('zone_keys').values(key).returning(columns.zone_keys).executeTakeFirstOrThrow());
  }
  async updateKey(id: number, patch: Partial<Omit<ZoneKey, 'id' | 'zone_id'>>): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable('zone_keys').set(patch).where('id', '=', id).execute();
  }
  async deleteKey(id: number): Promise<void> {
    await this.db.deleteFrom('zone_keys').where('id', '=', id).execute();
  }
}
