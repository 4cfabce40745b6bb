/**
 * Preloaded into `hostplane serve` by `npm run bench:profile` with PROFILE_SQL set (`--import`): times
 * every better-sqlite3 statement run (all, run, get, exec) by its SQL text, on the event loop as the
 * server runs it, and writes the totals to `$PROFILE_SQL_FILE` every second: where a request's SQLite
 * time goes, which a CPU profile shows only as one native frame (Kysely's executeQuery).
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const Database = createRequire(import.meta.url)('better-sqlite3');
const probe = new Database(':memory:');
const statement = Object.getPrototypeOf(probe.prepare('select 1'));
const database = Object.getPrototypeOf(probe);
probe.close();

/** SQL text (its first 120 characters) -> runs and microseconds. */
const totals = new Map();
const count = (sql, started) => {
  const us = Number(process.hrtime.bigint() - started) / 1000;
  const key = sql.replace(/\s+/g, ' ').slice(0, 120);
  const t = totals.get(key) ?? { runs: 0, us: 0 };
  t.runs++;
  t.us += us;
  totals.set(key, t);
};
for (const method of ['all', 'run', 'get']) {
  const original = statement[method];
  statement[method] = function (...args) {
    const started = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      count(this.source, started);
    }
  };
}
const exec = database.exec;
database.exec = function (sql) {
  const started = process.hrtime.bigint();
  try {
    return exec.call(this, sql);
  } finally {
    count(sql, started);
  }
};

const file = process.env.PROFILE_SQL_FILE;
if (file) {
  setInterval(() => {
    const rows = [...totals].sort((a, b) => b[1].us - a[1].us).slice(0, 30);
    writeFileSync(file, rows.map(([sql, t]) =>
      `${(t.us / 1000).toFixed(0).padStart(7)} ms ${String(t.runs).padStart(8)} runs ${(t.us / t.runs).toFixed(0).padStart(6)} µs  ${sql}`).join('\n') + '\n');
  }, 1000).unref();
}
