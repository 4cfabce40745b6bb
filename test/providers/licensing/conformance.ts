import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { LicensingError, type LicensingOffer, type LicensingProvider } from '../../../src/ports/licensing.js';

/** What a provider under test comes with. */
export interface LicensingHarness {
  provider: LicensingProvider;
  /**
   * Moves the provider's clock forward, where the provider allows it (the sandbox does; Partner
   * Center does not, so the tests of the cancellation window's end are skipped there).
   */
  advanceMs?: (ms: number) => void;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = 86_400_000;
const TERM_PAIR = /^(P1M|P1Y|P3Y):(P1M|P1Y|P3Y|P1X)$/;

/** A tenant name nobody has: tests may run against a provider shared with others. */
const freshName = () => `hpconf${randomBytes(6).toString('hex')}`;

async function rejects(promise: Promise<unknown>, reason: LicensingError['reason']): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof LicensingError, `expected a LicensingError, got ${String(err)}`);
    assert.equal(err.reason, reason, err.message);
    return true;
  });
}

/**
 * The licensing provider contract: every implementation (sandbox, Partner Center) must pass this
 * suite. It checks Microsoft's rules as the core relies on them: tenant names, term pairs, seat
 * limits, the 7-day window for removing seats, and what a subscription reports.
 */
