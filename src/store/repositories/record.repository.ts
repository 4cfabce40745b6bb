import { sql } from 'kysely';
import type { DnsRecord, Page, PageOf } from '../../ports/store.js';
import type { RecordRepository } from '../../ports/store/records.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository, write } from './base.js';
import { containsPattern } from './user.repository.js';
import { prepared } from '../prepared.js';

/** A record change's hot statements, built once (see prepared): the insert, and the plan's reads by name. */
const insert = prepared((
  db, zoneId: number, name: string, type: string, content: string, ttl: number, priority: number | null, weight: number | null,
  port: number | null, service: string | null, proto: string | null, redirectType: number | null, fallbackIp: string | null,
  createdAt: string, updatedAt: string,
) =>
  db.insertInto('records').values({
    zone_id: zoneId, name, type, content, ttl, priority, weight, port, service, proto, redirect_type: redirectType,
    fallback_ip: fallbackIp, created_at: createdAt, updated_at: updatedAt,
  }).returning(columns.records));
// A record added or changed names its owner, and for an SRV-like owner the name two labels up (planReads).
const atName = prepared((db, zoneId: number, name: string) =>
  db.selectFrom('records').select(columns.records).where('zone_id', '=', zoneId).where('name', 'in', [name]).orderBy('id'));
const atNames = prepared((db, zoneId: number, name: string, other: string) =>
  db.selectFrom('records').select(columns.records).where('zone_id', '=', zoneId).where('name', 'in', [name, other]).orderBy('id'));

export class KyselyRecordRepository extends IdRepository<DnsRecord> implements RecordRepository {
  constructor(db: Executor) {
    super(db, 'records');
  }
  override async create(r: Omit<DnsRecord, 'id'>): Promise<DnsRecord> {
    const [row] = await write(() => insert(
      this.db, r.zone_id, r.name, r.type, r.content, r.ttl, r.priority ?? null, r.weight ?? null, r.port ?? null, r.service ?? null,
      r.proto ?? null, r.redirect_type ?? null, r.fallback_ip ?? null, r.created_at, r.updated_at,
    ));
    return row!;
  }
  listByZone(zoneId: number): Promise<DnsRecord[]> {
    return this.db.selectFrom('records').select(columns.records).where('zone_id', '=', zoneId).orderBy('id').execute();
  }
  /** The zone's rows are found through records_zone (zone_id first); LIKE's wildcards in the keyword are escaped. */
  async pageByZone(zoneId: number, page: Page, keyword?: string): Promise<PageOf<DnsRecord>> {
    let base = this.db.selectFrom('records').where('zone_id', '=', zoneId);
    if (keyword) {
      // Names are stored lower case; content is lowered as the keyword is (TXT text keeps its case).
      const pattern = containsPattern(keyword);
      base = base.where((eb) =>
        eb.or([
          sql<boolean>`${eb.ref('name')} like ${pattern} escape '\\'`,
          sql<boolean>`lower(${eb.ref('content')}) like ${pattern} escape '\\'`,
          eb('type', '=', keyword.toUpperCase()),
        ]),
      );
    }
    const [items, total] = await Promise.all([
      base.select(columns.records).orderBy('id').limit(page.limit).offset(page.offset).execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }
  /**
   * One query whatever the zone's size. The zone is repeated in each branch of the OR, not put in front
   * of it: without ANALYZE statistics SQLite reads `zone_id = ? AND (id IN .. OR name IN ..)` through
   * records_zone on zone_id alone, every record of the zone, where this form is a MULTI-INDEX OR of
   * the primary key and (zone_id, name); PostgreSQL makes a BitmapOr of the two indexes either way.
   * A change touches a handful of ids and names, far below either store's bound-parameter limit.
   */
  listForPlan(zoneId: number, { ids, names }: { ids: readonly number[]; names: readonly string[] }): Promise<DnsRecord[]> {
    if (ids.length === 0 && names.length === 0) return Promise.resolve([]);
    // A record added (no ids): one or two names, the statements kept prepared.
    if (ids.length === 0 && names.length === 1) return atName(this.db, zoneId, names[0]!);
    if (ids.length === 0 && names.length === 2) return atNames(this.db, zoneId, names[0]!, names[1]!);
    return this.db
      .selectFrom('records')
      .select(columns.records)
      .where((eb) =>
        eb.or([
          ...(ids.length > 0 ? [eb.and([eb('zone_id', '=', zoneId), eb('id', 'in', ids)])] : []),
          ...(names.length > 0 ? [eb.and([eb('zone_id', '=', zoneId), eb('name', 'in', names)])] : []),
        ]),
      )
      .orderBy('id')
      .execute();
  }
}
