/**
 * sql-log.mjs for PostgreSQL: preloaded into `hostplane serve` by `npm run bench:profile` with
 * PROFILE_SQL=replay and PROFILE_STORE=postgres, it keeps every query the server sends through
 * node-postgres (which connection, the text, its values, its statement name and row mode, in order)
 * and writes them to `$PROFILE_SQL_LOG` as JSON lines when the process exits, for pg-replay.ts.
 * SIGUSR2 puts a mark in the log, as in sql-log.mjs.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const pg = createRequire(import.meta.url)('pg');
const log = [];
const ids = new WeakMap();
let next = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, callback) {
  const text = typeof config === 'string' ? config : config?.text;
  if (typeof text === 'string') {
    if (!ids.has(this)) ids.set(this, next++);
    const args = typeof config === 'string' ? (Array.isArray(values) ? values : []) : (config.values ?? []);
    log.push([ids.get(this), text, args, typeof config === 'string' ? null : (config.name ?? null), typeof config === 'string' ? null : (config.rowMode ?? null)]);
  }
  return query.call(this, config, values, callback);
};
process.on('SIGUSR2', () => log.push(['mark']));

const file = process.env.PROFILE_SQL_LOG;
if (file) {
  process.on('exit', () => {
    const text = (value) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v));
    writeFileSync(file, log.map(text).join('\n') + '\n');
  });
}
