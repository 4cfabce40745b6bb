import type { DnsRecord, New, Patch } from '../store.js';

export interface RecordRepository {
  findById(id: number): Promise<DnsRecord | undefined>;
  listByZone(zoneId: number): Promise<DnsRecord[]>;
  create(record: New<DnsRecord>): Promise<DnsRecord>;
  update(id: number, patch: Patch<DnsRecord>): Promise<void>;
  delete(id: number): Promise<void>;
}
