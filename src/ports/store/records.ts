import type { DnsRecord, New, Page, PageOf, Patch } from '../store.js';

export interface RecordRepository {
  findById(id: number): Promise<DnsRecord | undefined>;
  listByZone(zoneId: number): Promise<DnsRecord[]>;
  /**
   * One page of zone `zoneId`'s records in creation order, and how many there are; with `keyword`, only
   * those whose name or content contains it (case-insensitively) or whose type is it: the panel's
   * editor, which must not read a zone of thousands of records to show fifty.
   */
  pageByZone(zoneId: number, page: Page, keyword?: string): Promise<PageOf<DnsRecord>>;
  /**
   * The records of zone `zoneId` whose id is in `ids` or whose name is in `names`, by id: what a zone
   * change is planned against (see planReads), so its cost follows what it touches, not the zone's size.
   */
  listForPlan(zoneId: number, which: { ids: readonly number[]; names: readonly string[] }): Promise<DnsRecord[]>;
  create(record: New<DnsRecord>): Promise<DnsRecord>;
  update(id: number, patch: Patch<DnsRecord>): Promise<void>;
  delete(id: number): Promise<void>;
}
