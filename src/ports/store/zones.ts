import type { New, Patch, Zone } from '../store.js';

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
  /** Every zone's name and serial, for a DNS server to load or reconcile without reading every zone. */
  listSerials(): Promise<Array<Pick<Zone, 'id' | 'name' | 'serial'>>>;
  create(zone: New<Zone>): Promise<Zone>;
  update(id: number, patch: Patch<Zone>): Promise<void>;
  delete(id: number): Promise<void>;
}
