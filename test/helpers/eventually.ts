/**
 * Reads `read()` until `done` holds for its value, every 50 ms for at most `ms`, and returns the last
 * value read (the caller's assertions then say what was wrong). For what a job records in a
 * transaction of its own just after a side effect a test can already see (a file in the outbox, a
 * message at the mail server).
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  let value = await read();
  for (const start = Date.now(); !done(value) && Date.now() - start < ms; value = await read()) await new Promise((r) => setTimeout(r, 50));
  return value;
}
