/** What one step of the lifecycle pass did. */
export interface StepReport {
  step: string;
  /** Items changed (billed, expired, deleted...). */
  done: number;
  /** Items that failed; they are tried again on the next pass. */
  errors: Array<{ id: number; error: string }>;
}

/**
 * Runs `act` on every item `select` returns, batch after batch, until a batch holds nothing new.
 * Acting on an item takes it out of the selection (its status or renewal row changes), so the loop
 * ends; an item whose action failed is tried once per pass and reported, and does not stop the rest.
 */
export async function eachOnce<T extends { id: number }>(
  step: string,
  select: () => Promise<T[]>,
  act: (item: T) => Promise<boolean>,
  /** What makes an item new work: its id, or (renewals) its id and expiry, so periods missed while no worker ran are caught up in one pass. */
  keyOf: (item: T) => string | number = (item) => item.id,
): Promise<StepReport> {
  const report: StepReport = { step, done: 0, errors: [] };
  const seen = new Set<string | number>();
  for (;;) {
    const fresh = (await select()).filter((item) => !seen.has(keyOf(item)));
    if (fresh.length === 0) return report;
    for (const item of fresh) {
      seen.add(keyOf(item));
      try {
        if (await act(item)) report.done++;
      } catch (err) {
        report.errors.push({ id: item.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
}
