import type { Ctx } from '../context.js';
import type { Invoice, Store } from '../../ports/store.js';
import { recordEvent } from '../events/record-event.js';
import { DUNNING_STAGE } from './dunning-policy.js';

/**
 * A payment of an invoice whose final step suspended services (chase-overdue-invoices.ts) makes them
 * active again, on the payment's `tx`: the suspension was for that debt and nothing else. A service
 * another unpaid invoice also suspended stays suspended. One whose expiry passed meanwhile is active
 * with that expiry, and the calendar takes it from there (a renewal the payment paid extends it;
 * otherwise it expires on the next pass). Does nothing for an invoice the chase did not end.
 */
export async function resumeSuspendedServices(tx: Store, ctx: Ctx, invoice: Invoice, at: string): Promise<void> {
  if (invoice.dunning_stage < DUNNING_STAGE.final) return;
  for (const renewal of await tx.lifecycle.renewalsOfInvoice(invoice.id)) {
    if (renewal.subject !== 'service') continue;
    const service = await tx.services.findById(renewal.subject_id);
    if (!service || service.status !== 'suspended') continue;
    if (await stillOwed(tx, service.id, invoice.id)) continue;
    if (!(await tx.lifecycle.transitionService(service.id, 'suspended', 'active', at))) continue;
    await recordEvent(tx, ctx, {
      type: 'service.resumed', userId: service.user_id, subject: String(service.id),
      data: { kind: service.kind, name: service.name, invoice_id: invoice.id },
    });
  }
}

/** Whether another invoice renewing the service is unpaid with its chase ended. */
async function stillOwed(tx: Store, serviceId: number, paidInvoiceId: number): Promise<boolean> {
  for (const renewal of await tx.lifecycle.renewalsOf('service', serviceId)) {
    if (renewal.invoice_id === null || renewal.invoice_id === paidInvoiceId) continue;
    const other = await tx.invoices.findById(renewal.invoice_id);
    if (other && other.paid === 0 && other.dunning_stage >= DUNNING_STAGE.final) return true;
  }
  return false;
}
