import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

type Entry = [method: 'all' | 'run' | 'get' | 'exec', sql: string, args: unknown[], arrays: boolean] | ['mark'];

/**
 * A statement log's entries (statement-log.mjs) and the places of its two marks, the measured run's
 * start and end; fails unless it has both.
 */
export function readStatementLog<E>(log: string): { entries: Array<E | ['mark']>; from: number; to: number } {
  const entries = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as E | ['mark']);
  const marks = entries.flatMap((e, i) => (isMark(e) ? [i] : []));
  if (marks.length < 2) throw new Error(`the statement log ${log} has ${marks.length} of the two marks of a measured run`);
  return { entries, from: marks[0]!, to: marks[1]! };
}

export const isMark = (entry: unknown): entry is ['mark'] => Array.isArray(entry) && entry[0] === 'mark';

/** Time per statement text (its first 100 characters), for Replayed.bySql. */
export class StatementTimes {
  private readonly rows = new Map<string, { sql: string; runs: number; ms: number }>();

  add(sql: string, ms: number): void {
    const key = sql.slice(0, 100);
    const row = this.rows.get(key) ?? { sql: key, runs: 0, ms: 0 };
    row.runs++;
    row.ms += ms;
    this.rows.set(key, row);
  }

  /** Most time first. */
  sorted(): Replayed['bySql'] {
    return [...this.rows.values()].sort((a, b) => b.ms - a.ms);
  }
}

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
  const { entries, from, to } = readStatementLog<Entry>(log);
  const db = new Database(file);
  const prepared = new Map<string, Database.Statement>();
  const times = new StatementTimes();
  let commits = 0;
  let cpu = process.cpuUsage();
  let started = 0;
  let ms = 0;
  let cpuMs = 0;
  entries.forEach((entry, i) => {
    if (i === from) {
      cpu = process.cpuUsage();
      started = performance.now();
    } else if (i === to) {
      ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      cpuMs = (used.user + used.system) / 1000;
    }
    if (isMark(entry)) return;
    const [method, sql, args, arrays] = entry;
    if (method === 'exec') {
      db.exec(sql);
      return;
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
    if (i < from || i > to) return;
    times.add(sql, performance.now() - t);
    if (sql === 'commit') commits++;
  });
  db.close();
  return { statements: to - from - 1, commits, ms, cpuMs, bySql: times.sorted() };
}
