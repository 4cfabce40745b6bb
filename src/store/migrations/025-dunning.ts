import type { Kysely } from 'kysely';

/**
 * Overdue invoices (issue 14, item 6): how far the reminders and the final step for an unpaid invoice
 * have gone (core/lifecycle/chase-overdue-invoices.ts).
 * - invoices.dunning_stage: 0 nothing yet, 1 the first reminder, 2 the second, 3 the final step
 *   (services suspended, orders cancelled, as DUNNING_FINAL_ACTION says), 4 the final step that
 *   cancelled the invoice with its orders. A worker moves it on with a
 *   compare-and-set on the stage, in the transaction that records the step's event, so two workers
 *   racing take each step once. Existing invoices start at 0: the first reminder comes before anything
 *   else, however late they are.
 * - invoices.dunning_at: when the last step was taken (ISO timestamp); the next waits its interval from
 *   it, so an invoice found long overdue is not reminded and cancelled in one go.
 * - invoices(paid, dunning_stage, due_date): the schedule's pass reads only unpaid invoices still to chase.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invoices').addColumn('dunning_stage', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('invoices').addColumn('dunning_at', 'text').execute();
  await db.schema.createIndex('invoices_dunning').on('invoices').columns(['paid', 'dunning_stage', 'due_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invoices_dunning').execute();
  await db.schema.alterTable('invoices').dropColumn('dunning_at').execute();
  await db.schema.alterTable('invoices').dropColumn('dunning_stage').execute();
}
