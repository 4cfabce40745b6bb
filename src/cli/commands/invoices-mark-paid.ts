import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { optionalString, parseCount, positionalsExactly } from '../options.js';
import { DomainError } from '../../core/errors.js';
import { markInvoicePaid } from '../../core/billing/mark-invoice-paid.js';

export const invoicesMarkPaid: Command = {
  words: ['invoices', 'mark-paid'],
  usage: 'hostplane invoices mark-paid ID [--method M] [--json]   record a payment (M default "bank transfer")',
  options: { method: { type: 'string' } },
  positionals: ['id'],
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, ['id']);
    const invoiceId = parseCount(positionals[0]!, 'id', 1, 2_147_483_647, 'ID');
    const method = optionalString(values, 'method')?.trim();
    if (method !== undefined && (method === '' || method.length > 64)) {
      throw new DomainError('invalid', '--method must be 1-64 characters', { method: ['--method must be 1-64 characters'] });
    }
    const invoice = await withRuntime({ io, actor }, ({ ctx }) => markInvoicePaid(ctx, { invoiceId, method })).catch((err) => {
      if (err instanceof DomainError && err.code === 'not_found') throw new DomainError('not_found', `No invoice ${invoiceId}`);
      throw err;
    });
    out.result(
      { id: invoice.id, paid: true, date_paid: invoice.date_paid, payment_method: invoice.payment_method },
      `invoice ${invoice.id} paid ${invoice.date_paid} (${invoice.payment_method})`,
    );
  },
};
