import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Ctx } from '../../src/core/context.js';
import { DomainError } from '../../src/core/errors.js';
import { isoTimestamp } from '../../src/core/dates.js';
import { createPartner } from '../../src/core/partners/create-partner.js';
import { createWebhook, MAX_ENDPOINTS } from '../../src/core/webhooks/create-webhook.js';
import { WEBHOOK_DELIVER_JOB } from '../../src/core/webhooks/retry-policy.js';
import { openWebhookSecret } from '../../src/core/webhooks/secret-vault.js';
import type { Partner } from '../../src/ports/store/partners.js';
import { startTestRuntime, type TestRuntime } from '../helpers/server.js';

/**
 * The webhook store and the outbox's lanes, on either store (TEST_DATABASE_URL for PostgreSQL, where
 * the concurrent creations and disablings race for real).
 */
describe('store: webhooks', () => {
  let test: TestRuntime;
  let ctx: Ctx;
  let seq = 0;
  const now = () => isoTimestamp(ctx.clock.now());
  const partner = async (): Promise<Partner> => (await createPartner(ctx, { name: `Webhooks ${++seq}` })).partner;
  const hook = (p: Partner) => createWebhook(ctx, p, { url: `https://hooks.example.com/${++seq}`, events: ['domain.registered'] });

  before(async () => {
    test = await startTestRuntime({ WEBHOOK_ALLOW_PRIVATE: 'false' });
    ctx = test.ctx;
  });
  after(() => test?.close());

  it('keeps at most MAX_ENDPOINTS endpoints a partner, created all at once', async () => {
    const p = await partner();
    const results = await Promise.allSettled(Array.from({ length: MAX_ENDPOINTS + 5 }, () => hook(p)));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    assert.equal(results.length - refused.length, MAX_ENDPOINTS);
    assert.ok(refused.every((e) => e instanceof DomainError && e.code === 'rejected'), String(refused[0]));
    assert.equal((await ctx.store.webhooks.listEndpoints(p.id)).length, MAX_ENDPOINTS);
  });

  it('seals the secret to its partner: it opens on its own row only', async () => {
    const p = await partner();
    const other = await partner();
    const { endpoint, secret } = await hook(p);
    const key = ctx.settings.dnssec.keySecret;
    assert.equal(openWebhookSecret(key, p.id, endpoint.secret), secret);
    assert.throws(() => openWebhookSecret(key, other.id, endpoint.secret), /cannot be opened/);
  });

  it('disables an endpoint once when two workers fail it at once', async () => {
    const { endpoint } = await hook(await partner());
    const results = await Promise.all([1, 2, 3].map(() => ctx.store.webhooks.disableEndpoint(endpoint.id, now(), 'failing')));
    assert.deepEqual(results.filter(Boolean), [true]);
    assert.equal((await ctx.store.webhooks.enabledEndpoints(endpoint.partner_id)).some((e) => e.id === endpoint.id), false);
  });

  it('prunes settled deliveries made before the cut, never a pending one', async () => {
    const { endpoint } = await hook(await partner());
    const base = {
      endpoint_id: endpoint.id, event_id: 1, event_type: 'domain.registered', payload: '{}', attempts: 1, last_response_status: null,
      last_error: null, next_attempt_at: null, delivered_at: null,
    };
    const old = '2026-01-01T00:00:00.000Z';
    await ctx.store.webhooks.createDelivery({ ...base, status: 'delivered', created_at: old });
    await ctx.store.webhooks.createDelivery({ ...base, status: 'failed', created_at: old });
    await ctx.store.webhooks.createDelivery({ ...base, status: 'pending', created_at: old });
    await ctx.store.webhooks.createDelivery({ ...base, status: 'delivered', created_at: now() });
    assert.equal(await ctx.store.webhooks.pruneDeliveries('2026-02-01T00:00:00.000Z'), 2);
    const left = await ctx.store.webhooks.listDeliveries(endpoint.id, { limit: 10, offset: 0 });
    assert.deepEqual(left.items.map((d) => d.status).sort(), ['delivered', 'pending']);
  });

  it('claims by kind: a request\'s drain leaves webhook attempts to the worker\'s lane', async () => {
    // A delivery that does not exist: its job ends at once, without a request.
    const job = await ctx.store.jobs.enqueue(WEBHOOK_DELIVER_JOB, { deliveryId: 999_999 }, now());
    const other = await ctx.store.jobs.enqueue('notification', { user_id: 0, to: '', subject: 'lane', text: '' }, now());
    await ctx.jobs.drain();
    assert.equal((await ctx.store.jobs.findById(other.id))?.status, 'done');
    assert.equal((await ctx.store.jobs.findById(job.id))?.status, 'pending', 'not run by the inline drain');
    await test.runtime.runner.drain();
    assert.equal((await ctx.store.jobs.findById(job.id))?.status, 'done', 'run by the worker\'s drain');
    // The filter itself, both ways.
    const a = await ctx.store.jobs.enqueue(WEBHOOK_DELIVER_JOB, { deliveryId: 999_998 }, now());
    const b = await ctx.store.jobs.enqueue('notification', { user_id: 0, to: '', subject: 'lane', text: '' }, now());
    const skipped = await ctx.store.jobs.claimDue(now(), 10, { skip: [WEBHOOK_DELIVER_JOB] });
    assert.deepEqual(skipped.map((j) => j.id), [b.id]);
    const only = await ctx.store.jobs.claimDue(now(), 10, { only: [WEBHOOK_DELIVER_JOB] });
    assert.deepEqual(only.map((j) => j.id), [a.id]);
  });
});
