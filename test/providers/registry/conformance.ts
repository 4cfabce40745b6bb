import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError, type RegistrantSnapshot, type Registry, type RegistryCapability } from '../../../src/ports/registry.js';

/**
 * The one suite every registry passes (ports/registry.ts): local and epp alike. A registry's test file
 * calls describeRegistry with a factory giving two registrars of one registry: `registry` (hostplane)
 * and `other` (another registrar, for transfers and names that are not ours). Cases that need a
 * capability a registry does not declare are reported as skipped with that reason, never silently.
 */
export interface RegistryUnderTest {
  registry: Registry;
  other: Registry;
  /** The TLD names are made under. */
  tld: string;
  close(): Promise<void>;
}

export const registrant = (n: number, extra: Partial<RegistrantSnapshot> = {}): RegistrantSnapshot => ({
  key: `contact:${n}`,
  name: `Test Person ${n}`,
  organization: '',
  email: `person${n}@example.fi`,
  phone: '+358.401234567',
  address: 'Testikatu 1',
  zipCode: '00100',
  city: 'Helsinki',
  country: 'FI',
  identityNumber: '010190-123A',
  ...extra,
});

const ds = (keyTag: number) => ({ keyTag, algorithm: 13, digestType: 2, digest: `${keyTag.toString(16).padStart(4, '0')}${'ab'.repeat(30)}` });

async function rejects(p: Promise<unknown>, reason: RegistryError['reason']): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof RegistryError, `a RegistryError, not ${String(e)}`);
    assert.equal(e.reason, reason, e.message);
    return true;
  });
}

