/**
 * SOA serials in the YYYYMMDDnn convention (RFC 1912 2.2): the date of the last change and a counter
 * for changes on that day. Secondaries only pull a zone whose serial grew (RFC 1982 sequence space
 * arithmetic), so a serial must never go backwards or stand still on a change.
 */

/** YYYYMMDD of `d` as a number, in UTC like every date of the core. */
export const serialDate = (d: Date): number =>
  d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();

/** The first serial of a day: YYYYMMDD01. */
export const firstSerial = (today: Date): number => serialDate(today) * 100 + 1;

/**
 * The serial after `current` on `today`. A serial from an earlier day restarts at today's 01; one from
 * today (or, after a clock step back, from a later day) counts up by one. Past nn = 99 it keeps counting
 * into the next day's numbers rather than wrapping: growing matters more than the date being readable.
 */
export function nextSerial(current: number, today: Date): number {
  const first = firstSerial(today);
  return Math.floor(current / 100) < serialDate(today) ? first : current + 1;
}

/** RFC 1982 serial arithmetic: whether serial `a` comes after `b` (not equal, and less than half the circle ahead). */
export const serialAfter = (a: number, b: number): boolean => a !== b && (a - b + 2 ** 32) % 2 ** 32 < 2 ** 31;
