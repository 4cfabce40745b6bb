import type { New, Patch, Zone } from '../store.js';
import type { SnapshotSource } from '../../core/dns/zone-snapshot.js';

export interface ZoneRepository {
  findById(id: number): Promise<Zone | undefined>;
  findByName(name: string): Promise<Zone | undefined>;
  /**
   * findById for a read-then-write: no other transaction can lock or change the row until the caller's
   * transaction ends (so call it on a transaction's store). A zone change holds it from before it
   * reads the records to the serial bump, so changes of one zone run one after another.
   */
  lock(id: number): Promise<Zone | undefined>;
  findByDomainId(domainId: number): Promise<Zone | undefined>;
  /** findByDomainId, locked as by lock: a zone change's first read of its zone. */
  lockByDomainId(domainId: number): Promise<Zone | undefined>;
  /**
   * Sets zone `id`'s serial to `serial` if it is still `expected`, in one statement (no read, no lock
   * before it); false when the serial had moved (or the zone is gone), and nothing was written. When
   * it was written, the change is also announced as by announceChange, in the same statement (on
   * PostgreSQL a round trip fewer for every record change).
   */
  bumpSerial(id: number, expected: number, serial: number, at: string): Promise<boolean>;
  /** Every zone's name and serial, for a DNS server to load or reconcile without reading every zone. */
  listSerials(): Promise<Array<Pick<Zone, 'id' | 'name' | 'serial'>>>;
  /**
   * Up to `limit` zones with an id above `afterId`, by id, each with its records (in no order, with
   * only the fields a snapshot reads), read in one statement: one consistent read of a page of zones
   * for a DNS server's start-up load, a million records at 100,000 zones.
   */
  pageWithRecords(afterId: number, limit: number): Promise<Array<{ zone: Zone; records: SnapshotSource[] }>>;
  /**
   * Tells every process serving DNS from this store that zone `name` changed, when the caller's
   * transaction commits (and never if it rolls back): PostgreSQL's NOTIFY, heard by each instance's
   * zone change listener (store/zone-change-listener.ts). Nothing on SQLite, which one process serves:
   * it hears of its changes through its own 'zone.publish' jobs.
   */
  announceChange(name: string): Promise<void>;
  create(zone: New<Zone>): Promise<Zone>;
  update(id: number, patch: Patch<Zone>): Promise<void>;
  delete(id: number): Promise<void>;
}