export function describeRegistry(label: string, make: () => Promise<RegistryUnderTest>): void {
  describe(`registry conformance: ${label}`, () => {
    let under: RegistryUnderTest;
    let r: Registry;
    let other: Registry;
    let seq = 0;
    const fresh = () => `conformance${process.pid}x${++seq}.${under.tld}`;
    /** A test that needs capabilities: skipped, saying which, when the registry lacks one. */
    const gated = (name: string, caps: RegistryCapability[], fn: () => Promise<void>) =>
      it(name, async (t) => {
        const missing = caps.filter((c) => !r.capabilities.includes(c));
        if (missing.length) {
          t.skip(`capability-gated: ${label} does not declare ${missing.join(', ')}`);
          return;
        }
        await fn();
      });

    before(async () => {
      under = await make();
      r = under.registry;
      other = under.other;
    });
    after(async () => {
      await under?.close();
    });

    gated('check: a free name is available, a registered one is not', ['check', 'create'], async () => {
      const name = fresh();
      const free = fresh();
      await r.create({ name, years: 1, registrant: registrant(1), nameservers: [] });
      const results = await r.check([name, free]);
      assert.deepEqual(results.map((c) => [c.name, c.available]), [[name, false], [free, true]]);
    });

    gated('create: registers for the period to us, refuses a name taken (exists)', ['create', 'info'], async () => {
      const name = fresh();
      const created = await r.create({ name, years: 2, registrant: registrant(2), nameservers: ['ns1.example.net', 'ns2.example.net'] });
      assert.equal(created.name, name);
      assert.equal(created.ours, true);
      assert.equal(created.expiresAt.slice(0, 4), String(Number(created.createdAt.slice(0, 4)) + 2));
      assert.equal(created.expiresAt.slice(4, 10), created.createdAt.slice(4, 10));
      const info = await r.info(name);
      assert.ok(info);
      assert.equal(info.ours, true);
      assert.equal(info.registrar, created.registrar);
      assert.deepEqual([...info.nameservers].sort(), ['ns1.example.net', 'ns2.example.net']);
      assert.deepEqual(info.registrant, registrant(2));
      assert.deepEqual(info.ds, []);
      assert.equal(info.dnssec, 'unsigned');
      await rejects(r.create({ name, years: 1, registrant: registrant(2), nameservers: [] }), 'exists');
      await rejects(other.create({ name, years: 1, registrant: registrant(3), nameservers: [] }), 'exists');
    });

    gated('info: undefined for a name not registered; another registrar\'s name is not ours', ['info', 'create'], async () => {
      assert.equal(await r.info(fresh()), undefined);
      const name = fresh();
      const theirs = await other.create({ name, years: 1, registrant: registrant(4), nameservers: [] });
      const info = await r.info(name);
      assert.ok(info);
      assert.equal(info.ours, false);
      assert.equal(info.registrar, theirs.registrar);
    });

    gated('renew: extends from the current expiry named (curExpDate); a stale one is refused (policy)', ['renew', 'create'], async () => {
      const name = fresh();
      const created = await r.create({ name, years: 1, registrant: registrant(5), nameservers: [] });
      const renewed = await r.renew({ name, years: 2, currentExpiry: created.expiresAt.slice(0, 10) });
      assert.equal(renewed.expiresAt.slice(0, 10), `${Number(created.expiresAt.slice(0, 4)) + 2}${created.expiresAt.slice(4, 10)}`);
      await rejects(r.renew({ name, years: 1, currentExpiry: created.expiresAt.slice(0, 10) }), 'policy');
      await rejects(r.renew({ name: fresh(), years: 1, currentExpiry: '2030-01-01' }), 'not_found');
    });

    gated('verifyAuthCode and setAuthCode: only the current code opens the name', ['authcode', 'create'], async () => {
      const name = fresh();
      await r.create({ name, years: 1, registrant: registrant(6), nameservers: [] });
      await r.setAuthCode(name, 'Secret-Code-1');
      assert.equal(await r.verifyAuthCode(name, 'Secret-Code-1'), true);
      assert.equal(await r.verifyAuthCode(name, 'Wrong-Code-1'), false);
      assert.equal(await other.verifyAuthCode(name, 'Secret-Code-1'), true);
      assert.equal(await other.verifyAuthCode(name, 'Wrong-Code-1'), false);
      assert.equal(await r.verifyAuthCode(fresh(), 'Secret-Code-1'), false);
      await rejects(r.setAuthCode(fresh(), 'Secret-Code-2'), 'not_found');
    });

    gated('setNameservers: replaces the set', ['nameservers', 'create'], async () => {
      const name = fresh();
      await r.create({ name, years: 1, registrant: registrant(7), nameservers: ['ns1.example.net', 'ns2.example.net'] });
      await r.setNameservers(name, ['ns2.example.net', 'ns3.example.org']);
      assert.deepEqual([...(await r.info(name))!.nameservers].sort(), ['ns2.example.net', 'ns3.example.org']);
      await r.setNameservers(name, []);
      assert.deepEqual((await r.info(name))!.nameservers, []);
      await rejects(r.setNameservers(fresh(), ['ns1.example.net']), 'not_found');
    });

    gated('transfer: the right code moves the name to us (a year added); a wrong one is auth_invalid', ['transfer', 'create', 'authcode'], async () => {
      const name = fresh();
      const theirs = await other.create({ name, years: 1, registrant: registrant(8), nameservers: [] });
      await other.setAuthCode(name, 'Move-Me-1234');
      await rejects(r.transfer({ name, authCode: 'Not-The-Code-1' }), 'auth_invalid');
      const outcome = await r.transfer({ name, authCode: 'Move-Me-1234', registrant: registrant(9) });
      if (outcome.state === 'pending') return; // a registry that waits for the losing side: its own test settles it
      assert.equal(outcome.info.ours, true);
      assert.deepEqual(outcome.info.registrant, registrant(9), 'the new holder is the registrant');
      assert.equal(outcome.info.expiresAt.slice(0, 10), `${Number(theirs.expiresAt.slice(0, 4)) + 1}${theirs.expiresAt.slice(4, 10)}`);
      assert.equal((await other.info(name))!.ours, false);
      await rejects(r.transfer({ name: fresh(), authCode: 'x' }), 'not_found');
    });

    gated('delete: only the sponsor; the name is then free or in redemption', ['delete', 'create'], async () => {
      const name = fresh();
      await r.create({ name, years: 1, registrant: registrant(10), nameservers: [] });
      await rejects(other.delete(name), 'not_sponsor');
      await r.delete(name);
      const after = await r.info(name);
      assert.ok(after === undefined || after.statuses.includes('redemptionPeriod') || after.statuses.includes('pendingDelete'), JSON.stringify(after?.statuses));
      await rejects(r.delete(fresh()), 'not_found');
    });

    gated('setDs: replaces the DS set; an empty one makes the name unsigned', ['ds', 'create'], async () => {
      const name = fresh();
      await r.create({ name, years: 1, registrant: registrant(11), nameservers: [] });
      await r.setDs(name, [ds(1), ds(2)]);
      let info = (await r.info(name))!;
      assert.deepEqual(info.ds.map((d) => d.keyTag).sort(), [1, 2]);
      assert.equal(info.dnssec, 'signed');
      await r.setDs(name, [ds(2), ds(3)]);
      info = (await r.info(name))!;
      assert.deepEqual(info.ds.map((d) => d.keyTag).sort(), [2, 3]);
      assert.equal(info.ds.find((d) => d.keyTag === 3)!.digest.toLowerCase(), ds(3).digest.toLowerCase());
      await r.setDs(name, []);
      info = (await r.info(name))!;
      assert.deepEqual(info.ds, []);
      assert.equal(info.dnssec, 'unsigned');
    });

    gated('poll: an empty queue has no news', ['poll'], async () => {
      // Drain what earlier cases may have queued (a transfer away tells the other side).
      for (let news = await r.poll(); news; news = await r.poll()) await r.ack(news.id);
      assert.equal(await r.poll(), undefined);
    });
  });
}
