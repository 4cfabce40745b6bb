import { sql } from 'kysely';
import type { Zone } from '../../ports/store.js';
import type { SnapshotSource } from '../../core/dns/zone-snapshot.js';
import type { ZoneRepository } from '../../ports/store/zones.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository, locksRows } from './base.js';
import { isPostgres } from '../migrations/helpers.js';
import { prepared } from '../prepared.js';
import { readArrays } from '../row-arrays.js';
import { JoinedTable } from './joined-row.js';
import { ZONE_CHANNEL } from '../zone-change-listener.js';

/** The record columns a zone's snapshot reads (SnapshotSource), in the order pageWithRecords reads them. */
const SERVED = ['name', 'type', 'content', 'ttl', 'priority', 'weight', 'port', 'service', 'proto', 'fallback_ip'] as const;

/** A zone's columns at the front of a row read as arrays (pageWithRecords). */
const zoneColumns = new JoinedTable<Zone>('zones', columns.zones);

const byName = prepared((db, name: string) => db.selectFrom('zones').select(columns.zones).where('name', '=', name));
const byDomainId = prepared((db, domainId: number) => db.selectFrom('zones').select(columns.zones).where('domain_id', '=', domainId));
const lockedByDomainId = prepared((db, domainId: number) =>
  db.selectFrom('zones').select(columns.zones).where('domain_id', '=', domainId).forNoKeyUpdate());
const bump = prepared((db, serial: number, at: string, id: number, expected: number) =>
  db.updateTable('zones').set({ serial, updated_at: at }).where('id', '=', id).where('serial', '=', expected).returning('id'));
/** bump on PostgreSQL: the updated row's announcement (announceChange) is made by its RETURNING, once per row written. */
const bumpAnnounced = prepared((db, serial: number, at: string, id: number, expected: number) =>
  db.updateTable('zones').set({ serial, updated_at: at }).where('id', '=', id).where('serial', '=', expected)
    .returning(['id', announcement(sql.ref('name')).as('announced')]));

/**
 * The NOTIFY of a change of the zone named `name`: channels are per database while stores are per
 * schema (several hostplanes may share a database), so the payload names the schema and listeners
 * keep only their own.
 */
function announcement(name: string | ReturnType<typeof sql.ref>) {
  return sql`pg_notify(${sql.lit(ZONE_CHANNEL)}, json_build_object('schema', current_schema(), 'zone', ${name}::text)::text)`;
}

/** Zones; serials are bigint columns, so they are read back as numbers here. */
export class KyselyZoneRepository extends IdRepository<Zone> implements ZoneRepository {
  constructor(db: Executor) {
    super(db, 'zones');
  }
  override async findById(id: number): Promise<Zone | undefined> {
    return normalizeZone(await super.findById(id));
  }
  override async lock(id: number): Promise<Zone | undefined> {
    return normalizeZone(await super.lock(id));
  }
  async findByName(name: string): Promise<Zone | undefined> {
    return normalizeZone((await byName(this.db, name))[0]);
  }
  async findByDomainId(domainId: number): Promise<Zone | undefined> {
    return normalizeZone((await byDomainId(this.db, domainId))[0]);
  }
  async lockByDomainId(domainId: number): Promise<Zone | undefined> {
    // SQLite has no row locks (its transactions hold the database's write lock): the plain read.
    if (!locksRows(this.db)) return this.findByDomainId(domainId);
    return normalizeZone((await lockedByDomainId(this.db, domainId))[0]);
  }
  async bumpSerial(id: number, expected: number, serial: number, at: string): Promise<boolean> {
    return (await (isPostgres(this.db) ? bumpAnnounced : bump)(this.db, serial, at, id, expected)).length === 1;
  }
  /** pg_notify in the caller's transaction: PostgreSQL delivers it at COMMIT, after the change is visible to every reader. */
  async announceChange(name: string): Promise<void> {
    if (!isPostgres(this.db)) return;
    await sql`select ${announcement(name)}`.execute(this.db);
  }
  async listSerials(): Promise<Array<Pick<Zone, 'id' | 'name' | 'serial'>>> {
    const rows = await this.db.selectFrom('zones').select(['id', 'name', 'serial']).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, serial: Number(r.serial) }));
  }
  /**
   * One statement per page: the zones' columns and, per zone, its records as one JSON array of arrays
   * made by the database (a correlated subquery through records_zone). A million records reach
   * JavaScript as 100,000 strings that JSON.parse turns into arrays, where better-sqlite3 building a
   * row a value at a time took twice as long (5.2 s as objects, 1.9 s as arrays, 1.4 s as JSON at
   * 100,000 zones), and the rows come as arrays (readArrays), not objects. PostgreSQL hands json back
   * already parsed (pg's type parser); an empty zone is NULL there, `[]` on SQLite.
   */
  async pageWithRecords(afterId: number, limit: number): Promise<Array<{ zone: Zone; records: SnapshotSource[] }>> {
    const records = isPostgres(this.db)
      ? sql<unknown>`(select json_agg(json_build_array(${sql.join(SERVED.map((c) => sql.ref(`r.${c}`)))})) from records r where r.zone_id = zones.id)`
      : sql<unknown>`(select json_group_array(json_array(${sql.join(SERVED.map((c) => sql.ref(`r.${c}`)))})) from records r where r.zone_id = zones.id)`;
    const query = this.db.selectFrom('zones').select([...columns.zones, records.as('records')]).where('id', '>', afterId).orderBy('id').limit(limit);
    return (await readArrays(this.db, query)).map((row) => {
      const json = row[columns.zones.length];
      const served = (typeof json === 'string' ? JSON.parse(json) : (json ?? [])) as unknown[][];
      return {
        zone: normalizeZone(zoneColumns.at(row, 0))!,
        records: served.map((r) => ({
          name: r[0] as string, type: r[1] as string, content: r[2] as string, ttl: r[3] as number, priority: r[4] as number | null,
          weight: r[5] as number | null, port: r[6] as number | null, service: r[7] as string | null, proto: r[8] as string | null,
          fallback_ip: r[9] as string | null,
        })),
      };
    });
  }
  override async create(zone: Omit<Zone, 'id'>): Promise<Zone> {
    return normalizeZone(await super.create(zone))!;
  }
}

/** A zone row as read (its bigint serials as the driver gives them) with the serials as numbers. */
export function normalizeZone(zone: Zone | undefined): Zone | undefined {
  if (!zone) return zone;
  return {
    ...zone,
    serial: Number(zone.serial),
    notified_serial: zone.notified_serial === null ? null : Number(zone.notified_serial),
  };
}
