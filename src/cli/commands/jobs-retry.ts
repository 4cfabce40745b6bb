import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { parseCount, positionalsExactly } from '../options.js';
import { retryJob } from '../../jobs/retry-job.js';

export const jobsRetry: Command = {
  words: ['jobs', 'retry'],
  usage: 'hostplane jobs retry ID [--json]   queue a failed job again (a running worker picks it up)',
  positionals: ['id'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['id']);
    const jobId = parseCount(positionals[0]!, 'id', 1, 2_147_483_647, 'ID');
    // Queued only: the worker that serves this store runs it, with the handlers and providers it has.
    const job = await withRuntime({ io, actor }, ({ ctx }) => retryJob(ctx, jobId));
    out.result({ id: job.id, kind: job.kind, status: job.status, run_after: job.run_after }, `job ${job.id} (${job.kind}) queued again`);
  },
};
