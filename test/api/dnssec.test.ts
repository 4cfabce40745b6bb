import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type Response, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { ScriptedRegistry } from '../helpers/scripted-registry.js';
import type { Ctx } from '../../src/core/context.js';

type Partner = Awaited<ReturnType<TestServer['partner']>>;

/**
 * DNSSEC through both APIs: GET, PUT (on) and DELETE (off) of a domain's `dnssec`, in each dialect's
 * shapes and envelopes; one account never sees or touches another's; the bad cases (no such domain,
 * not on our name servers, already on or off, in a transition, a registry that does not answer) are
 * clear 4xx (503). The flow itself runs on the server's schedule pass (the worker's tick) and clock.
 */
describe('DNSSEC through the client and partner APIs', () => {
  let t: TestServer;
  let ctx: Ctx;
  let registry: ScriptedRegistry;
  let seq = 0;

  before(async () => {
    t = await startTestServer({ env: { DNS_PORT: '0' } });
    ctx = t.server.runtime.ctx;
    registry = new ScriptedRegistry(ctx.registry, ctx.store, t.clock);
    ctx.registry = registry;
  });
  after(() => t.close());

  /** Schedule passes until the zone's DNSSEC is `state` (the flow: served, propagation delay, DS at the registry). */
  async function until(name: string, state: string) {
    for (let i = 0; i < 40; i++) {
      const zone = (await ctx.store.zones.findByName(name))!;
      const row = await ctx.store.dnssec.find(zone.id);
      if ((row?.state ?? 'off') === state) return;
      t.clock.advance(15 * 60_000);
      await t.server.worker!.tick();
    }
    assert.fail(`${name} never became ${state}`);
  }

  const clientEnvelope = (res: Response, status: number, message: RegExp) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.status, status);
    assert.match(res.body.error.message, message);
  };
  const partnerEnvelope = (res: Response, status: number, message: RegExp) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.success, false);
    assert.match(res.body.message, message);
  };

  describe('client API: /api/v1/domain/domains/{domain}/dnssec', () => {
    const path = (d: string) => `/api/v1/domain/domains/${d}/dnssec`;

    it('reads, turns on and turns off DNSSEC, in the client API\'s envelope', async () => {
      const u = await t.user({ postpaid: true });
      const name = `turva${++seq}.fi`;
      await purchase(t, u.token, name);

      const off = await t.request('GET', path(name), { token: u.token });
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.deepEqual(off.body, { message: '', data: { domain: name, state: 'off', signed: false, parent: null, dsRecords: [], keys: [], next: null } });

      const on = await t.request('PUT', path(name), { token: u.token });
      assert.equal(on.status, 200, JSON.stringify(on.body));
      assert.equal(on.body.message, 'DNSSEC is being enabled');
      assert.equal(on.body.data.state, 'enabling');
      assert.equal(on.body.data.signed, true);
      assert.equal(on.body.data.parent, 'registry');
      assert.deepEqual(on.body.data.dsRecords, [], 'no DS until it is safe at the parent');
      assert.equal(on.body.data.keys.length, 1);
      assert.deepEqual({ ...on.body.data.keys[0], publicKey: '', keyTag: 0 }, { keyTag: 0, flags: 257, algorithm: 13, publicKey: '', state: 'published' });

      clientEnvelope(await t.request('PUT', path(name), { token: u.token }), 409, /already being enabled/);
      await until(name, 'on');
      clientEnvelope(await t.request('PUT', path(name), { token: u.token }), 409, /already on/);

      const shown = await t.request('GET', path(name), { token: u.token });
      assert.equal(shown.body.data.state, 'on');
      assert.equal(shown.body.data.dsRecords.length, 1);
      const ds = shown.body.data.dsRecords[0];
      assert.equal(ds.keyTag, shown.body.data.keys[0].keyTag);
      assert.deepEqual([ds.algorithm, ds.digestType], [13, 2]);
      assert.match(ds.digest, /^[0-9A-F]{64}$/);
      assert.deepEqual((await registry.info(name))!.ds.map((d) => d.digest.toUpperCase()), [ds.digest], 'the registry holds the DS shown');

      const disabling = await t.request('DELETE', path(name), { token: u.token });
      assert.equal(disabling.status, 200, JSON.stringify(disabling.body));
      assert.equal(disabling.body.message, 'DNSSEC is being disabled');
      assert.equal(disabling.body.data.state, 'disabling');
      clientEnvelope(await t.request('DELETE', path(name), { token: u.token }), 409, /already being disabled/);
      clientEnvelope(await t.request('PUT', path(name), { token: u.token }), 409, /being disabled/);
      await t.server.worker!.tick();
      assert.deepEqual((await registry.info(name))!.ds, [], 'the DS left the registry first');
      assert.equal((await t.request('GET', path(name), { token: u.token })).body.data.signed, true, 'still signed until the DS TTL has passed');
      t.clock.advance(86_400_000);
      await until(name, 'off');
      const again = await t.request('POST', '/api/v1/auth', { body: { username: u.username, password: u.password } });
      clientEnvelope(await t.request('DELETE', path(name), { token: again.body.data.token }), 409, /already off/);
    });

    it('answers another account\'s domain with 403 for each method, and changes nothing of it', async () => {
      const owner = await t.user({ postpaid: true });
      const other = await t.user({ postpaid: true });
      const name = `oma${++seq}.fi`;
      await purchase(t, owner.token, name);
      assert.equal((await t.request('PUT', path(name), { token: owner.token })).status, 200);
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const res = await t.request(method, path(name), { token: other.token });
        clientEnvelope(res, 403, /Forbidden/);
        assert.equal(JSON.stringify(res.body).includes('keyTag'), false, `${method}: nothing of the zone in the answer`);
      }
      const mine = await t.request('GET', path(name), { token: owner.token });
      assert.equal(mine.body.data.state, 'enabling', 'the other account\'s DELETE did nothing');
      clientEnvelope(await t.request('GET', path(name)), 401, /./);
    });

    it('answers the bad cases with clear 4xx: no such domain, not on our name servers, a registry that does not answer', async () => {
      const u = await t.user({ postpaid: true });
      for (const method of ['GET', 'PUT', 'DELETE']) {
        clientEnvelope(await t.request(method, path('ei-ole.fi'), { token: u.token }), 404, /not found/i);
        clientEnvelope(await t.request(method, path('not a domain'), { token: u.token }), 404, /not found/i);
      }
      const name = `muualla${++seq}.fi`;
      await purchase(t, u.token, name);
      const ns = await t.request('PUT', `/api/v1/domain/domains/${name}/nameservers`, { token: u.token, body: { nameservers: ['ns1.example.net', 'ns2.example.net'] } });
      assert.equal(ns.status, 200, JSON.stringify(ns.body));
      for (const method of ['GET', 'PUT', 'DELETE']) {
        clientEnvelope(await t.request(method, path(name), { token: u.token }), 400, /does not use Hostplane's name servers/);
      }

      const down = `katko${++seq}.fi`;
      await purchase(t, u.token, down);
      registry.down = true;
      try {
        const res = await t.request('PUT', path(down), { token: u.token });
        clientEnvelope(res, 503, /registry is not available/);
        assert.equal(res.headers.get('retry-after'), '30');
      } finally {
        registry.down = false;
      }
      assert.equal((await t.request('GET', path(down), { token: u.token })).body.data.state, 'off', 'nothing was written');
    });
  });

  describe('partner API: /domains/{domain}/dnssec', () => {
    let p: Partner;
    let q: Partner;
    before(async () => {
      p = await t.partner();
      q = await t.partner();
    });
    const path = (d: string) => `/domains/${d}/dnssec`;
    async function partnerDomain(partner: Partner): Promise<string> {
      const c = await t.user({ partnerId: partner.id, clientType: 'Managed Client', postpaid: true });
      const name = `kumppani${++seq}.fi`;
      await purchase(t, c.token, name);
      return name;
    }

    it('reads, turns on and turns off DNSSEC in the partner envelope, and the records answer says whether the zone is secure', async () => {
      const name = await partnerDomain(p);
      const off = await t.request('GET', path(name), { token: p.apiKey });
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.deepEqual(off.body, {
        success: true, message: 'Domain DNSSEC', customData: [],
        data: { domain: name, state: 'off', signed: false, parent: null, ds_records: [], keys: [], next: null },
      });
      const records = async () => (await t.request('GET', `/domains/${name}/records`, { token: p.apiKey })).body.Result.Zone.IsSecure;
      assert.equal(await records(), false);

      const on = await t.request('PUT', path(name), { token: p.apiKey });
      assert.equal(on.status, 200, JSON.stringify(on.body));
      assert.equal(on.body.success, true);
      assert.equal(on.body.message, 'DNSSEC is being enabled.');
      assert.equal(on.body.data.state, 'enabling');
      assert.deepEqual(Object.keys(on.body.data.keys[0]).sort(), ['algorithm', 'flags', 'key_tag', 'public_key', 'state']);
      assert.equal(await records(), true, 'IsSecure once the zone is signed');
      partnerEnvelope(await t.request('PUT', path(name), { token: p.apiKey }), 409, /already being enabled/);

      await until(name, 'on');
      const shown = await t.request('GET', path(name), { token: p.apiKey });
      assert.equal(shown.body.data.ds_records.length, 1);
      assert.deepEqual(Object.keys(shown.body.data.ds_records[0]).sort(), ['algorithm', 'digest', 'digest_type', 'key_tag']);
      assert.deepEqual((await registry.info(name))!.ds.map((d) => d.digest.toUpperCase()), [shown.body.data.ds_records[0].digest]);

      const disabling = await t.request('DELETE', path(name), { token: p.apiKey });
      assert.equal(disabling.status, 200, JSON.stringify(disabling.body));
      assert.equal(disabling.body.message, 'DNSSEC is being disabled.');
      partnerEnvelope(await t.request('DELETE', path(name), { token: p.apiKey }), 409, /already being disabled/);
      partnerEnvelope(await t.request('PUT', path(name), { token: p.apiKey }), 409, /being disabled/);
      await t.server.worker!.tick();
      assert.deepEqual((await registry.info(name))!.ds, []);
      t.clock.advance(86_400_000);
      await until(name, 'off');
      assert.equal(await records(), false, 'not secure once unsigned');
      partnerEnvelope(await t.request('DELETE', path(name), { token: p.apiKey }), 409, /already off/);
    });

    it('answers another partner\'s domain with 403 for each method, and changes nothing of it', async () => {
      const name = await partnerDomain(p);
      assert.equal((await t.request('PUT', path(name), { token: p.apiKey })).status, 200);
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const res = await t.request(method, path(name), { token: q.apiKey });
        partnerEnvelope(res, 403, /does not belong to you/);
        assert.equal(JSON.stringify(res.body).includes('key_tag'), false);
      }
      assert.equal((await t.request('GET', path(name), { token: p.apiKey })).body.data.state, 'enabling');
      // A client account logging in to the client API does not reach the partner's domain either.
      const stranger = await t.user({ postpaid: true });
      clientEnvelope(await t.request('DELETE', `/api/v1/domain/domains/${name}/dnssec`, { token: stranger.token }), 403, /Forbidden/);
      partnerEnvelope(await t.request('GET', path(name)), 401, /./);
    });

    it('answers the bad cases with clear 4xx: no such domain, not on our name servers', async () => {
      for (const method of ['GET', 'PUT', 'DELETE']) partnerEnvelope(await t.request(method, path('ei-ole.fi'), { token: p.apiKey }), 404, /not found/i);
      const name = await partnerDomain(p);
      const ns = await t.request('POST', `/domains/${name}/change-nameservers`, { token: p.apiKey, body: { ns1: 'ns1.example.net', ns2: 'ns2.example.net' } });
      assert.equal(ns.status, 201, JSON.stringify(ns.body));
      for (const method of ['GET', 'PUT', 'DELETE']) partnerEnvelope(await t.request(method, path(name), { token: p.apiKey }), 422, /name servers/);
    });
  });

  it('documents the additions in /docs', async () => {
    const doc = (await t.request('GET', '/docs/openapi.json')).body;
    for (const [p, prefix] of [['/api/v1/domain/domains/{domain}/dnssec', ''], ['/domains/{domain}/dnssec', '']] as const) {
      const item = doc.paths[p];
      assert.ok(item, `${p} is documented${prefix}`);
      for (const method of ['get', 'put', 'delete']) {
        assert.ok(item[method], `${method} ${p}`);
        assert.match(item[method].summary, /not in the original document/i);
      }
    }
  });
});