export function licensingConformance(name: string, open: () => Promise<LicensingHarness>): void {
  describe(`licensing provider conformance: ${name}`, () => {
    let h: LicensingHarness;
    let p: LicensingProvider;
    let catalog: LicensingOffer[];
    /** An offer with the standard terms and no seat maximum, for the plain tests. */
    let plain: LicensingOffer;
    before(async () => {
      h = await open();
      p = h.provider;
      catalog = await p.catalog();
      plain = catalog.find((o) => o.maxQuantity === null && o.terms.includes('P1Y:P1M') && o.minQuantity === 1)!;
    });
    after(() => h.close());

    it('declares every capability of the interface', () => {
      for (const c of ['tenant_check', 'tenant_create', 'catalog', 'order', 'change_quantity', 'list'] as const) {
        assert.ok(p.capabilities.includes(c), c);
      }
    });

    it('has a catalog of new-commerce offers with term pairs and seat limits', () => {
      assert.ok(catalog.length > 0);
      assert.ok(plain, 'an offer without a seat maximum sold for an annual term billed monthly');
      for (const o of catalog) {
        assert.match(o.offerId, /^CFQ7TTC[0-9A-Z]{5}:[0-9A-Z]{4}$/, o.title);
        assert.ok(o.title && o.description && o.skuPartNumber, o.offerId);
        assert.ok(o.terms.length > 0 && o.terms.every((t) => TERM_PAIR.test(t)), `${o.offerId}: ${o.terms.join()}`);
        assert.ok(o.minQuantity >= 1 && (o.maxQuantity === null || o.maxQuantity >= o.minQuantity), o.offerId);
      }
      assert.equal(new Set(catalog.map((o) => o.offerId)).size, catalog.length, 'offer ids are unique');
    });

    it('checks and creates tenant names: letters and digits, one DNS label, case-insensitive, once', async () => {
      const label = freshName();
      assert.deepEqual(await p.checkTenant(label), { domain: `${label}.onmicrosoft.com`, available: true });
      const tenant = await p.createTenant({ name: label.toUpperCase() });
      assert.match(tenant.tenantId, UUID);
      assert.equal(tenant.domain, `${label}.onmicrosoft.com`, 'kept lower-case');
      assert.equal((await p.checkTenant(label)).available, false);
      assert.equal((await p.checkTenant(label.toUpperCase())).available, false);
      await rejects(p.createTenant({ name: label }), 'exists');
      for (const bad of ['', 'with-hyphen', 'with space', 'ümlaut', 'a'.repeat(64)]) {
        assert.equal((await p.checkTenant(bad)).available, false, JSON.stringify(bad));
        await rejects(p.createTenant({ name: bad }), 'invalid');
      }
      const longest = `${freshName()}`.padEnd(63, '0');
      assert.equal((await p.checkTenant(longest)).available, true, '63 characters is a DNS label');
    });

    it('orders a subscription and reports it as Microsoft does', async () => {
      const tenant = await p.createTenant({ name: freshName() });
      const sub = await p.order({ tenantId: tenant.tenantId, offerId: plain.offerId, quantity: 3, termDuration: 'P1Y', billingCycle: 'P1M' });
      assert.match(sub.subscriptionId, UUID);
      assert.match(sub.orderId, /^[0-9a-f]{12}$/);
      assert.equal(sub.tenantId, tenant.tenantId);
      assert.equal(sub.offerId, plain.offerId);
      assert.equal(sub.friendlyName, plain.title);
      assert.equal(sub.skuPartNumber, plain.skuPartNumber);
      assert.equal(sub.quantity, 3);
      assert.equal(sub.consumedUnits, 0);
      assert.equal(sub.status, 'active');
      assert.equal(sub.autoRenew, true);
      assert.equal(sub.termDuration, 'P1Y');
      assert.equal(sub.billingCycle, 'P1M');
      assert.equal(Date.parse(sub.cancellationAllowedUntil) - Date.parse(sub.createdAt), 7 * DAY, 'seats can be removed for 168 hours');
      assert.equal(sub.effectiveStartDate, sub.createdAt.slice(0, 10));
      const end = new Date(`${sub.effectiveStartDate}T00:00:00Z`);
      end.setUTCFullYear(end.getUTCFullYear() + 1);
      end.setUTCDate(end.getUTCDate() - 1);
      assert.equal(sub.commitmentEndDate, end.toISOString().slice(0, 10), 'a year term ends the day before its anniversary');
      const listed = await p.listSubscriptions(tenant.tenantId);
      assert.deepEqual(listed, [sub]);
    });

    it('refuses unknown tenants, unknown offers and term pairs the offer is not sold with', async () => {
      const tenant = await p.createTenant({ name: freshName() });
      const order = { tenantId: tenant.tenantId, offerId: plain.offerId, quantity: 1, termDuration: 'P1Y' as const, billingCycle: 'P1Y' as const };
      await rejects(p.order({ ...order, tenantId: '00000000-0000-4000-8000-000000000000' }), 'not_found');
      await rejects(p.order({ ...order, offerId: 'CFQ7TTC0ZZZZ:0001' }), 'not_found');
      await rejects(p.order({ ...order, termDuration: 'P1M', billingCycle: 'P1Y' }), 'invalid');
      await rejects(p.order({ ...order, billingCycle: 'P1X' }), 'invalid');
      await rejects(p.listSubscriptions('00000000-0000-4000-8000-000000000000'), 'not_found');
      assert.deepEqual(await p.listSubscriptions(tenant.tenantId), [], 'nothing was ordered');
    });

    it('keeps seats within the offer minimum (100 for three years) and the per-tenant maximum', async () => {
      const tenant = await p.createTenant({ name: freshName() });
      const capped = catalog.find((o) => o.maxQuantity !== null && o.terms.includes('P1M:P1M'));
      if (capped) {
        const max = capped.maxQuantity!;
        const order = { tenantId: tenant.tenantId, offerId: capped.offerId, termDuration: 'P1M' as const, billingCycle: 'P1M' as const };
        await rejects(p.order({ ...order, quantity: max + 1 }), 'policy');
        const first = await p.order({ ...order, quantity: max - 1 });
        await rejects(p.order({ ...order, quantity: 2 }), 'policy');
        const second = await p.order({ ...order, quantity: 1 });
        await rejects(p.changeQuantity({ tenantId: tenant.tenantId, subscriptionId: first.subscriptionId, quantity: max }), 'policy');
        assert.equal((await p.changeQuantity({ tenantId: tenant.tenantId, subscriptionId: second.subscriptionId, quantity: 1 })).previousQuantity, 1);
      }
      const threeYear = catalog.find((o) => o.terms.includes('P3Y:P1M'));
      if (threeYear) {
        const order = { tenantId: tenant.tenantId, offerId: threeYear.offerId, termDuration: 'P3Y' as const, billingCycle: 'P1M' as const };
        await rejects(p.order({ ...order, quantity: 99 }), 'policy');
        const sub = await p.order({ ...order, quantity: 100 });
        assert.equal(sub.minQuantity, 100);
        await rejects(p.changeQuantity({ tenantId: tenant.tenantId, subscriptionId: sub.subscriptionId, quantity: 99 }), 'policy');
      }
      const zero = p.order({ tenantId: tenant.tenantId, offerId: plain.offerId, quantity: 0, termDuration: 'P1M', billingCycle: 'P1M' });
      await rejects(zero, 'policy');
    });

    it('adds seats at any time and removes them within the cancellation window', async () => {
      const tenant = await p.createTenant({ name: freshName() });
      const sub = await p.order({ tenantId: tenant.tenantId, offerId: plain.offerId, quantity: 5, termDuration: 'P1Y', billingCycle: 'P1M' });
      const up = await p.changeQuantity({ tenantId: tenant.tenantId, subscriptionId: sub.subscriptionId, quantity: 8 });
      assert.deepEqual([up.previousQuantity, up.subscription.quantity], [5, 8]);
      const down = await p.changeQuantity({ tenantId: tenant.tenantId, subscriptionId: sub.subscriptionId, quantity: 4 });
      assert.deepEqual([down.previousQuantity, down.subscription.quantity], [8, 4]);
      const same = await p.changeQuantity({ tenantId: tenant.tenantId, subscriptionId: sub.subscriptionId, quantity: 4 });
      assert.deepEqual([same.previousQuantity, same.subscription.quantity], [4, 4]);
      const other = await p.createTenant({ name: freshName() });
      await rejects(p.changeQuantity({ tenantId: other.tenantId, subscriptionId: sub.subscriptionId, quantity: 5 }), 'not_found');
      await rejects(p.changeQuantity({ tenantId: tenant.tenantId, subscriptionId: '00000000-0000-4000-8000-000000000000', quantity: 5 }), 'not_found');
      assert.equal((await p.listSubscriptions(tenant.tenantId))[0]!.quantity, 4);
    });

    it('refuses removing seats once 7 days have passed, and still adds them', async (t) => {
      if (!h.advanceMs) return t.skip('the provider cannot move time');
      const tenant = await p.createTenant({ name: freshName() });
      const sub = await p.order({ tenantId: tenant.tenantId, offerId: plain.offerId, quantity: 5, termDuration: 'P1Y', billingCycle: 'P1Y' });
      const ref = { tenantId: tenant.tenantId, subscriptionId: sub.subscriptionId };
      h.advanceMs(7 * DAY);
      assert.equal((await p.changeQuantity({ ...ref, quantity: 4 })).subscription.quantity, 4, 'the 168th hour is still inside');
      h.advanceMs(1);
      await rejects(p.changeQuantity({ ...ref, quantity: 3 }), 'policy');
      assert.equal((await p.changeQuantity({ ...ref, quantity: 6 })).subscription.quantity, 6);
      assert.equal((await p.listSubscriptions(tenant.tenantId))[0]!.quantity, 6);
    });
  });
}
