import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { assertShape } from '../../helpers/shape.js';
import { createUser } from '../../../src/core/accounts/create-user.js';
import { repoPath } from '../../helpers/paths.js';

const golden = (name: string): any => JSON.parse(readFileSync(repoPath(`test/golden/partner-api/${name}.json`), 'utf8'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = 86_400_000;
/** Catalog Ids of the seeded catalog used below. */
const BUSINESS_BASIC = 1;
const EXCHANGE_PLAN_1 = 6;
const M365_E3 = 8;

type Partner = Awaited<ReturnType<TestServer['partner']>>;
let seq = 0;
const uniqueName = (prefix = 'tenant') => `${prefix}${Date.now().toString(36)}${++seq}`;

/**
 * A GET with a JSON body, as the document's curl example for check-tenant sends it; fetch() refuses
 * a body on GET, so this goes through node:http.
 */
function getWithBody(t: TestServer, path: string, token: string, body: string, contentType = 'application/json') {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = httpRequest(t.url + path, {
      method: 'GET',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('partner API: Microsoft 365', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const call = (p: Partner, method: string, path: string, body?: unknown) => t.request(method, path, { token: p.apiKey, body });
  const addTenant = async (p: Partner, body: Record<string, unknown> = {}) => {
    const res = await call(p, 'POST', '/products/m365/tenant', { tenant_name: uniqueName(), ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return Number(res.body.data.service_id);
  };
  const addSubscription = async (p: Partner, serviceId: number, body: Record<string, unknown> = {}) => {
    const res = await call(p, 'POST', `/products/${serviceId}/m365/subscription`, {
      quantity: 3, term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: BUSINESS_BASIC, ...body,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data.Subscriptions[0] as { SubscriptionId: string; TenantId: string; Quantity: number };
  };
  const quantity = (p: Partner, serviceId: number, subscriptionId: string, q: unknown) =>
    call(p, 'POST', `/products/${serviceId}/m365/subscription/${subscriptionId}/update/quantity`, { quantity: q });
  const subscriptions = async (p: Partner, serviceId: number) => {
    const res = await call(p, 'GET', `/products/${serviceId}/m365/subscriptions`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.nce_licenses as any[];
  };
  /** The lines of the partner's invoices, oldest first, as `hostplane invoices list` would show them. */
  const invoiceLines = async (p: Partner) => {
    const store = t.server.runtime.ctx.store;
    const { items } = await store.invoices.list({ userId: p.userId }, { limit: 100, offset: 0 });
    return store.invoices.items(items.map((i) => i.id));
  };
  const client = async (p: Partner) => {
    const user = await createUser(t.server.runtime.ctx, {
      username: uniqueName('client'), password: 'correct horse battery', partnerId: p.id, clientType: 'Managed Client',
    });
    return user.id;
  };

  describe('GET products/m365/catalog', () => {
    it('lists the seeded offers with their Terms in the documented shape', async () => {
      const p = await t.partner();
      const res = await call(p, 'GET', '/products/m365/catalog');
      assert.equal(res.status, 200);
      assertShape(res.body, golden('get-products-m365-catalog'));
      assert.equal(res.body.message, 'Subscription Catalog');
      const byTitle = new Map(res.body.data.map((o: any) => [o.Title, o]));
      assert.deepEqual(byTitle.get('Microsoft 365 Business Basic'), {
        Title: 'Microsoft 365 Business Basic',
        Description: (byTitle.get('Microsoft 365 Business Basic') as any).Description,
        Terms: ['P1M:P1M', 'P1Y:P1Y', 'P1Y:P1M'],
        Id: String(BUSINESS_BASIC),
        ProductSKU: 'CFQ7TTC0LH18:0001',
      });
      assert.equal((byTitle.get('Exchange Online (Plan 1)') as any).ProductSKU, 'CFQ7TTC0LH16:0001');
      assert.equal((byTitle.get('Exchange Online (Plan 1)') as any).Id, String(EXCHANGE_PLAN_1));
      assert.deepEqual((byTitle.get('Microsoft 365 E3') as any).Terms, ['P1M:P1M', 'P1Y:P1Y', 'P1Y:P1M', 'P3Y:P3Y', 'P3Y:P1Y', 'P3Y:P1M']);
      assert.ok(byTitle.has('Microsoft Entra ID P1 (formerly Azure Active Directory Premium P1)'));
      for (const o of res.body.data) assert.ok(o.Description.length > 20 && o.Terms.length >= 3, o.Title);
    });

    it('needs a key', async () => {
      const res = await t.request('GET', '/products/m365/catalog');
      assert.equal(res.status, 401);
      assert.equal(res.body.success, false);
    });
  });

  describe('POST products/m365/tenant', () => {
    it('adds a tenant as a service of the partner, in the documented shape, and bills it on the monthly invoice', async () => {
      const p = await t.partner();
      const name = uniqueName('Contoso');
      const res = await call(p, 'POST', '/products/m365/tenant', { tenant_name: name });
      assert.equal(res.status, 201);
      assertShape(res.body, golden('post-products-m365-tenant'));
      assert.equal(res.body.message, 'Added Tenant');
      assert.match(res.body.data.service_id, /^\d+$/);
      const services = (await call(p, 'GET', '/products/services')).body.data;
      const service = services.find((s: any) => s.id === res.body.data.service_id);
      assert.equal(service.domain, `${name.toLowerCase()}.onmicrosoft.com`, 'kept lower-case');
      assert.equal(service.name, 'Microsoft 365 - NCE');
      assert.equal(service.client_id, '0', "the partner's own");
      const lines = await invoiceLines(p);
      assert.deepEqual(lines.map((l) => [l.description, l.qty, l.total_cents]), [
        [`Microsoft 365 -vuokraaja ${name.toLowerCase()}.onmicrosoft.com`, 1, 0],
      ]);
    });

    it('adds a tenant for a client of the partner on the client\'s account', async () => {
      const p = await t.partner();
      const clientId = await client(p);
      const serviceId = await addTenant(p, { client_id: clientId });
      const services = (await call(p, 'GET', `/products/services?client_id=${clientId}`)).body.data;
      assert.deepEqual(services.map((s: any) => [s.id, s.client_id]), [[String(serviceId), String(clientId)]]);
    });

    it('takes tenant_name of 1 to 63 letters and digits; 64-100 are refused as no DNS label, above 100 by the document\'s rule', async () => {
      const p = await t.partner();
      const base = uniqueName('n');
      for (const ok of ['x' + base.slice(-8), base.padEnd(63, '7')]) {
        assert.equal((await call(p, 'POST', '/products/m365/tenant', { tenant_name: ok })).status, 201, ok);
      }
      const single = (await call(p, 'POST', '/products/m365/tenant', { tenant_name: 'q' })).status;
      assert.ok(single === 201 || single === 422, 'a one-letter name is valid (it may be taken by an earlier run)');
      const before = await invoiceLines(p);
      for (const bad of ['', base.padEnd(64, '7'), base.padEnd(100, '7'), base.padEnd(101, '7'), 'with-hyphen', 'with space', 'ümlaut', 'dot.ted']) {
        const res = await call(p, 'POST', '/products/m365/tenant', { tenant_name: bad });
        assert.equal(res.status, 422, `${JSON.stringify(bad)}: ${JSON.stringify(res.body)}`);
        assert.ok(res.body.errors.tenant_name, JSON.stringify(res.body));
      }
      for (const body of [{}, { tenant_name: 123 }, { tenant_name: ['x'] }, { tenant_name: 'ok', client_id: 0 }, { tenant_name: 'ok', client_id: 'x' }]) {
        const res = await call(p, 'POST', '/products/m365/tenant', body);
        assert.equal(res.status, 422, JSON.stringify(body));
      }
      assert.deepEqual(await invoiceLines(p), before, 'nothing billed for refused input');
    });

    it('refuses a name taken anywhere on the platform, in any case, and writes nothing', async () => {
      const a = await t.partner();
      const b = await t.partner();
      const name = uniqueName('taken');
      await addTenant(a, { tenant_name: name });
      const servicesBefore = (await call(b, 'GET', '/products/services')).body.data;
      for (const again of [name, name.toUpperCase()]) {
        const res = await call(b, 'POST', '/products/m365/tenant', { tenant_name: again });
        assert.equal(res.status, 422);
        assert.deepEqual(res.body.errors.tenant_name, [`${name}.onmicrosoft.com is already taken`]);
      }
      assert.deepEqual((await call(b, 'GET', '/products/services')).body.data, servicesBefore);
      assert.deepEqual(await invoiceLines(b), []);
    });

    it('refuses another partner\'s client (403) and an unknown client (404), creating nothing', async () => {
      const a = await t.partner();
      const b = await t.partner();
      const clientOfB = await client(b);
      const name = uniqueName('stolen');
      const forbidden = await call(a, 'POST', '/products/m365/tenant', { tenant_name: name, client_id: clientOfB });
      assert.equal(forbidden.status, 403);
      const missing = await call(a, 'POST', '/products/m365/tenant', { tenant_name: name, client_id: 2_000_000_000 });
      assert.equal(missing.status, 404);
      const check = await call(a, 'GET', `/products/m365/check-tenant?tenant_name=${name}`);
      assert.equal(check.body.available, true, 'the name was not taken');
      assert.deepEqual((await call(b, 'GET', '/products/services')).body.data, []);
    });
  });

  describe('GET products/m365/check-tenant', () => {
    it('reads tenant_name from a JSON body on the GET, as the document sends it, and answers 201', async () => {
      const p = await t.partner();
      const name = uniqueName('free');
      const res = await getWithBody(t, '/products/m365/check-tenant', p.apiKey, JSON.stringify({ tenant_name: name }));
      assert.equal(res.status, 201);
      assertShape(res.body, golden('get-products-m365-check-tenant'));
      assert.deepEqual(res.body, { success: true, available: true, message: `${name}.onmicrosoft.com is available to register!` });
    });

    it('reads tenant_name from the query string too, and says when a name is taken (also 201)', async () => {
      const p = await t.partner();
      const name = uniqueName('used');
      await addTenant(p, { tenant_name: name });
      for (const asked of [name, name.toUpperCase()]) {
        const res = await call(p, 'GET', `/products/m365/check-tenant?tenant_name=${asked}`);
        assert.equal(res.status, 201);
        assert.deepEqual(res.body, { success: true, available: false, message: `${name}.onmicrosoft.com is not available to register!` });
      }
      const viaBody = await getWithBody(t, '/products/m365/check-tenant', p.apiKey, JSON.stringify({ tenant_name: name }));
      assert.equal(viaBody.body.available, false);
    });

    it('answers a 64-100 character name as unavailable, with the reason', async () => {
      const p = await t.partner();
      for (const length of [64, 100]) {
        const res = await call(p, 'GET', `/products/m365/check-tenant?tenant_name=${'a'.repeat(length)}`);
        assert.equal(res.status, 201);
        assert.equal(res.body.available, false);
        assert.match(res.body.message, /at most 63 characters/);
      }
      const longest = await call(p, 'GET', `/products/m365/check-tenant?tenant_name=${uniqueName('l').padEnd(63, '0')}`);
      assert.equal(longest.body.available, true);
    });

    it('validates tenant_name wherever it comes from', async () => {
      const p = await t.partner();
      for (const q of ['', '?tenant_name=', `?tenant_name=${'a'.repeat(101)}`, '?tenant_name=bad-name', '?tenant_name=%C3%BC']) {
        const res = await call(p, 'GET', `/products/m365/check-tenant${q}`);
        assert.equal(res.status, 422, q);
        assert.ok(res.body.errors.tenant_name, JSON.stringify(res.body));
      }
      for (const body of [JSON.stringify({ tenant_name: 'bad-name' }), JSON.stringify({ tenant_name: 12 }), JSON.stringify({ tenant_name: '' })]) {
        const res = await getWithBody(t, '/products/m365/check-tenant', p.apiKey, body);
        assert.equal(res.status, 422, body);
        assert.ok(res.body.errors.tenant_name, JSON.stringify(res.body));
      }
      assert.equal((await getWithBody(t, '/products/m365/check-tenant', p.apiKey, '{"tenant_name":')).status, 400);
      assert.equal((await getWithBody(t, '/products/m365/check-tenant', p.apiKey, '[1]')).status, 422);
      assert.equal((await getWithBody(t, '/products/m365/check-tenant', p.apiKey, JSON.stringify({ tenant_name: 'x'.repeat(70_000) }))).status, 413);
    });
  });

  describe('POST products/{serviceId}/m365/subscription', () => {
    it('orders a subscription for the tenant and answers the documented shape with real values', async () => {
      const p = await t.partner();
      const serviceId = await addTenant(p);
      const res = await call(p, 'POST', `/products/${serviceId}/m365/subscription`, {
        quantity: 3, term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: BUSINESS_BASIC,
      });
      assert.equal(res.status, 200);
      assertShape(res.body, golden('post-products-m365-subscription'));
      const order = res.body.data;
      assert.match(order.TenantId, UUID);
      assert.match(order.ErpOrderId, /^\d+$/);
      assert.equal(order.IsAddonOrder, false);
      const [sub] = order.Subscriptions;
      assert.match(sub.SubscriptionId, UUID);
      assert.match(sub.OrderId, /^[0-9a-f]{12}$/);
      assert.equal(sub.TenantId, order.TenantId);
      assert.deepEqual(
        [sub.AutoRenewEnabled, sub.BillingCycle, sub.FriendlyName, sub.OfferId, sub.PartnerId, sub.ProductId, sub.Quantity, sub.Status, sub.TermDuration, sub.SkuId],
        [true, 'P1M', 'Microsoft 365 Business Basic', 'CFQ7TTC0LH18:0001', String(p.id), String(BUSINESS_BASIC), 3, 0, 'P1Y', '0001'],
      );
      const listed = await subscriptions(p, serviceId);
      assert.deepEqual(listed.map((s) => [s.SubscriptionId, s.TenantId, s.SubscriptionQuantity]), [[sub.SubscriptionId, order.TenantId, 3]]);
    });

    it('bills the first billing period: a month at +5 % billed monthly, a year up front at list price, +20 % for a month term', async () => {
      const p = await t.partner();
      const serviceId = await addTenant(p);
      await addSubscription(p, serviceId, { quantity: 3, term_duration: 'P1Y', billing_cycle: 'P1M' });
      await addSubscription(p, serviceId, { quantity: 2, term_duration: 'P1Y', billing_cycle: 'P1Y' });
      await addSubscription(p, serviceId, { quantity: 1, term_duration: 'P1M', billing_cycle: 'P1M' });
      const lines = (await invoiceLines(p)).slice(1);
      // Business Basic lists at 5.60/licence/month: 5.88 billed monthly, 67.20 for a year up front, 6.72 on a month term.
      assert.deepEqual(lines.map((l) => [l.qty, l.sub_total_cents]), [[3, 1764], [2, 13440], [1, 672]]);
      assert.match(lines[0]!.description, /^Microsoft 365 Business Basic, .*\.onmicrosoft\.com 1\.3\.26-31\.3\.26$/);
      assert.match(lines[1]!.description, /1\.3\.26-28\.2\.27$/);
      const services = (await call(p, 'GET', '/products/licenses')).body.licenses;
      assert.deepEqual(services.map((s: any) => [s.billing_cycle, s.recurring_amount, s.number_of_users, s.next_due_date]), [
        ['Monthly', '17.64', '3', '2026-04-01'], ['Annually', '134.40', '2', '2027-03-01'], ['Monthly', '6.72', '1', '2026-04-01'],
      ]);
    });

    it('validates quantity 1-100, term pairs, P3Y minimums, catalog_id and the seats per tenant, writing nothing', async () => {
      const p = await t.partner();
      const serviceId = await addTenant(p);
      assert.equal((await addSubscription(p, serviceId, { quantity: 1 })).Quantity, 1);
      assert.equal((await addSubscription(p, serviceId, { quantity: 100 })).Quantity, 100);
      const before = await invoiceLines(p);
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ quantity: 0 }, 'quantity'],
        [{ quantity: 101 }, 'quantity'],
        [{ quantity: '1.5' }, 'quantity'],
        [{ quantity: 1.5 }, 'quantity'],
        [{ quantity: undefined }, 'quantity'],
        [{ term_duration: 'P2Y' }, 'term_duration'],
        [{ billing_cycle: 'Monthly' }, 'billing_cycle'],
        [{ term_duration: 'P1X', billing_cycle: 'P1X' }, 'term_duration'],
        [{ term_duration: 'P1M', billing_cycle: 'P1Y' }, 'billing_cycle'],
        [{ term_duration: 'P3Y', billing_cycle: 'P3Y' }, 'term_duration'],
        [{ catalog_id: 9999 }, 'catalog_id'],
        [{ catalog_id: 0 }, 'catalog_id'],
        [{ catalog_id: 'abc' }, 'catalog_id'],
        [{ catalog_id: M365_E3, term_duration: 'P3Y', billing_cycle: 'P1M', quantity: 99 }, 'quantity'],
      ];
      for (const [body, field] of bad) {
        const res = await call(p, 'POST', `/products/${serviceId}/m365/subscription`, {
          quantity: 3, term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: BUSINESS_BASIC, ...body,
        });
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.ok(res.body.errors[field], `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      }
      // 1 + 100 seats of Business Basic so far; a tenant holds at most 300.
      assert.equal((await addSubscription(p, serviceId, { quantity: 99 })).Quantity, 99);
      assert.equal((await addSubscription(p, serviceId, { quantity: 100 })).Quantity, 100);
      const over = await call(p, 'POST', `/products/${serviceId}/m365/subscription`, {
        quantity: 1, term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: BUSINESS_BASIC,
      });
      assert.equal(over.status, 422, 'the 301st Business Basic licence');
      assert.match(over.body.errors.quantity[0], /at most 300/);
      const lines = await invoiceLines(p);
      assert.equal(lines.length, before.length + 2, 'only the two accepted orders were billed');
      assert.equal((await subscriptions(p, serviceId)).length, 4);
      const threeYear = await addSubscription(p, serviceId, { catalog_id: M365_E3, term_duration: 'P3Y', billing_cycle: 'P1M', quantity: 100 });
      assert.equal(threeYear.Quantity, 100, 'a three-year term from 100 licences');
    });

    it('refuses another partner\'s tenant (403), a missing service (404) and a service that is no tenant (404)', async () => {
      const a = await t.partner();
      const b = await t.partner();
      const tenantOfB = await addTenant(b);
      const subOfA = (await call(a, 'GET', '/products/services')).body.data;
      const body = { quantity: 1, term_duration: 'P1M', billing_cycle: 'P1M', catalog_id: BUSINESS_BASIC };
      assert.equal((await call(a, 'POST', `/products/${tenantOfB}/m365/subscription`, body)).status, 403);
      assert.equal((await call(a, 'POST', '/products/2000000000/m365/subscription', body)).status, 404);
      assert.equal((await call(a, 'POST', '/products/abc/m365/subscription', body)).status, 422);
      const tenantOfA = await addTenant(a);
      const sub = await addSubscription(a, tenantOfA);
      const subService = (await call(a, 'GET', '/products/licenses')).body.licenses[0].id;
      assert.equal((await call(a, 'POST', `/products/${subService}/m365/subscription`, body)).status, 404, 'a subscription is not a tenant');
      assert.deepEqual(await subscriptions(b, tenantOfB), [], "nothing ordered on B's tenant");
      assert.equal((await invoiceLines(b)).length, 1, "only B's tenant line");
      assert.ok(sub && subOfA);
    });
  });

  describe('POST products/{serviceId}/m365/subscription/{subscriptionId}/update/quantity', () => {
    it('answers the documented shape and message', async () => {
      const p = await t.partner();
      const serviceId = await addTenant(p);
      const sub = await addSubscription(p, serviceId);
      const res = await quantity(p, serviceId, sub.SubscriptionId, 5);
      assert.equal(res.status, 200);
      assertShape(res.body, golden('post-products-m365-subscription-update-quantity'));
      assert.equal(res.body.message, 'Subscription has been updated!');
      const [s] = res.body.data.Subscriptions;
      assert.deepEqual([s.SubscriptionId, s.Quantity, s.BillingCycle, s.TermDuration, s.Status], [sub.SubscriptionId, 5, 'Monthly', 'P1Y', 0]);
      assert.equal(res.body.data.TenantId, sub.TenantId);
    });

    it('the story: add seats, remove some within 7 days, refused after 7 days, listed and invoiced', async () => {
      const p = await t.partner();
      const start = t.clock.now();
      try {
        const serviceId = await addTenant(p);
        const sub = await addSubscription(p, serviceId, { quantity: 3 });
        const id = sub.SubscriptionId;
        assert.equal((await quantity(p, serviceId, id, 5)).status, 200, 'an increase on day one');
        t.clock.advanceDays(3);
        assert.equal((await quantity(p, serviceId, id, 4)).status, 200, 'a decrease within the cancellation window');
        t.clock.set(new Date(start.getTime() + 7 * DAY));
        assert.equal((await quantity(p, serviceId, id, 3)).status, 200, 'the 168th hour still counts');
        t.clock.advance(1000);
        const refused = await quantity(p, serviceId, id, 2);
        assert.equal(refused.status, 422);
        assert.match(refused.body.errors.quantity[0], /within 7 days/);
        const listed = await subscriptions(p, serviceId);
        assert.equal(listed[0].SubscriptionQuantity, 3, 'the refused decrease changed nothing');
        assert.equal(listed[0].AllowCancel, false);
        assert.equal((await quantity(p, serviceId, id, 7)).status, 200, 'an increase is always allowed');
        assert.equal((await subscriptions(p, serviceId))[0].SubscriptionQuantity, 7);
        assert.equal((await call(p, 'GET', '/products/licenses')).body.licenses[0].number_of_users, '7');

        const lines = (await invoiceLines(p)).map((l) => [l.description.replace(/^.*onmicrosoft\.com,? ?/, ''), l.qty, l.sub_total_cents]);
        // 5.88 per seat for March (31 days): +2 seats on 1.3 whole, -1 on 4.3 (28 days left: 5.31),
        // -1 on 8.3 (24 days: 4.55), +4 on 8.3 (4.55 each).
        assert.deepEqual(lines, [
          ['', 1, 0],
          ['1.3.26-31.3.26', 3, 1764],
          ['lisäys 1.3.26-31.3.26', 2, 1176],
          ['hyvitys 4.3.26-31.3.26', 1, -531],
          ['hyvitys 8.3.26-31.3.26', 1, -455],
          ['lisäys 8.3.26-31.3.26', 4, 1820],
        ]);
      } finally {
        t.clock.set(start);
      }
    });

    it('validates quantity 1-10000 and Microsoft\'s seat limits', async () => {
      const p = await t.partner();
      const serviceId = await addTenant(p);
      const exchange = await addSubscription(p, serviceId, { catalog_id: EXCHANGE_PLAN_1, quantity: 1 });
      assert.equal((await quantity(p, serviceId, exchange.SubscriptionId, 10_000)).status, 200);
      assert.equal((await quantity(p, serviceId, exchange.SubscriptionId, 1)).status, 200);
      for (const bad of [0, 10_001, -1, '5.0', 2.5, null]) {
        const res = await quantity(p, serviceId, exchange.SubscriptionId, bad);
        assert.equal(res.status, 422, JSON.stringify(bad));
        assert.ok(res.body.errors.quantity);
      }
      const basic = await addSubscription(p, serviceId, { quantity: 1 });
      const over = await quantity(p, serviceId, basic.SubscriptionId, 301);
      assert.equal(over.status, 422, 'Business Basic holds at most 300 seats');
      assert.equal((await quantity(p, serviceId, basic.SubscriptionId, 300)).status, 200);
    });

    it('answers 404 for a subscription not of this tenant and 403 for another partner\'s tenant, changing nothing', async () => {
      const a = await t.partner();
      const b = await t.partner();
      const tenantA1 = await addTenant(a);
      const tenantA2 = await addTenant(a);
      const subA1 = await addSubscription(a, tenantA1);
      const tenantB = await addTenant(b);
      const subB = await addSubscription(b, tenantB);
      assert.equal((await quantity(a, tenantA2, subA1.SubscriptionId, 4)).status, 404, 'wrong tenant of the same partner');
      assert.equal((await quantity(a, tenantA1, '00000000-0000-4000-8000-000000000000', 4)).status, 404);
      assert.equal((await quantity(a, tenantB, subB.SubscriptionId, 4)).status, 403);
      assert.equal((await quantity(a, tenantA1, subB.SubscriptionId, 4)).status, 404, "B's subscription is not under A's tenant");
      assert.equal((await quantity(a, 2_000_000_000, subA1.SubscriptionId, 4)).status, 404);
      assert.equal((await subscriptions(b, tenantB))[0].SubscriptionQuantity, 3);
      assert.equal((await subscriptions(a, tenantA1))[0].SubscriptionQuantity, 3);
      assert.equal((await invoiceLines(b)).length, 2, "B's tenant and subscription only");
    });
  });

  describe('GET products/{serviceId}/m365/subscriptions', () => {
    it('lists the tenant\'s subscriptions in the documented nce_licenses shape with real dates', async () => {
      const p = await t.partner();
      const serviceId = await addTenant(p);
      assert.deepEqual(await subscriptions(p, serviceId), []);
      const monthly = await addSubscription(p, serviceId, { term_duration: 'P1M', billing_cycle: 'P1M', quantity: 2 });
      const yearly = await addSubscription(p, serviceId, { catalog_id: EXCHANGE_PLAN_1, quantity: 4 });
      const res = await call(p, 'GET', `/products/${serviceId}/m365/subscriptions`);
      assert.equal(res.status, 200);
      assertShape(res.body, golden('get-products-m365-subscriptions'));
      const [m, y] = res.body.nce_licenses;
      assert.equal(m.SubscriptionId, monthly.SubscriptionId);
      assert.deepEqual(
        [m.ProductId, m.BillingCycle, m.TermDuration, m.CreationDate, m.EffectiveStartDate, m.CancellationAllowedUntilDate, m.CommitmentEndDate],
        [BUSINESS_BASIC, 'Monthly', 'P1M', '01/03/2026', '01/03/2026', '08/03/2026', '31/03/2026'],
      );
      assert.deepEqual(m.end_dates_sort, [{ original: `/Date(${Date.parse('2026-03-31T00:00:00Z')})/`, formatted: '31/03/2026' }]);
      assert.deepEqual(
        [m.FriendlyName, m.OfferId, m.ProductSku, m.SkuPartNumber, m.SubscriptionQuantity, m.TotalUnits, m.AvailableUnits, m.ConsumedUnits],
        ['Microsoft 365 Business Basic', 'CFQ7TTC0LH18:0001', 'CFQ7TTC0LH18:0001', 'O365_BUSINESS_ESSENTIALS', 2, 2, 2, 0],
      );
      assert.deepEqual([m.Status, m.AutoRenewEnabled, m.AllowCancel, m.MinimumQuantity, m.MinQuantity, m.IsNewCommerceExperienceSubscription], [0, true, true, 1, 1, true]);
      assert.equal(m.PartnerId, String(p.id));
      assert.equal(m.TenantId, monthly.TenantId);
      assert.equal(y.SubscriptionId, yearly.SubscriptionId);
      assert.deepEqual([y.FriendlyName, y.SkuPartNumber, y.CommitmentEndDate, y.ProductId], ['Exchange Online (Plan 1)', 'EXCHANGESTANDARD', '28/02/2027', EXCHANGE_PLAN_1]);
    });

    it('answers 403 for another partner\'s tenant, 404 for none or a service that is no tenant', async () => {
      const a = await t.partner();
      const b = await t.partner();
      const tenantB = await addTenant(b);
      await addSubscription(b, tenantB);
      const res = await call(a, 'GET', `/products/${tenantB}/m365/subscriptions`);
      assert.equal(res.status, 403);
      assert.equal(res.body.nce_licenses, undefined, 'learns nothing');
      assert.equal((await call(a, 'GET', '/products/2000000000/m365/subscriptions')).status, 404);
      assert.equal((await call(a, 'GET', '/products/0/m365/subscriptions')).status, 422);
      const tenantA = await addTenant(a);
      await addSubscription(a, tenantA);
      const subService = (await call(a, 'GET', '/products/licenses')).body.licenses[0].id;
      assert.equal((await call(a, 'GET', `/products/${subService}/m365/subscriptions`)).status, 404);
    });
  });
});
