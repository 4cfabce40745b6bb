import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Ctx } from '../../src/core/context.js';
import { createUser } from '../../src/core/accounts/create-user.js';
import { UniqueViolation } from '../../src/ports/store.js';
import { ACQUIRING_KINDS, RENEWING_KINDS } from '../../src/core/domains/order-kinds.js';
import { startTestRuntime, type TestRuntime } from '../helpers/server.js';

/**
 * orders_open_fqdn (migration 011): one unprocessed order per name and kind group, written straight
 * to the store so that nothing in the core's checks stands in front of the index. On both stores.
 */
describe('store: one unprocessed order per name and kind group', () => {
  let test: TestRuntime;
  let ctx: Ctx;
  let userId: number;
  let seq = 0;

  before(async () => {
    test = await startTestRuntime();
    ctx = test.ctx;
    userId = (await createUser(ctx, { username: 'tilaaja', password: 'correct horse battery' })).id;
  });
  after(() => test?.close());

  const order = (fqdn: string, kind: string, status = 'open') => ctx.store.orders.create({
    user_id: userId, kind, fqdn, domain_id: null, years: 1, status, invoice_id: null, nameservers: '[]', auth_code: null,
    error: null, created_at: '2026-03-01T10:00:00.000Z', updated_at: '2026-03-01T10:00:00.000Z', fulfilled_at: null, request_key: null, registry_attempted_at: null, delegate_to: null,
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
    assert.equal((await ctx.store.orders.findOpenByFqdn(fqdn, RENEWING_KINDS))?.kind, 'renew');
    assert.equal((await ctx.store.orders.findOpenByFqdn(fqdn, ACQUIRING_KINDS))?.kind, 'transfer');
    assert.equal((await ctx.store.orders.findOpenByFqdn(fqdn))?.kind, 'renew', 'any kind: the oldest');
  });

  it('registrations and transfers are one group: one of them at a time', async () => {
    const fqdn = `ryhma${++seq}.fi`;
    await order(fqdn, 'register');
    await refused(order(fqdn, 'register'));
    await refused(order(fqdn, 'transfer', 'paid'));
    await order(`toinen-${fqdn}`, 'register');
  });
});
