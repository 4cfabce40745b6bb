import { sql } from 'kysely';
import type { Zone } from '../../ports/store.js';
import type { ZoneRepository } from '../../ports/store/zones.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository, locksRows } from './base.js';
import { isPostgres } from '../migrations/helpers.js';
import { prepared } from '../prepared.js';
import { ZONE_CHANNEL } from '../zone-change-listener.js';

const byName = prepared((db, name: string) => db.selectFrom('zones').select(columns.zones).where('name', '=', name));
const byDomainId = prepared((db, domainId: number) => db.selectFrom('zones').select(columns.zones).where('domain_id', '=', domainId));
const bump = prepared((db, serial: number, at: string, id: number, expected: number) =>
  db.updateTable('zones').set({ serial, updated_at: at }).where('id', '=', id).where('serial', '=', expected).returning('id'));

/** Zones; serials are bigint columns, so they are read back as numbers here. */
export class KyselyZoneRepository extends IdRepository<Zone> implements ZoneRepository {
  constructor(db: Executor) {
    super(db, 'zones');
  }
  override async findById(id: number): Promise<Zone | undefined> {
    return normalize(await super.findById(id));
  }
  override async lock(id: number): Promise<Zone | undefined> {
    return normalize(await super.lock(id));
  }
  async findByName(name: string): Promise<Zone | undefined> {
    return normalize((await byName(this.db, name))[0]);
  }
  async findByDomainId(domainId: number): Promise<Zone | undefined> {
    return normalize((await byDomainId(this.db, domainId))[0]);
  }
  async lockByDomainId(domainId: number): Promise<Zone | undefined> {
    // SQLite has no row locks (its transactions hold the database's write lock): the plain read.
    if (!locksRows(this.db)) return this.findByDomainId(domainId);
    return normalize(await this.db.selectFrom('zones').select(columns.zones).where('domain_id', '=', domainId).forNoKeyUpdate().executeTakeFirst());
  }
  async bumpSerial(id: number, expected: number, serial: number, at: string): Promise<boolean> {
    return (await bump(this.db, serial, at, id, expected)).length === 1;
  }
  /**
   * pg_notify in the caller's transaction: PostgreSQL delivers it at COMMIT, after the change is
   * visible to every reader. Channels are per database while stores are per schema (several hostplanes
   * may share a database), so the payload names the schema and listeners keep only their own.
   */
  async announceChange(name: string): Promise<void> {
    if (!isPostgres(this.db)) return;
    await sql`select pg_notify(${ZONE_CHANNEL}, json_build_object('schema', current_schema(), 'zone', ${name}::text)::text)`.execute(this.db);
  }
  async listSerials(): Promise<Array<Pick<Zone, 'id' | 'name' | 'serial'>>> {
    const rows = await this.db.selectFrom('zones').select(['id', 'name', 'serial']).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, serial: Number(r.serial) }));
  }
  async listAfter(afterId: number, limit: number): Promise<Zone[]> {
    const rows = await this.db.selectFrom('zones').select(columns.zones).where('id', '>', afterId).orderBy('id').limit(limit).execute();
    return rows.map((r) => normalize(r)!);
  }
  override async create(zone: Omit<Zone, 'id'>): Promise<Zone> {
    return normalize(await super.create(zone))!;
  }
}

function normalize(zone: Zone | undefined): Zone | undefined {
  if (!zone) return zone;
  return {
    ...zone,
    serial: Number(zone.serial),
    notified_serial: zone.notified_serial === null ? null : Number(zone.notified_serial),
  };
}
