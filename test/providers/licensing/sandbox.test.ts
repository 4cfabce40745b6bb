import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../src/core/clock.js';
import { migrate, openDb } from '../../../src/store/db.js';
import { KyselyStore } from '../../../src/store/kysely-store.js';
import { SandboxLicensing } from '../../../src/providers/licensing/sandbox/sandbox-licensing.js';
import { licensingConformance } from './conformance.js';
import { freshDatabase } from '../../helpers/server.js';

/** The sandbox over a store of its own: SQLite, or a PostgreSQL schema when the suite runs on PostgreSQL. */
async function openSandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'hostplane-sandbox-'));
  const database = await freshDatabase(dir);
  const db = openDb(database.url);
  await migrate(db);
  const clock = new ManualClock('2026-03-01T10:00:00Z');
  const store = new KyselyStore(db);
  const close = async () => {
    await db.destroy();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, clock, provider: new SandboxLicensing(store, clock), close };
}

licensingConformance('sandbox', async () => {
  const s = await openSandbox();
  return { provider: s.provider, advanceMs: (ms) => s.clock.advance(ms), close: s.close };
});

describe('sandbox licensing provider', () => {
  it('keeps its tenants and subscriptions in the store, apart from hostplane\'s own rows', async () => {
    const s = await openSandbox();
    try {
      const tenant = await s.provider.createTenant({ name: 'storedtenant' });
      const sub = await s.provider.order({
        tenantId: tenant.tenantId, offerId: 'CFQ7TTC0LH16:0001', quantity: 2, termDuration: 'P1M', billingCycle: 'P1M',
      });
      assert.equal((await s.store.licensingSandbox.findTenantByDomain('storedtenant.onmicrosoft.com'))?.tenant_id, tenant.tenantId);
      const row = await s.store.licensingSandbox.findSubscription(sub.subscriptionId);
      assert.equal(row?.quantity, 2);
      assert.equal(row?.commitment_end_date, '2026-03-31', 'a month term bought on 1 March ends on 31 March');
      assert.equal(await s.store.m365.findTenantByDomain('storedtenant.onmicrosoft.com'), undefined, 'hostplane links tenants itself');
      const again = new SandboxLicensing(s.store, s.clock);
      assert.equal((await again.checkTenant('storedtenant')).available, false, 'a new instance sees the same state');
    } finally {
      await s.close();
    }
  });

  it('is seeded with the catalog of real offers, Exchange Online (Plan 1) as the document names it', async () => {
    const s = await openSandbox();
    try {
      const catalog = await s.provider.catalog();
      const exchange = catalog.find((o) => o.offerId === 'CFQ7TTC0LH16:0001');
      assert.equal(exchange?.title, 'Exchange Online (Plan 1)');
      assert.equal(catalog.find((o) => o.offerId === 'CFQ7TTC0LH18:0001')?.title, 'Microsoft 365 Business Basic');
      assert.deepEqual(catalog.filter((o) => o.terms.some((t) => t.startsWith('P3Y'))).map((o) => o.title), ['Microsoft 365 E3', 'Microsoft 365 E5']);
    } finally {
      await s.close();
    }
  });
});
