import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDb, type Db } from '../../src/store/db.js';
import { freshDatabase, type TestDatabase } from '../helpers/server.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import type { Kysely } from 'kysely';
import * as m015 from '../../src/store/migrations/015-registrant-identity-and-local-ds.js';
import * as m016 from '../../src/store/migrations/016-registry-attempts.js';
import * as m017 from '../../src/store/migrations/017-dnssec.js';
import * as m018 from '../../src/store/migrations/018-panel.js';
import * as m019 from '../../src/store/migrations/019-events.js';
import * as m020 from '../../src/store/migrations/020-payments.js';
import * as m022 from '../../src/store/migrations/022-transfer-delegation.js';
import * as m023 from '../../src/store/migrations/023-mail.js';
import * as m025 from '../../src/store/migrations/025-dunning.js';
import * as m024 from '../../src/store/migrations/024-webhooks.js';

/**
 * The store's migrations beside other stores in the same PostgreSQL database (other schemas: a test
 * run's siblings, a staging copy). Run on SQLite they check only that migrating twice is harmless.
 */
describe('store: migrations', () => {
  let dir: string;
  const made: TestDatabase[] = [];
  const opened: Db[] = [];
  const fresh = async (): Promise<{ db: Db; database: TestDatabase }> => {
    const database = await freshDatabase(mkdtempSync(join(dir, 'db-')));
    made.push(database);
    const db = openDb(database.url);
    opened.push(db);
    return { db, database };
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-migrate-'));
  });
  after(async () => {
    for (const db of opened) await db.destroy().catch(() => {});
    for (const database of made) await database.drop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a fresh store, and a second run changes nothing', async () => {
    const { db } = await fresh();
    await migrate(db);
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    await migrate(db);
    assert.deepEqual((await db.introspection.getTables()).map((t) => t.name), tables);
    for (const name of ['users', 'domains', 'zones', 'records', 'invoices', 'jobs', 'idempotency_keys']) {
      assert.ok(tables.includes(name), `${name} in ${tables.join(', ')}`);
    }
  });

  it('015 keys existing registrations by their registrant\'s contact and seeds .fi\'s identity rule', async () => {
    const { db: store } = await fresh();
    await migrate(store);
    // Back to the store as it was before 015 (the later ones undone first), with registrations made then.
    const db = store as unknown as Kysely<any>;
    for (const [name, m] of [['025-dunning', m025], ['024-webhooks', m024], ['023-mail', m023], ['022-transfer-delegation', m022], ['020-payments', m020], ['019-events', m019], ['018-panel', m018], ['017-dnssec', m017], ['016-registry-attempts', m016], ['015-registrant-identity-and-local-ds', m015]] as const) {
      await m.down(db);
      await db.deleteFrom('kysely_migration').where('name', '=', name).execute();
    }
    const at = '2026-01-01T00:00:00.000Z';
    const row = (name: string, registrant: string) => ({
      name, registrar: 'Hostplane', registrant, auth_code: 'x', nameservers: '[]', created_at: at, updated_at: at, expires_at: at,
    });
    await db.insertInto('registry_domains').values([
      row('vanha.fi', JSON.stringify({ key: 'contact:7', name: 'Matti', country: 'FI' })),
      row('tyhja.fi', '{}'),
      row('rikki.fi', 'not json'),
    ]).execute();
    await migrate(store);
    const rows = await db.selectFrom('registry_domains').select(['name', 'registrant_key', 'ds']).orderBy('name').execute();
    assert.deepEqual(rows, [
      { name: 'rikki.fi', registrant_key: '', ds: '[]' },
      { name: 'tyhja.fi', registrant_key: '', ds: '[]' },
      { name: 'vanha.fi', registrant_key: 'contact:7', ds: '[]' },
    ]);
    const rules = await db.selectFrom('tlds').select(['tld', 'registrant_identity_required']).where('tld', 'in', ['fi', 'com']).orderBy('tld').execute();
    assert.deepEqual(rules, [{ tld: 'com', registrant_identity_required: 0 }, { tld: 'fi', registrant_identity_required: 1 }]);
  });

  it('processes started together on a fresh store all migrate it and write to it (each waits its turn)', async () => {
    const { database } = await fresh();
    // Separate processes, as the race is between processes: first four creating the store (operator
    // commands refuse a store that does not exist), then four writing to it.
    const migrations = await Promise.all(Array.from({ length: 4 }, () => spawnCli(database.url, 'migrate')));
    for (const run of migrations) assert.equal(run.code, 0, run.stderr);
    const runs = await Promise.all(Array.from({ length: 4 }, (_, i) =>
      spawnCli(database.url, 'users', 'create', '--username', `together${i}`, '--password', 'yhdessa-123')));
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const listed = await runCli(database.url, 'users', 'list', '--json');
    assert.equal(listed.json.meta.total, 4, listed.stdout);
  });

  it('sees only its own schema, with each column described', { skip: !process.env.TEST_DATABASE_URL && 'PostgreSQL only' }, async () => {
    const [a, b] = [await fresh(), await fresh()];
    await migrate(a.db);
    await migrate(b.db);
    const tables = await a.db.introspection.getTables();
    const schemas = new Set(tables.map((t) => t.schema));
    assert.equal(schemas.size, 1, `one schema, got ${[...schemas].join(', ')}`);
    // Each table appears once: the sibling's identical tables are not listed.
    const names = tables.map((t) => t.name);
    assert.equal(new Set(names).size, names.length);
    const jobs = tables.find((t) => t.name === 'jobs');
    const id = jobs?.columns.find((c) => c.name === 'id');
    assert.ok(id, 'jobs.id described');
    assert.equal(id.isNullable, false);
    assert.ok(!names.includes('kysely_migration'), 'bookkeeping tables hidden by default');
    assert.ok((await a.db.introspection.getTables({ withInternalKyselyTables: true })).some((t) => t.name === 'kysely_migration'));
  });

  it('migrates while other schemas in the database are being dropped', { skip: !process.env.TEST_DATABASE_URL && 'PostgreSQL only' }, async () => {
    // Siblings full of tables, dropped while new stores migrate: a table check that looks siblings'
    // names up again (as Kysely's stock introspector does) fails here with "... does not exist".
    const siblings = await Promise.all(Array.from({ length: 12 }, () => fresh()));
    await Promise.all(siblings.map((sibling) => migrate(sibling.db)));
    for (const sibling of siblings) await sibling.db.destroy();
    const drops = siblings.map(async (sibling, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 15));
      await sibling.database.drop();
    });
    const migrations = Array.from({ length: 4 }, async () => migrate((await fresh()).db));
    const results = await Promise.allSettled([...migrations, ...drops]);
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    assert.deepEqual(failed, []);
  });
});
