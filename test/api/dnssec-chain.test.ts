// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is delv's validation of signed answers, and the
// store is read here only as the API suites, which run on both stores, read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { delv, requireValidators, verifyZoneTransfer } from '../helpers/validators.js';
import type { DsRecord } from '../../src/core/dns/dnssec/key-material.js';
import type { Ctx } from '../../src/core/context.js';
import { dig } from '../servers/dns/helpers.js';

const VALID = /; fully validated/;
const VALID_DENIAL = /; negative response, fully validated/;

/**
 * The whole chain, as a customer and a validating resolver meet it: one client API call turns DNSSEC
 * on; the schedule pass (the worker's tick, on the server's clock) signs the zone, waits until the
 * signed zone is served and has propagated, and hands the DS to the registry (here the `local` one);
 * delv, given nothing but the DS the registry holds, then validates the builtin server's answers and
 * denials. Turning it off takes the DS out of the registry first, and unsigns only after the DS TTL.
 */
describe('DNSSEC end to end: one API call, the DS at the registry, a validating resolver', () => {
  let t: TestServer;
  let ctx: Ctx;
  let port: number;
  before(async () => {
    requireValidators();
    // delv checks signature times by the wall clock: the server's clock starts half a day behind it, so that
    // the hours the flow moves it ahead stay inside the signatures' validity as delv sees it.
    t = await startTestServer({ env: { DNS_PORT: '0', DNSSEC_PARENT_DS_TTL: '3600' }, start: new Date(Date.now() - 12 * 3600_000).toISOString() });
    ctx = t.server.runtime.ctx;
    port = t.server.dns!.port;
  });
  after(() => t?.close());

  const registryDs = async (name: string): Promise<DsRecord[]> =>
    ((await ctx.registry.info(name))?.ds ?? []).map((d) => ({ ...d, digest: d.digest.toUpperCase() }));
  const state = async (name: string) => (await t.request('GET', `/api/v1/domain/domains/${name}/dnssec`, { token })).body.data.state;
  let token: string;

  /** Schedule passes, 10 minutes of clock apart, until `done`; at most a day of clock. */
  async function until(label: string, done: () => Promise<boolean>) {
    for (let i = 0; i < 150; i++) {
      if (await done()) return;
      t.clock.advance(10 * 60_000);
      await t.server.worker!.tick();
    }
    assert.fail(`${label}: not within a day`);
  }
  /** The server's clock must stay behind the wall clock (see `before`). */
  function behindWallClock() {
    assert.ok(t.clock.now().getTime() < Date.now() - 3600_000, `the server's clock ran ahead: ${t.clock.now().toISOString()}`);
  }

  it('on with one call: delv validates answers, NXDOMAIN and NODATA from the registry\'s DS alone; off takes the DS away first', async () => {
    const name = 'ketjutettu.fi';
    const u = await t.user({ postpaid: true });
    token = u.token;
    await purchase(t, token, name);
    for (const body of [
      { host: 'www', type: 'A', content: '192.0.2.10', ttl: 3600 },
      { host: '@', type: 'MX', content: 'mail.example.net', pref: 10, ttl: 3600 },
      { host: '@', type: 'TXT', content: 'v=spf1 mx -all', ttl: 3600 },
    ]) {
      const res = await t.request('POST', `/api/v1/domain/domains/${name}/records`, { token, body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    await t.server.worker!.tick();

    const on = await t.request('PUT', `/api/v1/domain/domains/${name}/dnssec`, { token });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    // Signed at once, but the parent learns of the key only once it is served and has propagated.
    await t.server.worker!.tick();
    const signed = await dig(port, '+dnssec', name, 'DNSKEY');
    assert.equal(signed.answer.filter((r) => r[3] === 'DNSKEY').length, 1, signed.raw);
    assert.ok(signed.answer.some((r) => r[3] === 'RRSIG'), signed.raw);
    assert.deepEqual(await registryDs(name), [], 'no DS at the registry before the signed zone has propagated');

    await until('on', async () => (await state(name)) === 'on');
    const ds = await registryDs(name);
    assert.equal(ds.length, 1, 'the registry holds one DS');
    const shown = (await t.request('GET', `/api/v1/domain/domains/${name}/dnssec`, { token })).body.data.dsRecords;
    assert.deepEqual(shown.map((d: DsRecord) => d.digest), ds.map((d) => d.digest), 'the API shows the DS the registry holds');

    // A validating resolver with only the registry's DS as its anchor.
    behindWallClock();
    assert.match(await delv(port, name, ds, `www.${name}`, 'A'), VALID);
    assert.match(await delv(port, name, ds, name, 'MX'), VALID);
    assert.match(await delv(port, name, ds, name, 'TXT'), VALID);
    assert.match(await delv(port, name, ds, `puuttuu.${name}`, 'A'), VALID_DENIAL, 'NXDOMAIN');
    assert.match(await delv(port, name, ds, `www.${name}`, 'TXT'), VALID_DENIAL, 'NODATA');
    const axfr = await verifyZoneTransfer(port, name);
    assert.ok(axfr.ok, axfr.output);
    // A wrong anchor fails: the checks above can fail.
    const wrong = [{ ...ds[0]!, digest: ds[0]!.digest.replace(/^./, (c) => (c === '0' ? '1' : '0')) }];
    assert.doesNotMatch(await delv(port, name, wrong, `www.${name}`, 'A'), VALID);

    // A change through the API is served signed at once.
    const added = await t.request('POST', `/api/v1/domain/domains/${name}/records`, { token, body: { host: 'uusi', type: 'AAAA', content: '2001:db8::1', ttl: 3600 } });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    await t.server.worker!.tick();
    assert.match(await delv(port, name, ds, `uusi.${name}`, 'AAAA'), VALID);

    // Off: the DS leaves the registry first; the zone stays signed (and valid from the old DS) until
    // the DS TTL has passed, then it is served unsigned.
    const off = await t.request('DELETE', `/api/v1/domain/domains/${name}/dnssec`, { token });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    await until('DS removed', async () => (await registryDs(name)).length === 0);
    const removedAt = t.clock.now().getTime();
    behindWallClock();
    assert.match(await delv(port, name, ds, `www.${name}`, 'A'), VALID, 'still signed while the DS may be cached');
    await until('off', async () => (await state(name)) === 'off');
    assert.ok(t.clock.now().getTime() - removedAt >= 3600_000, 'unsigned only after the DS TTL');
    const unsigned = await dig(port, '+dnssec', `www.${name}`, 'A');
    assert.deepEqual(unsigned.answer.map((r) => r[3]), ['A'], unsigned.raw);
  });
});
