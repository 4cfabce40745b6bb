import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { createRuntime, type Runtime } from '../../src/main.js';
import { createUser } from '../../src/core/accounts/create-user.js';
import { UniqueViolation } from '../../src/ports/store.js';
import { ACQUIRING_KINDS, RENEWING_KINDS } from '../../src/core/domains/order-kinds.js';
import { freshDatabase, type TestDatabase, TEST_PASSWORD_HASHING } from '../helpers/server.js';

/**
 * orders_open_fqdn (migration 011): one unprocessed order per name and kind group, written straight
 * to the store so that nothing in the core's checks stands in front of the index. On both stores.
 */
describe('store: one unprocessed order per name and kind group', () => {
  let dir: string;
  let database: TestDatabase;
  let runtime: Runtime;
  let userId: number;
  let seq = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-open-orders-'));
    database = await freshDatabase(dir);
    const config = loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, LOG_LEVEL: 'silent' });
    runtime = await createRuntime(config, { clock: new ManualClock('2026-03-01T10:00:00Z') });
    userId = (await createUser(runtime.ctx, { username: 'tilaaja', password: 'correct horse battery' })).id;
  });
  after(async () => {
    await runtime?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const order = (fqdn: string, kind: string, status = 'open') => runtime.ctx.store.orders.create({
    user_id: userId, kind, fqdn, domain_id: null, years: 1, status, invoice_id: null, nameservers: '[]', auth_code: null,
    error: null, created_at: '2026-03-01T10:00:00.000Z', updated_at: '2026-03-01T10:00:00.000Z', fulfilled_at: null, request_key: null,
  });
  const refused = (work: Promise<unknown>) => assert.rejects(work, (err) => err instanceof UniqueViolation);

  it('a renewal and a transfer of one name may both be unprocessed; a second of either group may not', async () => {
    const fqdn = `ryhma${++seq}.fi`;
    await order(fqdn, 'renew');
    await order(fqdn, 'transfer', 'paid');
    await refused(order(fqdn, 'renew', 'paid'));
    await refused(order(fqdn, 'transfer'));
    await refused(order(fqdn, 'register'));
    // Processed orders do not count.
    await order(fqdn, 'renew', 'completed');
    await order(fqdn, 'transfer', 'failed');
    assert.equal((await runtime.ctx.store.orders.findOpenByFqdn(fqdn, RENEWING_KINDS))?.kind, 'renew');
    assert.equal((await runtime.ctx.store.orders.findOpenByFqdn(fqdn, ACQUIRING_KINDS))?.kind, 'transfer');
    assert.equal((await runtime.ctx.store.orders.findOpenByFqdn(fqdn))?.kind, 'renew', 'any kind: the oldest');
  });

  it('registrations and transfers are one group: one of them at a time', async () => {
    const fqdn = `ryhma${++seq}.fi`;
    await order(fqdn, 'register');
    await refused(order(fqdn, 'register'));
    await refused(order(fqdn, 'transfer', 'paid'));
    await order(`toinen-${fqdn}`, 'register');
  });
});
