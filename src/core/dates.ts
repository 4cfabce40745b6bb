/** Calendar helpers shared by the core. All dates are UTC calendar dates written as YYYY-MM-DD. */

export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** Timestamps are stored as ISO 8601 UTC strings so that they sort and compare as text on every store. */
export const isoTimestamp = (d: Date): string => d.toISOString();

export function addDays(date: string | Date, days: number): string {
  const d = typeof date === 'string' ? new Date(`${date}T00:00:00Z`) : new Date(date);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/**
 * Adds whole months, clamping to the month's last day (2024-02-29 + 12 months = 2025-02-28), the way
 * registries compute expiry dates.
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoDate(new Date(Date.UTC(year, month, Math.min(d, lastDay))));
}

export const addYears = (date: string, years: number): string => addMonths(date, years * 12);

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** "2022-08-26" -> "26.8.22", the short Finnish date used in invoice line descriptions. */
export function finnishShortDate(date: string): string {
  const [y, m, d] = date.split('-') as [string, string, string];
  return `${Number(d)}.${Number(m)}.${y.slice(2)}`;
}
