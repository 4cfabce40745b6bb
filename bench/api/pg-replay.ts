import pg from 'pg';
import { isMark, readStatementLog, StatementTimes, type Replayed } from './sql-replay.js';

type Query = [connection: number, text: string, values: unknown[], name: string | null, rowMode: 'array' | null];

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
  const { entries, from, to } = readStatementLog<Query>(log);
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
  const times = new StatementTimes();
  /** Each connection's queries, each with whether it lies in the measured run. */
  const streams = new Map<number, Array<{ query: Query; timed: boolean }>>();
  entries.forEach((e, i) => {
    if (isMark(e)) return;
    const stream = streams.get(e[0]) ?? [];
    stream.push({ query: e, timed: i > from && i < to });
    streams.set(e[0], stream);
  });
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
    for (const { query, timed } of stream) {
      if (!timed && started && !ended) {
        ended = true;
        windowEnd = Math.max(windowEnd, performance.now());
      }
      if (timed && !started) {
        started = true;
        windowStart = Math.max(windowStart, performance.now());
      }
      const [, text, values, name, rowMode] = query;
      const t = performance.now();
      // A query that failed for the server (a broken constraint) fails here too, and costs as much.
      await client.query({ text, values, ...(name ? { name } : {}), ...(rowMode ? { rowMode } : {}) }).catch(() => undefined);
      if (timed) times.add(text, performance.now() - t);
    }
    if (started && !ended) windowEnd = Math.max(windowEnd, performance.now());
  }));
  try {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      run,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the replay did not finish within ${REPLAY_MS} ms`)), REPLAY_MS))),
    ]).finally(() => clearTimeout(timer));
    const bySql = times.sorted();
    return {
      statements: to - from - 1,
      commits: bySql.find((row) => row.sql === 'commit')?.runs ?? 0,
      ms: windowEnd - windowStart,
      connections: streams.size,
      bySql,
    };
  } finally {
    await Promise.all([...connections.values()].map((c) => c.end().catch(() => undefined)));
  }
}
