import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDb, type Db } from '../../src/store/db.js';
import { prepared } from '../../src/store/prepared.js';
import { freshDatabase, type TestDatabase } from '../helpers/server.js';

/**
 * Queries built once and run with new values (src/store/prepared.ts), on SQLite as kept statements,
 * on PostgreSQL as named prepared statements: the same calls must give the same rows on both.
 */
describe('store: prepared queries', () => {
  let dir: string;
  let database: TestDatabase;
  let db: Db;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-prepared-'));
    database = await freshDatabase(dir);
    db = openDb(database.url);
    await sql`create table scratch (id integer primary key, kind text not null, n integer not null)`.execute(db);
    await sql`insert into scratch (id, kind, n) values (1, 'a', 1), (2, 'a', 2), (3, 'b', 3), (4, 'c', 4)`.execute(db);
  });
  after(async () => {
    await db.destroy();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const scratch = (db: Db) => db.selectFrom('scratch' as never).select([sql<number>`id`.as('id'), sql<number>`n`.as('n')]);

  it('runs with each call its own values, fixed values kept, inside and outside a transaction', async () => {
    const query = prepared((db, kind: string, min: number) =>
      scratch(db).where(sql`kind`, '=', kind).where(sql`n`, '>=', min).where(sql`kind`, 'not in', ['x', 'y']).orderBy(sql`id`).limit(10));
    assert.deepEqual((await query(db, 'a', 0)).map((r) => r.n), [1, 2]);
    assert.deepEqual((await query(db, 'a', 2)).map((r) => r.n), [2]);
    assert.deepEqual((await query(db, 'b', 0)).map((r) => r.n), [3]);
    assert.deepEqual(await query(db, 'z', 0), []);
    const inTx = await db.transaction().execute((tx) => query(tx, 'c', 4));
    assert.deepEqual(inTx.map((r) => r.n), [4]);
  });

  it('runs as often as a pool has connections and more, and concurrently', async () => {
    const query = prepared((db, id: number) => scratch(db).where(sql`id`, '=', id));
    const rows = await Promise.all(Array.from({ length: 40 }, (_, i) => query(db, (i % 4) + 1)));
    assert.deepEqual(rows.map((r) => r[0]?.n), Array.from({ length: 40 }, (_, i) => (i % 4) + 1));
  });

  // PostgreSQL's text cannot hold U+0000: the template's arguments get PostgresTextPlugin's rewrite,
  // or the statement would fail there (SQLSTATE 22021) where SQLite finds nothing.
  it('finds nothing for an argument with U+0000, on either store', async () => {
    const query = prepared((db, kind: string) => scratch(db).where(sql`kind`, '=', kind));
    assert.deepEqual(await query(db, 'a\u0000'), []);
    assert.deepEqual((await query(db, 'a')).length, 2);
  });

  it('refuses a query that does not bind each argument exactly once', async () => {
    const unused = prepared((db, _kind: string) => scratch(db));
    await assert.rejects(unused(db, 'a'), /does not bind each argument once/);
    const twice = prepared((db, kind: string) => scratch(db).where(sql`kind`, '=', kind).where(sql`kind`, '=', kind));
    await assert.rejects(twice(db, 'a'), /does not bind each argument once/);
  });
});
