import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { REGISTRANT as registrant } from '../../helpers/fixtures.js';
import { assertDocumented, example } from '../../helpers/shape.js';

const INVALID = 'The given data was invalid.';
const invalid = (context: Record<string, string[]>) => ({ error: { status: 422, message: INVALID, context } });
const UPDATED = { message: 'Name servers updated succesfully', data: null };
const FOREIGN = ['ns1.example.net', 'ns2.example.net'];

describe('client API: name servers and parking', () => {
  let t: TestServer;
  type U = Awaited<ReturnType<TestServer['user']>>;
  let owner: U;
  let other: U;
  before(async () => {
    t = await startTestServer();
    owner = await t.user({ postpaid: true });
    other = await t.user({ postpaid: true });
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  const buy = async (domain: string, nameServers?: string[], u = owner) => {
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', { token: u.token, body: { domain, nameServers, registrantContact: registrant } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const path = (fqdn: string, tail = '') => `/api/v1/domain/domains/${fqdn}/nameservers${tail}`;
  const get = async (fqdn: string, u = owner) => (await t.request('GET', path(fqdn), { token: u.token })).body.data.map((n: { nameserver: string }) => n.nameserver);
  const atRegistry = async (fqdn: string) => (await ctx().registry.info(fqdn))!.nameservers;

  it('GET lists the nameservers in the documented shape (ours by default)', async () => {
    await buy('oletus.fi');
    const res = await t.request('GET', path('oletus.fi'), { token: owner.token });
    assert.equal(res.status, 200);
    assertDocumented(res.body, 'GET /api/v1/domain/domains/test.com/nameservers 200');
    assert.deepEqual(res.body.data, ctx().settings.nameservers.map((nameserver) => ({ nameserver })));
  });

  it('PUT replaces the list at the registry and here; PATCH adds without doubling', async () => {
    await buy('vaihdettava.fi');
    const put = await t.request('PUT', path('vaihdettava.fi'), { token: owner.token, body: { nameservers: ['NS1.Example.net.', 'ns2.example.net'] } });
    assert.deepEqual(put.body, example('PUT /api/v1/domain/domains/test.com/nameservers 200'));
    assert.deepEqual(await get('vaihdettava.fi'), FOREIGN);
    assert.deepEqual(await atRegistry('vaihdettava.fi'), FOREIGN);

    const patch = await t.request('PATCH', path('vaihdettava.fi'), { token: owner.token, body: { nameservers: ['ns2.example.net', 'ns3.example.net'] } });
    assert.deepEqual(patch.body, example('PATCH /api/v1/domain/domains/test.com/nameservers 200'));
    assert.deepEqual(await get('vaihdettava.fi'), [...FOREIGN, 'ns3.example.net']);
    assert.deepEqual(await atRegistry('vaihdettava.fi'), [...FOREIGN, 'ns3.example.net']);
  });

  it('refuses bad lists with per-field messages and changes nothing', async () => {
    await buy('tarkka.fi', FOREIGN);
    const cases: Array<[string, unknown, Record<string, string[]>]> = [
      ['PUT', { nameservers: ['ns1.example.net'] }, { nameservers: ['The nameservers must have at least 2 items'] }],
      ['PUT', { nameservers: [] }, { nameservers: ['The nameservers must have at least 2 items'] }],
      ['PUT', { nameservers: ['ns1.example.net', 'not a host'] }, { 'nameservers.1': ['The nameservers.1 must be a valid host name'] }],
      ['PUT', { nameservers: ['ns1.example.net', 'NS1.example.net'] }, { nameservers: ['The nameservers must not contain duplicates'] }],
      ['PUT', { nameservers: Array.from({ length: 14 }, (_, i) => `ns${i}.example.net`) }, { nameservers: ['The nameservers may not have more than 13 items'] }],
      ['PUT', {}, { nameservers: ['The nameservers is required'] }],
      ['PATCH', { nameservers: [] }, { nameservers: ['The nameservers must have at least 1 items'] }],
      ['PATCH', { nameservers: Array.from({ length: 12 }, (_, i) => `extra${i}.example.net`) }, { nameservers: ['The nameservers may not have more than 13 items'] }],
    ];
    for (const [method, body, context] of cases) {
      const res = await t.request(method, path('tarkka.fi'), { token: owner.token, body });
      assert.deepEqual(res.body, invalid(context), `${method} ${JSON.stringify(body).slice(0, 80)}`);
    }
    assert.deepEqual(await get('tarkka.fi'), FOREIGN);
    assert.deepEqual(await atRegistry('tarkka.fi'), FOREIGN);
  });

  it('moving to our nameservers creates the zone with their NS records', async () => {
    await buy('muuttaja.fi', FOREIGN);
    assert.equal(await ctx().store.zones.findByName('muuttaja.fi'), undefined);
    const res = await t.request('PUT', path('muuttaja.fi'), { token: owner.token, body: { nameservers: ctx().settings.nameservers } });
    assert.deepEqual(res.body, UPDATED);
    const zone = await ctx().store.zones.findByName('muuttaja.fi');
    assert.ok(zone);
    const ns = (await ctx().store.records.listByZone(zone.id)).filter((r) => r.type === 'NS').map((r) => r.content);
    assert.deepEqual(ns.sort(), [...ctx().settings.nameservers].sort());
  });

  it('park: the park servers and one free "Domain parking" service, however often it is asked', async () => {
    await buy('parkki.fi');
    const res = await t.request('PUT', path('parkki.fi', '/park'), { token: owner.token });
    assert.deepEqual(res.body, example('PUT /api/v1/domain/domains/test.com/nameservers/park 200'));
    assert.deepEqual(await get('parkki.fi'), ctx().settings.parkNameservers);
    assert.deepEqual(await atRegistry('parkki.fi'), ctx().settings.parkNameservers);
    assert.equal((await t.request('PUT', path('parkki.fi', '/park'), { token: owner.token })).status, 200);
    const domain = (await ctx().store.domains.findLiveByFqdn('parkki.fi'))!;
    const { items } = await ctx().store.services.listByDomain(domain.id, { limit: 10, offset: 0 });
    assert.equal(items.length, 1);
    const s = items[0]!;
    assert.deepEqual(
      [s.kind, s.name, s.price_cents, s.billing_period_months, s.start_date, s.exp_date, s.renew, s.user_id, s.status],
      ['parking', 'Domain parking', 0, 12, '2026-03-01', domain.exp_date, 1, owner.id, 'active'],
    );
    // The parking service renews with its domain.
    await t.request('PATCH', '/api/v1/domain/domains/parkki.fi', { token: owner.token, body: { renew: false } });
    assert.equal((await ctx().store.services.findById(s.id))!.renew, 0);
  });

  it('another user\'s domain: 403 on every endpoint and nothing changes; 404 for no domain', async () => {
    await buy('vieras.fi', FOREIGN);
    const calls: Array<[string, string, unknown, string]> = [
      ['GET', '', undefined, 'GET /api/v1/domain/domains/test.com/nameservers 403 Domain is not assigned to the User'],
      ['PUT', '', { nameservers: ['ns1.evil.example', 'ns2.evil.example'] }, 'PUT /api/v1/domain/domains/test.com/nameservers 403 Domain is not assigned to the User'],
      ['PATCH', '', { nameservers: ['ns3.evil.example'] }, 'PATCH /api/v1/domain/domains/test.com/nameservers 403 Domain is not assigned to the User'],
      ['PUT', '/park', undefined, 'PUT /api/v1/domain/domains/test.com/nameservers/park 403 Domain is not assigned to the User'],
    ];
    for (const [method, tail, body, key] of calls) {
      const res = await t.request(method, path('vieras.fi', tail), { token: other.token, body });
      assert.deepEqual(res.body, example(key), `${method} ${tail}`);
      const missing = await t.request(method, path('eiole.fi', tail), { token: other.token, body });
      assert.deepEqual(missing.body, example(key.replace(/403 .*/, '404 Resource not found')), `${method} ${tail} 404`);
    }
    assert.deepEqual(await get('vieras.fi'), FOREIGN);
    assert.deepEqual(await atRegistry('vieras.fi'), FOREIGN);
    const domain = (await ctx().store.domains.findLiveByFqdn('vieras.fi'))!;
    assert.equal((await ctx().store.services.listByDomain(domain.id, { limit: 10, offset: 0 })).total, 0);
    const anon = await t.request('GET', path('vieras.fi'));
    assert.deepEqual(anon.body, example('GET /api/v1/domain/domains/test.com/nameservers 401 Authorization token not provided'));
  });

  it('a pending domain is not at the registry yet: 400, nothing changes', async () => {
    const payer = await t.user();
    await buy('kesken.fi', FOREIGN, payer);
    const res = await t.request('PUT', path('kesken.fi'), { token: payer.token, body: { nameservers: ['ns8.example.net', 'ns9.example.net'] } });
    assert.deepEqual(res.body, { error: { status: 400, message: 'Unable to update resource: Domain is not active' } });
    assert.deepEqual(await get('kesken.fi', payer), FOREIGN);
    assert.equal(await ctx().registry.info('kesken.fi'), undefined);
  });
});
