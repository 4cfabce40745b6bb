import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { ScriptedRegistry } from '../helpers/scripted-registry.js';
import { ChainWatch } from '../helpers/dnssec-chain.js';
import { runCli } from '../helpers/cli.js';
import { Worker } from '../../src/jobs/worker.js';
import { quietLog } from '../../src/jobs/log.js';
import type { Ctx } from '../../src/core/context.js';
import type { Registry } from '../../src/ports/registry.js';
import type { BuiltinDnsProvider } from '../../src/providers/dns/builtin/builtin-provider.js';
import { getManagedZone } from '../../src/core/dns/zone-access.js';
import { enableDnssec } from '../../src/core/dns/dnssec/enable-dnssec.js';
import { disableDnssec } from '../../src/core/dns/dnssec/disable-dnssec.js';
import { rollOverKey } from '../../src/core/dns/dnssec/roll-over-key.js';
import { dnssecStatus } from '../../src/core/dns/dnssec/dnssec-status.js';
import { DS_JOB } from '../../src/core/dns/dnssec/sync-parent-ds.js';

const SECRET = 'dnssec-flows-test-secret-of-32-characters-at-least';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The DNSSEC flows (core/dns/dnssec/states.ts) driven by the worker's schedule pass on a clock moved by
 * hand, against the builtin provider and the local registry (behind the scripted one, which can go
 * down). After every step ChainWatch checks what a validating resolver needs: no DS at the parent, or
 * cached from it, without a served key that signs; no DS before its key has propagated.
 */
function flowServer(env: Record<string, string>) {
  const s = {
    t: undefined as unknown as TestServer,
    registry: undefined as unknown as ScriptedRegistry,
    local: undefined as unknown as Registry,
    worker: undefined as unknown as Worker,
    ctx: undefined as unknown as Ctx,
    provider: undefined as unknown as BuiltinDnsProvider,
    dsTtl: Number(env.DNSSEC_PARENT_DS_TTL ?? 86_400),
  };
  before(async () => {
    // From the wall clock's now, which the CLI's commands run on: its rollover's timestamps and jobs are
    // then in the server's past (the server's clock only moves ahead of it), as on one machine.
    s.t = await startTestServer({ env: { DNS_PORT: '0', DNSSEC_KEY_SECRET: SECRET, ...env }, start: new Date().toISOString() });
    s.ctx = s.t.server.runtime.ctx;
    s.local = s.ctx.registry;
    s.registry = new ScriptedRegistry(s.local, s.ctx.store, s.t.clock);
    s.ctx.registry = s.registry;
    s.provider = s.ctx.dns as BuiltinDnsProvider;
    // The schedule and the outbox run when the test says, on its clock.
    await s.t.server.worker?.stop();
    s.worker = new Worker(s.ctx, s.t.server.runtime.runner, { log: quietLog, scheduleMs: null });
  });
  after(() => s.t.close());
  return s;
}

type Flow = ReturnType<typeof flowServer>;

/** An active domain on our name servers with a record of TTL 7200 (the zone's largest), and its owner. */
async function signableDomain(s: Flow, name: string) {
  const u = await s.t.user({ postpaid: true });
  await purchase(s.t, u.token, name);
  const rec = await s.t.request('POST', `/api/v1/domain/domains/${name}/records`, {
    token: u.token, body: { host: 'www', type: 'A', content: '192.0.2.10', ttl: 7200 },
  });
  assert.equal(rec.status, 201, JSON.stringify(rec.body));
  await s.worker.tick();
  const watch = new ChainWatch(name, s.local, s.provider, s.t.clock, s.dsTtl, async () => 7200);
  return { user: u, watch, target: () => getManagedZone(s.ctx.store, s.ctx, u.id, name) };
}

/** Moves the clock by `ms`, runs one schedule pass (and the outbox), and checks the chain. */
async function step(s: Flow, watch: ChainWatch, ms: number, label: string) {
  s.t.clock.advance(ms);
  await s.worker.tick();
  await watch.check(`${label} at ${s.t.clock.now().toISOString()}`);
}

