import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Replayed } from './sql-replay.js';

type Entry = [connection: number, text: string, values: unknown[], name: string | null, rowMode: 'array' | null] | ['mark'];

/** Longest the replay may take: a lock wait the server never had would otherwise hold it forever. */
const REPLAY_MS = 180_000;

/**
 * sql-replay.ts for PostgreSQL: sends the queries a server sent (pg-log.mjs's JSON lines) to
 * `databaseUrl`, a schema seeded as the server's was before it started, from as many connections as
 * the server used, each connection's queries in its order and all connections at once, with
 * node-postgres alone: no HTTP, no Kysely, no application code. What the window between the log's two
 * marks takes is the floor of the server's store work over the same connections (round trips,
 * PostgreSQL's own work and its commits' flushes).
 */
export async function replayPg(log: string, databaseUrl: string): Promise<Replayed> {
  const entries = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Entry);
  const marks = entries.flatMap((e, i) => (e[0] === 'mark' ? [i] : []));
  if (marks.length < 2) throw new Error(`the statement log ${log} has ${marks.length} of the two marks of a measured run`);
  const [from, to] = [marks[0]!, marks[1]!];
  const connections = new Map<number, pg.Client>();
  const clientOf = async (id: number) => {
    let client = connections.get(id);
    if (!client) {
      client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      connections.set(id, client);
    }
    return client;
  };
  const bySql = new Map<string, { sql: string; runs: number; ms: number }>();
  const streams = new Map<number, Entry[]>();
  for (const e of entries) {
    if (e[0] === 'mark') continue;
    const stream = streams.get(e[0]) ?? [];
    stream.push(e);
    streams.set(e[0], stream);
  }
  const windowOf = new Map(entries.map((e, i) => [e, i > from && i < to]));
  // Each connection's queries in order, the connections at once, from the first query to the measured
  // run's last, without a barrier at the first mark: a transaction the server had open across it holds
  // its locks until its COMMIT, after the mark. The window runs from when the last connection is done
  // with its queries before the mark (others may have begun theirs, so this floor is, if anything, low)
  // to when the last is done with the window's. What follows the second mark runs too (a transaction
  // may straddle it as well) but is not timed.
  let windowStart = 0;
  let windowEnd = 0;
  const run = Promise.all([...streams].map(async ([id, stream]) => {
    const client = await clientOf(id);
    let started = false;
    let ended = false;
    for (const e of stream) {
      const timed = windowOf.get(e)!;
      if (!timed && started && !ended) {
        ended = true;
        windowEnd = Math.max(windowEnd, performance.now());
      }
      if (timed && !started) {
        started = true;
        windowStart = Math.max(windowStart, performance.now());
      }
      const [, text, values, name, rowMode] = e as Exclude<Entry, ['mark']>;
      const t = performance.now();
      // A query that failed for the server (a broken constraint) fails here too, and costs as much.
      await client.query({ text, values, ...(name ? { name } : {}), ...(rowMode ? { rowMode } : {}) }).catch(() => undefined);
      if (!timed) continue;
      const key = text.slice(0, 100);
      const row = bySql.get(key) ?? { sql: key, runs: 0, ms: 0 };
      row.runs++;
      row.ms += performance.now() - t;
      bySql.set(key, row);
    }
    if (started && !ended) windowEnd = Math.max(windowEnd, performance.now());
  }));
  try {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      run,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the replay did not finish within ${REPLAY_MS} ms`)), REPLAY_MS))),
    ]).finally(() => clearTimeout(timer));
    const window = entries.slice(from + 1, to);
    return {
      statements: window.length,
      commits: window.filter((e) => e[1] === 'commit').length,
      ms: windowEnd - windowStart,
      connections: streams.size,
      bySql: [...bySql.values()].sort((a, b) => b.ms - a.ms),
    };
  } finally {
    await Promise.all([...connections.values()].map((c) => c.end().catch(() => undefined)));
  }
}
