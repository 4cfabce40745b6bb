import { addDays } from '../dates.js';

/**
 * What the final step does to what an unpaid invoice paid for (DUNNING_FINAL_ACTION):
 * - `cancel`: its open registration and transfer orders are cancelled (nothing was registered yet),
 *   and the services it renews are suspended;
 * - `suspend`: the services it renews are suspended, its orders kept (paying still carries them out);
 * - `none`: reminders only; the operator acts.
 */
export const DUNNING_FINAL_ACTIONS = ['cancel', 'suspend', 'none'] as const;
export type DunningFinalAction = (typeof DUNNING_FINAL_ACTIONS)[number];

export interface DunningPolicy {
  /** Days after the due date of the first and (when two) the second reminder, ascending. */
  reminderDays: number[];
  /** Days after the due date of the final step, after the last reminder. */
  finalDays: number;
  finalAction: DunningFinalAction;
}

/**
 * invoices.dunning_stage (migration 025): how far the chase of an unpaid invoice has gone. `final`: the
 * final step was taken; `cancelled`: it was taken and cancelled the invoice with its orders (it need
 * not be paid). Both end the chase.
 */
export const DUNNING_STAGE = { none: 0, reminder1: 1, reminder2: 2, final: 3, cancelled: 4 } as const;

/** A stage as the operator reads it (`hostplane invoices list --overdue`, `invoices show`). */
export function dunningStageName(stage: number): string {
  return ['none', 'reminder 1', 'reminder 2', 'final', 'cancelled'][stage] ?? String(stage);
}

/** One step of the chase: from any of `from` to `to`, `days` after the due date. */
export interface DunningStep {
  from: number[];
  to: number;
  days: number;
  /** Days since the previous step at the least (none for the first). */
  gap?: number;
}

/**
 * The steps the policy takes, in order. Every step after the first also waits its interval from the
 * step before (`gap`): an invoice found long overdue (the schedule stopped, or an invoice written
 * before this existed) still gets each reminder with time to pay before the next step, instead of
 * all of them in one pass. A stage the policy no longer has (a second reminder, after the setting
 * changed to one) moves on with the stage before it.
 */
export function dunningSteps(policy: DunningPolicy): DunningStep[] {
  const stages: Array<{ stage: number; days: number }> = policy.reminderDays.map((days, i) => ({ stage: i + 1, days }));
  if (policy.finalAction !== 'none') stages.push({ stage: DUNNING_STAGE.final, days: policy.finalDays });
  return stages.map(({ stage, days }, i) => {
    const previous = i === 0 ? { stage: DUNNING_STAGE.none, days: 0 } : stages[i - 1]!;
    const from = [];
    for (let s = previous.stage; s < stage; s++) from.push(s);
    return { from, to: stage, days, ...(i === 0 ? {} : { gap: days - previous.days }) };
  });
}

/**
 * The selection of one step on `today`: due at least `days` ago, and (for a partner's monthly invoice)
 * due at least `days` after the end of its period, plus the days to pay: lines are added to a monthly
 * invoice all month (add-to-monthly-invoice.ts), so its own due date, counted from its first line,
 * says nothing of when the month's bill was due. The period has ended `dueDays + days` before today
 * when it sorts before the month of the day after that (its last day is on or before it).
 */
export function stepWindow(step: DunningStep, today: string, dueDays: number) {
  return {
    stages: step.from,
    dueOnOrBefore: addDays(today, -step.days),
    periodBefore: addDays(today, -(step.days + dueDays) + 1).slice(0, 7),
    // A step taken on day D has a timestamp below D + 1 (as text): gap whole days have passed since it.
    ...(step.gap === undefined ? {} : { lastStepBefore: addDays(today, -step.gap + 1) }),
  };
}
