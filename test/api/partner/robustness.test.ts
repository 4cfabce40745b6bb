import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type Response, type TestServer } from '../../helpers/server.js';
import { fill, fuzzDialect, routeTable, type FuzzCase, type Route } from '../../helpers/fuzz.js';

/**
 * Every partner API route in the app's route table, fuzzed with the ids of objects the partner owns (a
 * client, a domain and its records, a Microsoft 365 tenant and subscription): the valid request must
 * reach the handler, then each field made wrong, malformed bodies, odd query strings and bad path
 * values. Never a 5xx; a 4xx in the partner envelope (OAuth's at /auth/token); a refused request
 * changes nothing; another partner's objects are refused.
 */
const CLIENT = {
  firstname: 'Joe', lastname: 'Bin', company: 'Bin Oy', password: 'Pass!123', postcode: '20100', address1: 'Address 1',
  city: 'Turku', country: 'FI', phone: '358401234567', client_type: 'Managed Client', business_id: '1234567-8',
};
let emails = 0;
const email = () => `fuzz${++emails}@example.fi`;

describe('partner API: fuzzed with the partner\'s own objects, never a 5xx', () => {
  let t: TestServer;
  let routes: Route[];
  let key: string;
  let cases: Record<string, FuzzCase>;

  before(async () => {
    t = await startTestServer();
    routes = (await routeTable(t)).filter((r) => !r.path.startsWith('/api/v1/') && r.path !== '/health' && !r.path.startsWith('/docs') && !r.path.startsWith('/panel'));
    const me = await t.partner();
    const other = await t.partner();
    key = me.apiKey;
    const call = async (method: string, path: string, body?: unknown, as = key) => {
      const res = await t.request(method, path, { token: as, body });
      assert.ok(res.status >= 200 && res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const client = async (as = key) => String((await call('POST', '/clients/add', { ...CLIENT, email: email() }, as)).data[0].id);
    const register = (name: string, clientId: string, as = key) => call('POST', '/domains/register', { name, period: 1, action: 'register', client_id: Number(clientId) }, as);
    const record = async (domain: string, as = key) =>
      String((await call('POST', `/domains/${domain}/record`, { record_type_name: 'A', record_name: 'del', record_data: '192.0.2.9', priority: 1 }, as)).data.record_id);
    const tenant = async (name: string, as = key) => String((await call('POST', '/products/m365/tenant', { tenant_name: name }, as)).data.service_id);
    const SUBSCRIPTION = { quantity: 3, term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: 1 };
    const subscription = async (serviceId: string, as = key) =>
      String((await call('POST', `/products/${serviceId}/m365/subscription`, SUBSCRIPTION, as)).data.Subscriptions[0].SubscriptionId);

    const clientId = await client();
    await register('fuzz-main.fi', clientId);
    await register('fuzz-ns.fi', clientId);
    await register('fuzz-sec.fi', clientId);
    await register('fuzz-unsec.fi', clientId);
    const recordId = await record('fuzz-main.fi');
    const serviceId = await tenant('fuzzmain');
    const subscriptionId = await subscription(serviceId);
    const theirClient = await client(other.apiKey);
    await register('fuzz-other.fi', theirClient, other.apiKey);
    const theirs = {
      domain: 'fuzz-other.fi', client: theirClient, record: await record('fuzz-other.fi', other.apiKey), service: await tenant('fuzzother', other.apiKey),
    };
    const theirSubscription = await subscription(theirs.service, other.apiKey);

    // Webhooks at a name that never resolves (RFC 6761's .invalid): deliveries fail at once, without the network.
    const WEBHOOK = { url: 'https://hooks.invalid/fuzz', events: ['domain.registered'] };
    const webhook = async (as = key) => String((await call('POST', '/webhooks', WEBHOOK, as)).data.id);
    const hookId = await webhook();
    const theirHook = await webhook(other.apiKey);
    const delivery = async (id: string, as = key) => {
      const queued = String((await call('POST', `/webhooks/${id}/test`, undefined, as)).data.id);
      // Its first attempt made (by this drain, not by the worker after the mark below), then marked failed
      // (its retries spent), which is what a resend is for.
      await t.server.runtime.runner.drain();
      await t.server.runtime.ctx.store.webhooks.updateDelivery(Number(queued), { status: 'failed', next_attempt_at: null });
      return queued;
    };
    const theirDelivery = await delivery(theirHook, other.apiKey);

    const main = { domain: 'fuzz-main.fi' };
    const otherDomain = { domain: theirs.domain };
    cases = {
      // Each refused secret costs a hash check: the grant type and the client id are enough.
      'POST /auth/token': {
        body: { client_id: me.clientId, client_secret: me.clientSecret, grant_type: 'client_credentials' }, fields: ['grant_type', 'client_id'],
      },
      'POST /domains/register': { body: { name: 'fuzz-bought.fi', period: 1, action: 'register', client_id: Number(clientId) } },
      'POST /domains/check-domain': { body: { name: 'fuzz-free.fi' } },
      'GET /domains/list': {},
      'GET /domains/:domain': { params: main, foreign: otherDomain },
      'POST /domains/:domain/change-nameservers': {
        params: { domain: 'fuzz-ns.fi' }, body: { ns1: 'ns1.hostplane.test', ns2: 'ns2.hostplane.test' }, foreign: otherDomain, expect: [200, 201],
      },
      'POST /domains/:domain/record': {
        params: main, body: { record_type_name: 'A', record_name: 'fuzz', record_data: '192.0.2.5', priority: 1 }, foreign: otherDomain,
      },
      'PUT /domains/:domain/record': {
        params: main, body: { id: Number(recordId), record_type_name: 'A', record_name: 'www', record_data: '192.0.2.6', priority: 1 }, foreign: otherDomain,
      },
      'GET /domains/:domain/records': { params: main, foreign: otherDomain },
      'GET /domains/:domain/dnssec': { params: main, foreign: otherDomain },
      'PUT /domains/:domain/dnssec': { params: { domain: 'fuzz-sec.fi' }, foreign: otherDomain },
      'DELETE /domains/:domain/dnssec': {
        params: { domain: 'fuzz-unsec.fi' }, prepare: async () => void (await call('PUT', '/domains/fuzz-unsec.fi/dnssec')), foreign: otherDomain,
      },
      'DELETE /domains/:domain/record/:recordId': {
        params: main, prepare: async () => ({ recordId: await record('fuzz-main.fi') }), foreign: { ...otherDomain, recordId: theirs.record },
      },
      'GET /clients': {},
      'GET /events': { query: 'type=domain.ordered&since=2026-01-01&per_page=10' },
      'POST /clients/add': { body: { ...CLIENT, email: email() }, fields: ['email', 'country', 'password', 'client_type', 'postcode'] },
      'PUT /clients/:clientId': {
        params: { clientId }, body: { ...CLIENT, email: email() }, fields: ['email', 'country', 'phone'], foreign: { clientId: theirs.client },
      },
      'DELETE /clients/:clientId': { prepare: async () => ({ clientId: await client() }), foreign: { clientId: theirs.client } },
      'GET /products/services': {},
      'GET /products/licenses': {},
      'GET /products/m365/catalog': {},
      'GET /products/m365/check-tenant': { query: 'tenant_name=fuzzfree' },
      'POST /products/m365/tenant': { body: { tenant_name: 'fuzznew' } },
      'POST /products/:serviceId/m365/subscription': {
        params: { serviceId }, body: { ...SUBSCRIPTION, catalog_id: 2 }, foreign: { serviceId: theirs.service },
      },
      'POST /products/:serviceId/m365/subscription/:subscriptionId/update/quantity': {
        params: { serviceId, subscriptionId }, body: { quantity: 4 }, foreign: { serviceId: theirs.service, subscriptionId: theirSubscription },
      },
      'GET /products/:serviceId/m365/subscriptions': { params: { serviceId }, foreign: { serviceId: theirs.service } },
      'POST /webhooks': { body: WEBHOOK },
      'GET /webhooks': {},
      'DELETE /webhooks/:id': { prepare: async () => ({ id: await webhook() }), foreign: { id: theirHook } },
      'POST /webhooks/:id/test': { params: { id: hookId }, expect: [202], foreign: { id: theirHook } },
      'GET /webhooks/:id/deliveries': { params: { id: hookId }, query: 'page=1&per_page=10', foreign: { id: theirHook } },
      'POST /webhooks/:id/deliveries/:deliveryId/resend': {
        prepare: async () => ({ id: hookId, deliveryId: await delivery(hookId) }), expect: [202], foreign: { id: theirHook, deliveryId: theirDelivery },
      },
    };
  });
  after(() => t?.close());

  const envelope = (label: string, res: Response, route: Route) => {
    // The token endpoint answers errors as OAuth 2.0 does (RFC 6749 5.2), or in the partner envelope.
    if (route.path === '/auth/token' && typeof res.body?.error === 'string') return;
    assert.equal(res.body?.success, false, `${label}: envelope ${JSON.stringify(res.body)?.slice(0, 300)}`);
    assert.equal(typeof res.body.message, 'string', label);
  };

  it('every route in the route table reaches its handler, and no input gives a 5xx or changes anything when refused', async (ctx) => {
    assert.ok(routes.length >= 20, `partner routes in the route table: ${routes.length}`);
    const report = await fuzzDialect({ t, token: key, envelope }, routes, cases);
    const slowest = [...report.ms].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`);
    ctx.diagnostic(`${routes.length} routes, ${report.requests} requests; slowest: ${slowest.join(', ')}`);
  });

  it('every private route answers 401 in the envelope without credentials', async () => {
    for (const { method, path } of routes) {
      if (path === '/auth/token') continue;
      const url = fill(path, Object.fromEntries([...path.matchAll(/:(\w+)/g)].map((m) => [m[1]!, '1'])));
      const res = await t.request(method, url);
      assert.equal(res.status, 401, `${method} ${url}`);
      assert.deepEqual(res.body, { success: false, message: 'Unauthenticated.' });
    }
  });
});
