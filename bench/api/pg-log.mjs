/**
 * sql-log.mjs for PostgreSQL: preloaded into `hostplane serve` by `npm run bench:profile` with
 * PROFILE_SQL=replay and PROFILE_STORE=postgres, it keeps every query the server sends through
 * node-postgres (which connection, the text, its values, its statement name and row mode, in order)
 * for pg-replay.ts (statement-log.mjs writes them out, marks included).
 */
import { createRequire } from 'node:module';
import { statementLog } from './statement-log.mjs';

const pg = createRequire(import.meta.url)('pg');
const log = statementLog();
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
