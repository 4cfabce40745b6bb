import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from '../command.js';
import { usageError, withRuntime } from '../command.js';
import { euros, positionalsExactly, table } from '../options.js';
import { importPayments, type ImportedPayment } from '../../core/payments/import-payments.js';

export const paymentsImport: Command = {
  words: ['payments', 'import'],
  usage: 'hostplane payments import FILE [--json]   the bank\'s camt.054/camt.053 file: pays invoices by reference; a payment seen before is skipped',
  positionals: ['file'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['file']);
    const path = positionals[0]!;
    let xml: string;
    try {
      xml = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    } catch (err) {
      throw usageError('file', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const result = await withRuntime({ io, actor }, ({ ctx }) => importPayments(ctx, { xml, fileName: basename(path) }));
    const s = result.summary;
    // Euros as numbers in JSON, as every operator command shows money.
    const data = {
      ...result,
      payments: result.payments.map(({ excess_cents, due_cents, ...p }) => ({
        ...p, amount: Number(p.amount), excess: excess_cents / 100, invoice_due: due_cents === null ? null : due_cents / 100,
      })),
    };
    out.result(data, () =>
      [
        `${result.file_name} (${result.version}, message ${result.message_id}): ${s.imported} imported: ${s.matched} matched, ` +
          `${s.partial} partial, ${s.over} over, ${s.unmatched} unmatched; ${s.duplicates} duplicates skipped; ${s.not_imported} not imported`,
        ...(result.payments.length === 0
          ? []
          : [
              '',
              table([
                ['BANK REF', 'BOOKED', 'AMOUNT', 'REFERENCE', 'DEBTOR', 'OUTCOME', 'INVOICE', 'NOTE'],
                ...result.payments.map((p) => [
                  p.bank_ref, p.booked_on, `${p.amount} ${p.currency}`, p.reference ?? '-', p.debtor || '-', p.outcome.replace('_', ' '),
                  p.invoice_id === null ? '-' : String(p.invoice_id), note(p),
                ]),
              ]),
            ]),
      ].join('\n'),
    );
  },
};

function note(p: ImportedPayment): string {
  if (p.outcome === 'partial') return `${euros(p.due_cents!)} still due`;
  if (p.outcome === 'over') return `${euros(p.excess_cents)} overpaid, to refund or credit`;
  return p.reason ?? '';
}
