/**
 * Preloaded into `hostplane serve` by `npm run bench:profile` with PROFILE_SQL=replay (`--import`):
 * keeps every better-sqlite3 statement the server runs (its method, SQL text and arguments, in order)
 * and writes them to `$PROFILE_SQL_LOG` as JSON lines when the process exits, for sql-replay.ts to run
 * again on a copy of the store with nothing else around them. Recording costs an array push per
 * statement, so the server's own rate is measured with it in place. SIGUSR2 puts a mark in the log
 * (the benchmark's measured run starts or ends), which the replay times between.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const Database = createRequire(import.meta.url)('better-sqlite3');
const probe = new Database(':memory:');
const statement = Object.getPrototypeOf(probe.prepare('select 1'));
const database = Object.getPrototypeOf(probe);
probe.close();

const log = [];
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

process.on('SIGUSR2', () => log.push(['mark', '', [], false]));

const file = process.env.PROFILE_SQL_LOG;
if (file) {
  process.on('exit', () => {
    const text = (value) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? Number(v) : v));
    writeFileSync(file, log.map(text).join('\n') + '\n');
  });
}
