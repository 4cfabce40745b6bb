import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

type Entry = [method: 'all' | 'run' | 'get' | 'exec' | 'mark', sql: string, args: unknown[], arrays: boolean];

/** What the replay took between the log's two marks (the benchmark's measured run). */
export interface Replayed {
  statements: number;
  commits: number;
  ms: number;
  /** Process CPU (user + system) the replay took, fsyncs' kernel time included (SQLite, run on this thread). */
  cpuMs?: number;
  /** The connections the statements were sent over at once (PostgreSQL); SQLite runs them one by one on one. */
  connections?: number;
  /** Time per statement text (its first 100 characters), most first. */
  bySql: Array<{ sql: string; runs: number; ms: number }>;
}

/**
 * Runs the statements a server ran (sql-log.mjs's JSON lines), in order and with their arguments, on
 * `file`: a copy of the store taken before that server started, so each statement meets the rows it
 * met then and does the same work. Only better-sqlite3 runs: no HTTP, no Kysely, no application code.
 * Its time is the SQLite floor of what the server did (the same commits, so the same fsyncs), to set
 * the server's rate against. Everything in the log is run; only what lies between its two marks counts.
 */
export function replaySql(log: string, file: string): Replayed {
  const entries = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Entry);
  const db = new Database(file);
  const prepared = new Map<string, Database.Statement>();
  let statements = 0;
  let commits = 0;
  let marks = 0;
  let cpu = process.cpuUsage();
  let started = performance.now();
  let ms = 0;
  let cpuMs = 0;
  const bySql = new Map<string, { sql: string; runs: number; ms: number }>();
  for (const [method, sql, args, arrays] of entries) {
    if (method === 'mark') {
      if (++marks === 1) {
        cpu = process.cpuUsage();
        started = performance.now();
      } else if (marks === 2) {
        ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        cpuMs = (used.user + used.system) / 1000;
      }
      continue;
    }
    if (marks === 1) statements++;
    if (method === 'exec') {
      db.exec(sql);
      continue;
    }
    let statement = prepared.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (arrays) statement.raw(true);
      prepared.set(sql, statement);
    }
    const t = performance.now();
    try {
      statement[method](...args);
    } catch {
      // It failed for the server too (a constraint a request broke), and costs the same here.
    }
    if (marks === 1) {
      const key = sql.slice(0, 100);
      const row = bySql.get(key) ?? { sql: key, runs: 0, ms: 0 };
      row.runs++;
      row.ms += performance.now() - t;
      bySql.set(key, row);
    }
    if (sql === 'commit' && marks === 1) commits++;
  }
  db.close();
  if (marks < 2) throw new Error(`the statement log ${log} has ${marks} of the two marks of a measured run`);
  return { statements, commits, ms, cpuMs, bySql: [...bySql.values()].sort((a, b) => b.ms - a.ms) };
}