/** Steps until `done` holds (checking after each), at most `limitMs` of clock time. */
async function stepUntil(s: Flow, watch: ChainWatch, ms: number, limitMs: number, label: string, done: () => Promise<boolean>) {
  const end = s.t.clock.now().getTime() + limitMs;
  while (!(await done())) {
    assert.ok(s.t.clock.now().getTime() < end, `${label}: not done within ${limitMs / HOUR} h`);
    await step(s, watch, ms, label);
  }
}

const stateOf = async (s: Flow, name: string) => {
  const zone = (await s.ctx.store.zones.findByName(name))!;
  return dnssecStatus(s.ctx, zone);
};

/** Enables DNSSEC on `name` and steps until it is on. */
async function enabled(s: Flow, name: string) {
  const d = await signableDomain(s, name);
  await enableDnssec(s.ctx, await d.target());
  await d.watch.check('enabled');
  await stepUntil(s, d.watch, 10 * MINUTE, 6 * HOUR, 'enable', async () => (await stateOf(s, name)).state === 'on');
  return d;
}

describe('DNSSEC flows with a moving clock', () => {
  const s = flowServer({});

  it('enable: the DS reaches the registry only once the signed zone is served and the propagation delay has passed', async () => {
    const name = 'allekirjoitettu.fi';
    const d = await signableDomain(s, name);
    const status = await enableDnssec(s.ctx, await d.target());
    assert.equal(status.state, 'enabling');
    assert.equal(status.parent, 'registry');
    assert.deepEqual(status.ds, [], 'no DS is shown before it goes to the parent');
    await d.watch.check('enable');

    await stepUntil(s, d.watch, 10 * MINUTE, 6 * HOUR, 'enable', async () => (await stateOf(s, name)).state === 'on');
    const on = await stateOf(s, name);
    assert.equal(on.keys.length, 1);
    assert.equal(on.keys[0]!.state, 'active');
    assert.deepEqual(await d.watch.parentDs(), [on.keys[0]!.ds.digest], 'the registry holds the key\'s DS');
    assert.deepEqual(on.ds.map((x) => x.digest), [on.keys[0]!.ds.digest]);
    const [digest] = await d.watch.parentDs();
    const waited = d.watch.firstAtParent.get(digest!)! - d.watch.firstServed.get(digest!)!;
    assert.ok(waited >= 7200_000, `the DS went up ${waited / 1000} s after the key was served`);
    assert.ok(waited <= 7200_000 + 30 * MINUTE, `and not much later: ${waited / 1000} s`);
    assert.equal(s.registry.count('setDs', name), 1, 'one setDs');
    assert.ok(d.watch.checks > 10, 'checked at every step');

    // Steady: further passes change nothing and call nobody.
    const { serial, updated_at: lastChange } = (await s.ctx.store.zones.findByName(name))!;
    for (let i = 0; i < 3; i++) await step(s, d.watch, HOUR, 'steady');
    assert.equal((await s.ctx.store.zones.findByName(name))!.serial, serial);
    assert.equal(s.registry.count('setDs', name), 1);

    // Unchanged for three days, the serial moves anyway, so that secondaries transfer fresh signatures.
    await stepUntil(s, d.watch, 6 * HOUR, 4 * 24 * HOUR, 'resign', async () => (await s.ctx.store.zones.findByName(name))!.serial !== serial);
    const quiet = Date.parse((await s.ctx.store.zones.findByName(name))!.updated_at) - Date.parse(lastChange);
    assert.ok(quiet >= 3 * 24 * HOUR && quiet <= 3 * 24 * HOUR + 6 * HOUR, `moved after ${quiet / HOUR} h unchanged`);
    assert.equal(s.registry.count('setDs', name), 1, 'a new serial sends nothing to the registry');
  });

  it('rollover from the CLI: the new key signs beside the old, the DS is swapped, the old key goes after the DS TTL', async () => {
    const name = 'vaihdettava.fi';
    const d = await enabled(s, name);
    const before = await stateOf(s, name);
    const cli = { databaseUrl: s.t.databaseUrl, env: { DNSSEC_KEY_SECRET: SECRET } };
    // An instance with another secret would seal a key the others cannot open: refused, nothing written.
    const wrong = await runCli({ databaseUrl: s.t.databaseUrl, env: { DNSSEC_KEY_SECRET: 'another-secret-of-thirty-two-characters' } }, 'dnssec', 'rollover', name);
    assert.equal(wrong.code, 1, wrong.stdout + wrong.stderr);
    assert.match(wrong.stderr, /cannot be opened with DNSSEC_KEY_SECRET/);
    assert.equal((await stateOf(s, name)).state, 'on');
    const run = await runCli(cli, 'dnssec', 'rollover', name, '--json');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.json.state, 'rolling');
    assert.equal(run.json.keys.length, 2);
    await d.watch.check('rollover started');
    const again = await runCli(cli, 'dnssec', 'rollover', name);
    assert.equal(again.code, 1, 'a second rollover while one runs is refused');
    assert.match(again.stderr, /rolling/);

    let bothSigned = false;
    await stepUntil(s, d.watch, 30 * MINUTE, 3 * 24 * HOUR, 'rollover', async () => {
      if (d.watch.signers().size === 2) bothSigned = true;
      const now = await stateOf(s, name);
      return now.state === 'on' && now.keys.length === 1;
    });
    assert.ok(bothSigned, 'both keys signed for a while (double signature)');
    const afterRoll = await stateOf(s, name);
    const oldDs = before.keys[0]!.ds.digest;
    const newDs = afterRoll.keys[0]!.ds.digest;
    assert.notEqual(newDs, oldDs);
    assert.deepEqual(await d.watch.parentDs(), [newDs]);
    assert.ok(!d.watch.signers().has(oldDs), 'the old key is gone from the served zone');
    const swapped = d.watch.goneFromParent.get(oldDs)!;
    assert.ok(d.watch.firstAtParent.get(newDs)! === swapped, 'the DS was swapped in one step');
    assert.equal(s.registry.count('setDs', name), 2, 'one setDs to enable, one to swap');

    const status = await runCli(cli, 'dnssec', 'status', name);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /dnssec\s+on/);
    assert.ok(status.stdout.includes(`IN DS ${afterRoll.keys[0]!.keyTag} 13 2 ${newDs}`), status.stdout);
  });

  it('disable: the DS leaves the registry first, and the zone is unsigned only after the DS TTL', async () => {
    const name = 'purettava.fi';
    const d = await enabled(s, name);
    const [digest] = await d.watch.parentDs();
    const status = await disableDnssec(s.ctx, (await d.target()).zone);
    assert.equal(status.state, 'disabling');
    await s.ctx.jobs.drain();
    await d.watch.check('disable');
    assert.equal(s.provider.index.get(name)?.signing?.cdsDelete, true, 'CDS/CDNSKEY delete are published meanwhile');
    await stepUntil(s, d.watch, 30 * MINUTE, 3 * 24 * HOUR, 'disable', async () => (await stateOf(s, name)).state === 'off');
    assert.deepEqual(await d.watch.parentDs(), []);
    assert.equal(await s.provider.readSigning(name), undefined, 'served unsigned');
    const gone = d.watch.goneFromParent.get(digest!)!;
    assert.ok(d.watch.unsignedAt! >= gone + s.dsTtl * 1000, 'unsigned only once the DS TTL had passed since the DS left');
    assert.ok(d.watch.unsignedAt! <= gone + s.dsTtl * 1000 + HOUR, 'and soon after');
    assert.deepEqual(await s.ctx.store.dnssec.keys((await d.target()).zone.id), [], 'the keys are deleted');
  });

  it('disable while enabling, before any DS went up, unsigns at once', async () => {
    const name = 'keskeytetty.fi';
    const d = await signableDomain(s, name);
    await enableDnssec(s.ctx, await d.target());
    await step(s, d.watch, 10 * MINUTE, 'enabling');
    assert.ok(d.watch.signers().size === 1, 'signed');
    const status = await disableDnssec(s.ctx, (await d.target()).zone);
    assert.equal(status.state, 'off');
    await step(s, d.watch, MINUTE, 'disabled');
    assert.equal(await s.provider.readSigning(name), undefined);
    assert.equal(s.registry.count('setDs', name), 0, 'the registry was never asked');
  });

  it('a registry that does not answer holds the DS back, retried by the outage policy, and the zone stays signed', async () => {
    const name = 'katkollinen.fi';
    const d = await signableDomain(s, name);
    s.registry.down = new Set(['setDs']);
    try {
      await enableDnssec(s.ctx, await d.target());
      for (let i = 0; i < 18; i++) await step(s, d.watch, 10 * MINUTE, 'registry down');
      const waiting = await stateOf(s, name);
      assert.equal(waiting.state, 'enabling');
      assert.equal(waiting.keys[0]!.state, 'submitted');
      assert.deepEqual(await d.watch.parentDs(), []);
      const job = await s.t.server.runtime.db.selectFrom('jobs').selectAll().where('kind', '=', DS_JOB).where('payload', '=', JSON.stringify({ zone: name })).executeTakeFirstOrThrow();
      assert.equal(job.status, 'pending');
      assert.match(job.last_error ?? '', /unavailable/);
    } finally {
      s.registry.down = false;
    }
    await stepUntil(s, d.watch, 10 * MINUTE, 2 * HOUR, 'registry back', async () => (await stateOf(s, name)).state === 'on');
    assert.equal((await d.watch.parentDs()).length, 1);
  });

  it('a domain the registry does not hold for us is signed and its DS shown, never sent; it is not rolled over', async () => {
    const name = 'muualla.fi';
    const d = await signableDomain(s, name);
    // The registration is another registrar's now: the owner's registrar keeps the DS.
    await s.ctx.store.registry.update(name, { registrar: 'Toinen Oy', updated_at: s.t.clock.now().toISOString() });
    const status = await enableDnssec(s.ctx, await d.target());
    assert.equal(status.parent, 'external');
    await stepUntil(s, d.watch, 10 * MINUTE, 6 * HOUR, 'external', async () => (await stateOf(s, name)).state === 'on');
    const on = await stateOf(s, name);
    assert.equal(on.ds.length, 1, 'the DS is shown for the owner\'s registrar');
    assert.ok(d.watch.firstServed.get(on.ds[0]!.digest)! + 7200_000 <= s.t.clock.now().getTime(), 'once the key has propagated');
    assert.equal(s.registry.count('setDs', name), 0);
    await assert.rejects(rollOverKey(s.ctx, (await d.target()).zone), /kept by another registrar/);
    const off = await disableDnssec(s.ctx, (await d.target()).zone);
    assert.equal(off.state, 'disabling');
    await step(s, d.watch, (s.dsTtl - 600) * 1000, 'external disable');
    assert.ok(await s.provider.readSigning(name), 'signed until the DS TTL has passed (the owner removes the DS meanwhile)');
    await stepUntil(s, d.watch, 10 * MINUTE, 2 * HOUR, 'external disable', async () => (await stateOf(s, name)).state === 'off');
    assert.equal(s.registry.count('setDs', name), 0);
  });
});

describe('scheduled DNSSEC key rollover', () => {
  const s = flowServer({ DNSSEC_KEY_LIFETIME_DAYS: '2', DNSSEC_PARENT_DS_TTL: '3600' });

  it('rolls a key over once it is DNSSEC_KEY_LIFETIME_DAYS old, keeping the chain whole, and again after as long', async () => {
    const name = 'ajastettu.fi';
    const d = await enabled(s, name);
    const first = (await stateOf(s, name)).keys[0]!;
    const tags = new Set<string>([first.ds.digest]);
    // Five days in hours: two rollovers (at two days of age each), every hour checked.
    for (let i = 0; i < 5 * 24; i++) {
      await step(s, d.watch, HOUR, 'scheduled');
      for (const k of (await stateOf(s, name)).keys) tags.add(k.ds.digest);
    }
    const now = await stateOf(s, name);
    assert.equal(tags.size, 3, 'two rollovers: three keys in all');
    assert.ok(now.state === 'on' || now.state === 'rolling');
    assert.equal(d.watch.firstAtParent.size, 3, 'each key\'s DS reached the parent');
    assert.equal(s.registry.count('setDs', name), 3);
  });
});
