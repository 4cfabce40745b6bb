import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDb, type Db } from '../../src/store/db.js';
import { prepared } from '../../src/store/prepared.js';

/** Queries built once and run with new values (src/store/prepared.ts), on SQLite where they apply. */
describe('store: prepared queries', () => {
  let dir: string;
  let db: Db;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-prepared-'));
    db = openDb(`sqlite:${join(dir, 'store.db')}`);
    await sql`create table scratch (id integer primary key, kind text not null, n integer not null)`.execute(db);
    await sql`insert into scratch (kind, n) values ('a', 1), ('a', 2), ('b', 3), ('c', 4)`.execute(db);
  });
  after(async () => {
    await db.destroy();
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

  it('refuses a query that does not bind each argument exactly once', async () => {
    const unused = prepared((db, _kind: string) => scratch(db));
    await assert.rejects(unused(db, 'a'), /does not bind each argument once/);
    const twice = prepared((db, kind: string) => scratch(db).where(sql`kind`, '=', kind).where(sql`kind`, '=', kind));
    await assert.rejects(twice(db, 'a'), /does not bind each argument once/);
  });
});
