import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { pageFrom, pageOptions, positionalsExactly, table } from '../options.js';
import { invalidField } from '../../core/errors.js';

const STATUSES = ['pending', 'running', 'done', 'failed'];

export const jobsList: Command = {
  words: ['jobs', 'list'],
  usage: 'hostplane jobs list [--failed | --status S] [--limit N] [--offset N] [--json]   the outbox, newest first',
  options: { failed: { type: 'boolean' }, status: { type: 'string' }, ...pageOptions },
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const page = pageFrom(values);
    const status = values.failed === true ? 'failed' : (values.status as string | undefined);
    if (status !== undefined && !STATUSES.includes(status)) {
      throw invalidField('status', `--status must be one of ${STATUSES.join(', ')}, got "${status}"`);
    }
    if (values.failed === true && values.status !== undefined && values.status !== 'failed') {
      throw invalidField('status', '--failed and --status name different statuses');
    }
    const result = await withRuntime({ io, actor }, ({ ctx }) => ctx.store.jobs.list({ status }, page));
    const data = result.items.map((j) => ({ ...j, payload: JSON.parse(j.payload) as unknown }));
    out.result(
      { data, meta: { ...page, count: data.length, total: result.total } },
      () => table([
        ['ID', 'KIND', 'STATUS', 'ATTEMPTS', 'RUN AFTER', 'UPDATED', 'PAYLOAD', 'LAST ERROR'],
        ...result.items.map((j) => [
          String(j.id), j.kind, j.status, String(j.attempts), j.run_after, j.updated_at, j.payload, j.last_error ?? '',
        ]),
      ]) + `\n${data.length} of ${result.total}`,
    );
  },
};
