import type { Job, JobRepository } from '../../ports/store.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository } from './base.js';

export class KyselyJobRepository extends IdRepository<Job> implements JobRepository {
  constructor(db: Executor) {
    super(db, 'jobs');
  }
  enqueue(kind: string, payload: unknown, at: string): Promise<Job> {
    return this.create({
      kind, payload: JSON.stringify(payload), status: 'pending', attempts: 0, run_after: at, last_error: null,
      created_at: at, updated_at: at,
    });
  }
  due(now: string, limit: number): Promise<Job[]> {
    return this.db
      .selectFrom('jobs')
      .select(columns.jobs)
      .where('status', '=', 'pending')
      .where('run_after', '<=', now)
      .orderBy('id')
      .limit(limit)
      .execute();
  }
}
