import type { DnsRecord, New, Patch } from '../store.js';

export interface RecordRepository {
  findById(id: number): Promise<DnsRecord | undefined>;
  listByZone(zoneId: number): Promise<DnsRecord[]>;
  /**
   * The records of zone `zoneId` whose id is in `ids` or whose name is in `names`, by id: what a zone
   * change is planned against (see planReads), so its cost follows what it touches, not the zone's size.
   */
  listForPlan(zoneId: number, which: { ids: readonly number[]; names: readonly string[] }): Promise<DnsRecord[]>;
  create(record: New<DnsRecord>): Promise<DnsRecord>;
  update(id: number, patch: Patch<DnsRecord>): Promise<void>;
  delete(id: number): Promise<void>;
}
