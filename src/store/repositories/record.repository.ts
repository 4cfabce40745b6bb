import type { DnsRecord } from '../../ports/store.js';
import type { RecordRepository } from '../../ports/store/records.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository } from './base.js';

export class KyselyRecordRepository extends IdRepository<DnsRecord> implements RecordRepository {
  constructor(db: Executor) {
    super(db, 'records');
  }
  listByZone(zoneId: number): Promise<DnsRecord[]> {
    return this.db.selectFrom('records').select(columns.records).where('zone_id', '=', zoneId).orderBy('id').execute();
  }
}
