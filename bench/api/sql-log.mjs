/**
 * Preloaded into `hostplane serve` by `npm run bench:profile` with PROFILE_SQL=replay (`--import`):
 * keeps every better-sqlite3 statement the server runs (its method, SQL text and arguments, in order)
 * for sql-replay.ts to run again on a copy of the store with nothing else around them
 * (statement-log.mjs writes them out, marks included). Recording costs an array push per statement,
 * so the server's own rate is measured with it in place.
 */
import { createRequire } from 'node:module';
import { statementLog } from './statement-log.mjs';

const Database = createRequire(import.meta.url)('better-sqlite3');
const probe = new Database(':memory:');
const statement = Object.getPrototypeOf(probe.prepare('select 1'));
const database = Object.getPrototypeOf(probe);
probe.close();

const log = statementLog();
/** Statements switched to rows as arrays (row-arrays.ts); the replay asks for the same shape. */
const arrays = new WeakSet();
for (const method of ['all', 'run', 'get']) {
  const original = statement[method];
  statement[method] = function (...args) {
    log.push([method, this.source, args, arrays.has(this)]);
    return original.apply(this, args);
  };
}
const raw = statement.raw;
statement.raw = function (on) {
  if (on !== false) arrays.add(this);
  else arrays.delete(this);
  return raw.call(this, on);
};
const exec = database.exec;
database.exec = function (sql) {
  log.push(['exec', sql, [], false]);
  return exec.call(this, sql);
};
