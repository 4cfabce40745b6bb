import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly, table } from '../options.js';
import { listEinvoices } from '../../jobs/einvoice-outbox.js';

export const einvoicesList: Command = {
  words: ['einvoices', 'list'],
  usage: 'hostplane einvoices list [--json]   the Finvoice e-invoices in the outbox (EINVOICE_DIR), newest first',
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    // Through the runtime, as every operator command: it refuses to run where there is no store, so the
    // folder listed is the one the server writes to, not a default beside the wrong working folder.
    const { dir, entries } = await withRuntime({ io, actor }, async ({ ctx }) => ({ dir: ctx.settings.einvoiceDir, entries: listEinvoices(ctx.settings.einvoiceDir) }));
    out.result(
      { data: entries, meta: { dir, count: entries.length } },
      () => entries.length === 0
        ? `no e-invoices in ${dir}`
        : table([
          ['FILE', 'INVOICE', 'RECIPIENT', 'INTERMEDIATOR', 'SIZE', 'TIME'],
          ...entries.map((e) => [e.file, e.invoice_id === null ? '' : String(e.invoice_id), e.recipient_address, e.recipient_intermediator, String(e.size), e.time]),
        ]) + `\n${entries.length} in ${dir}`,
    );
  },
};
