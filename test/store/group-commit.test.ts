import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { commitStats, openDb, type Db } from '../../src/store/db.js';
import { prepared } from '../../src/store/prepared.js';

/**
 * SQLite group commit (src/store/sqlite-dialect.ts): transactions that run together share one COMMIT,
 * and nobody hears of a row before it is committed. "Committed" is checked the way another process
 * would see it: through a second connection to the same file, which sees only what SQLite committed.
 */
describe('store: SQLite group commit', () => {
  let dir: string;
  let db: Db;
  let other: SQLite.Database;
  const seenByOther = (v: string) => other.prepare('select count(*) as n from scratch where v = ?').get(v) as { n: number };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-group-commit-'));
    const path = join(dir, 'store.db');
    db = openDb(`sqlite:${path}`);
    await sql`create table scratch (id integer primary key, v text not null unique)`.execute(db);
    other = new SQLite(path, { readonly: true });
  });
  after(async () => {
    other.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await sql`delete from scratch`.execute(db);
  });

  const insert = (v: string) => sql`insert into scratch (v) values (${v})`;

  it('commits concurrent transactions together, each answered only once another connection sees its row', async () => {
    const before = commitStats(db)!;
    const answered = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await insert(`row ${i}`).execute(tx);
          return `row ${i}`;
        }).then((v) => seenByOther(v).n),
      ),
    );
    assert.deepEqual(answered, Array(50).fill(1), 'a transaction was answered before its row was committed');
    const after = commitStats(db)!;
    assert.equal(after.transactions - before.transactions, 50);
    const commits = after.commits - before.commits;
    assert.ok(commits >= 1 && commits <= 5, `50 concurrent transactions took ${commits} commits`);
  });

  it('commits a lone transaction at once', async () => {
    const before = commitStats(db)!;
    for (let i = 0; i < 3; i++) {
      await db.transaction().execute((tx) => insert(`alone ${i}`).execute(tx));
      assert.equal(seenByOther(`alone ${i}`).n, 1);
    }
    assert.equal(commitStats(db)!.commits - before.commits, 3);
  });

  it('rolls back a failing transaction alone; the others of its batch commit', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await insert(`kept ${i}`).execute(tx);
          if (i === 7) throw new Error('refused by the command');
          // A constraint failure after a write of its own: the savepoint takes back both.
          if (i === 11) await insert('kept 3').execute(tx);
        }),
      ),
    );
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    assert.deepEqual(failed, [7, 11]);
    assert.match(String((results[7] as PromiseRejectedResult).reason), /refused by the command/);
    const rows = (other.prepare('select v from scratch order by id').all() as Array<{ v: string }>).map((r) => r.v);
    assert.deepEqual(rows, Array.from({ length: 20 }, (_, i) => `kept ${i}`).filter((v) => v !== 'kept 7' && v !== 'kept 11'));
  });

  it("answers a read that saw another transaction's row only once that row is committed", async () => {
    const write = db.transaction().execute((tx) => insert('read me').execute(tx));
    // Queued behind the transaction on the one connection: it runs after the row is written, before
    // the batch's COMMIT.
    const read = db.selectFrom('scratch' as never).select(sql<string>`v`.as('v')).where(sql`v`, '=', 'read me').execute();
    const rows = await read;
    assert.equal(rows.length, 1);
    assert.equal(seenByOther('read me').n, 1, 'the read was answered with a row not yet committed');
    await write;
  });

  // prepared() runs a statement at once (runNow) only where the usual way would run it then: a read
  // never past a transaction or a batch, a transaction's statement on its own connection.
  const preparedRead = prepared((db, v: string) => db.selectFrom('scratch' as never).select(sql<string>`v`.as('v')).where(sql`v`, '=', v));
  const preparedInsert = prepared((db, v: string) => db.insertInto('scratch' as never).values({ v } as never));

  it("a transaction's prepared writes commit with its batch, or roll back with it alone", async () => {
    const results = await Promise.allSettled(['p kept', 'p refused', 'p also kept'].map((v) =>
      db.transaction().execute(async (tx) => {
        await preparedInsert(tx, v);
        assert.deepEqual(await preparedRead(tx, v), [{ v }], 'a transaction reads its own write');
        if (v === 'p refused') throw new Error('refused');
        return seenByOther(v).n;
      })));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(['p kept', 'p refused', 'p also kept'].map((v) => seenByOther(v).n), [1, 0, 1]);
    // Inside the transaction, before its COMMIT, nobody else saw the row.
    assert.deepEqual(results.filter((r) => r.status === 'fulfilled').map((r) => r.value), [0, 0]);
  });

  it('a prepared read made while a transaction holds the connection waits for it, and is answered once its row is committed', async () => {
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const write = db.transaction().execute(async (tx) => {
      await insert('held').execute(tx);
      inside();
      // Holds the connection, its row written and not committed, until the read below was asked.
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await entered;
    let answered = false;
    const read = preparedRead(db, 'held').then((rows) => {
      answered = true;
      return { rows, committed: seenByOther('held').n };
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(answered, false, 'the read went past a transaction holding the connection');
    finish();
    assert.deepEqual(await read, { rows: [{ v: 'held' }], committed: 1 });
    await write;
  });

  it('a prepared read made while a batch is open is answered only after its COMMIT', async () => {
    const transactions = commitStats(db)!.transactions;
    const write = db.transaction().execute((tx) => insert('batched').execute(tx));
    // Microtasks only, so the batch's COMMIT (at setImmediate) cannot come meanwhile: past the
    // transaction's end, and then far enough for it to give back the connection with its batch open.
    for (let i = 0; commitStats(db)!.transactions === transactions; i++) {
      assert.ok(i < 1_000, 'the transaction did not end within microtasks');
      await Promise.resolve();
    }
    for (let i = 0; i < 20; i++) await Promise.resolve();
    const rows = await preparedRead(db, 'batched');
    assert.deepEqual(rows, [{ v: 'batched' }]);
    assert.equal(seenByOther('batched').n, 1, 'the read was answered with a row not yet committed');
    await write;
  });

  it('a prepared read with nothing pending runs at once, outside any commit', async () => {
    await db.transaction().execute((tx) => insert('settled').execute(tx));
    const before = commitStats(db)!;
    assert.deepEqual(await preparedRead(db, 'settled'), [{ v: 'settled' }]);
    assert.deepEqual(commitStats(db), before);
  });

  it('when SQLite rolls a whole batch back (a full disk), its transactions fail and none is answered as done', async () => {
    const [{ page_count: pages }] = (await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows as [{ page_count: number }];
    await sql.raw(`pragma max_page_count = ${pages + 2}`).execute(db);
    const names = [...Array.from({ length: 5 }, (_, i) => `before ${i}`), 'x'.repeat(200_000), ...Array.from({ length: 5 }, (_, i) => `after ${i}`)];
    // The row that does not fit goes in outside a transaction, after the first five joined the batch:
    // no transaction of its own rolls back, SQLite just drops the batch.
    const results = await Promise.allSettled(
      names.map((v, i) => (i === 5 ? insert(v).execute(db) : db.transaction().execute((tx) => insert(v).execute(tx)))),
    );
    await sql.raw('pragma max_page_count = 1073741823').execute(db);
    assert.equal(results[5]!.status, 'rejected', 'the row that did not fit');
    assert.ok(results.slice(0, 5).every((r) => r.status === 'rejected'), 'the batch it was in went with it');
    names.forEach((v, i) => assert.equal(seenByOther(v).n, results[i]!.status === 'fulfilled' ? 1 : 0, `${v.slice(0, 10)}: ${results[i]!.status}`));
    await db.transaction().execute((tx) => insert('afterwards').execute(tx));
    assert.equal(seenByOther('afterwards').n, 1);
  });

  it('commits what is pending when the store closes', async () => {
    const path = join(dir, 'closing.db');
    const closing = openDb(`sqlite:${path}`);
    await sql`create table scratch (id integer primary key, v text not null unique)`.execute(closing);
    const pending = closing.transaction().execute((tx) => insert('last').execute(tx));
    await closing.destroy();
    await pending;
    const check = new SQLite(path, { readonly: true });
    try {
      assert.equal((check.prepare('select count(*) as n from scratch').get() as { n: number }).n, 1);
    } finally {
      check.close();
    }
  });
});
