import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError, type Registry, type RegistryNews } from '../../../src/ports/registry.js';
import type { EppServer } from '../../helpers/epp-server/index.js';
import { registrant } from './conformance.js';
import { eppRegistry, startRegistry } from './epp-harness.js';

/** What the EPP provider does with the registry's objects beyond the shared conformance suite. */

let seq = 0;
const fresh = (tld: string) => `obj${process.pid}x${++seq}.${tld}`;
const byUs = (server: EppServer, command: string) => server.commands.filter((c) => c.registrar === 'hostplane' && c.command === command).length;

describe('EPP objects', () => {
  let server: EppServer;
  let ours: ReturnType<typeof eppRegistry>;
  let theirs: ReturnType<typeof eppRegistry>;
  before(async () => {
    server = await startRegistry();
    ours = eppRegistry(server, 0);
    theirs = eppRegistry(server, 1);
  });
  after(async () => {
    await ours.registry.close();
    await theirs.registry.close();
    await server.close();
  });

  it('hostObj: hosts inside the name are made with their glue after the domain, then added', async () => {
    const name = fresh('fi');
    const inside = `ns1.${name}`;
    const sent = server.commands.length;
    await assert.rejects(ours.registry.create({ name, years: 1, registrant: registrant(20), nameservers: [inside] }), (e) => e instanceof RegistryError && e.reason === 'policy' && /glue/.test(e.message));
    assert.equal(server.commands.length, sent, 'refused before anything was sent');
    const info = await ours.registry.create({
      name, years: 1, registrant: registrant(20), nameservers: [inside, 'ns.example.net'], glue: { [inside]: ['192.0.2.1', '2001:db8::53'] },
    });
    assert.deepEqual([...info.nameservers].sort(), [inside, 'ns.example.net'].sort());
    assert.deepEqual(server.hosts.get(inside)?.addrs.map((a) => `${a.ip} ${a.addr}`), ['v4 192.0.2.1', 'v6 2001:db8::53']);
    assert.equal(server.hosts.get(inside)?.clID, 'hostplane');
    assert.deepEqual(server.hosts.get('ns.example.net')?.addrs, []);
    // A second inside host through setNameservers, and the outside one dropped.
    await ours.registry.setNameservers(name, [inside, `ns2.${name}`], { [`ns2.${name}`]: ['192.0.2.2'] });
    assert.deepEqual(server.domains.get(name)!.ns.map((n) => n.name).sort(), [inside, `ns2.${name}`]);
    // Deleting the name removes its hosts first (the registry refuses while they exist).
    await ours.registry.delete(name);
    assert.equal(server.hosts.get(inside), undefined);
  });

  it('hostObj: a create cut short before its inside hosts were added is finished by the repeat (still answered exists)', async () => {
    const name = fresh('fi');
    const inside = `ns1.${name}`;
    const req = { name, years: 1, registrant: registrant(26), nameservers: [inside], glue: { [inside]: ['192.0.2.7'] } };
    server.loseNextAnswer('host:create', 'hostplane');
    await assert.rejects(ours.registry.create(req), (e) => e instanceof RegistryError && e.reason === 'unavailable');
    assert.deepEqual(server.domains.get(name)!.ns, [], 'the domain exists without its inside host');
    await assert.rejects(ours.registry.create(req), (e) => e instanceof RegistryError && e.reason === 'exists');
    assert.deepEqual(server.domains.get(name)!.ns.map((n) => n.name), [inside]);
    assert.deepEqual((await ours.registry.info(name))!.nameservers, [inside]);
  });

  it('hostAttr: nameservers go inline, with glue for those inside the registry', async () => {
    const name = fresh('eu');
    const attr = eppRegistry(server, 0, { nameserverStyle: 'hostAttr' }, { contacts: ours.contacts });
    try {
      await attr.registry.create({ name, years: 1, registrant: registrant(21), nameservers: [`ns1.${name}`, 'ns.example.net'], glue: { [`ns1.${name}`]: ['192.0.2.9'] } });
      const ns = server.domains.get(name)!.ns;
      assert.deepEqual(ns.find((n) => n.name === `ns1.${name}`)?.addrs, [{ ip: 'v4', addr: '192.0.2.9' }]);
      assert.ok(ns.some((n) => n.name === 'ns.example.net' && !n.addrs?.length));
      assert.deepEqual([...(await attr.registry.info(name))!.nameservers].sort(), [`ns1.${name}`, 'ns.example.net'].sort());
    } finally {
      await attr.registry.close();
    }
  });

  it('contacts: made once per registrant, reused, updated when changed; identity number and disclose sent', async () => {
    const person = registrant(22, { identityNumber: '131052-308T' });
    const creates = byUs(server, 'contact:create');
    await ours.registry.create({ name: fresh('fi'), years: 1, registrant: person, nameservers: [] });
    await ours.registry.create({ name: fresh('fi'), years: 1, registrant: person, nameservers: [] });
    assert.equal(byUs(server, 'contact:create'), creates + 1);
    const handle = (await ours.contacts.find('testreg-hostplane', person.key))!.handle;
    assert.match(handle, /^[a-z0-9]{3,16}$/);
    const contact = server.contacts.get(handle)!;
    assert.equal(contact.identity, '131052-308T');
    assert.equal(contact.voice, person.phone);
    assert.deepEqual(contact.disclose && { flag: contact.disclose.flag, fields: [...contact.disclose.fields].sort() }, { flag: false, fields: ['addr:int', 'email', 'voice'] });
    // Changed: updated there before the next registration uses it.
    const moved = { ...person, phone: '+358.509876543', city: 'Tampere' };
    const name = fresh('fi');
    await ours.registry.create({ name, years: 1, registrant: moved, nameservers: [] });
    assert.equal(byUs(server, 'contact:create'), creates + 1);
    assert.equal(server.contacts.get(handle)!.voice, '+358.509876543');
    assert.equal(server.domains.get(name)!.registrant, handle);
    assert.deepEqual(server.domains.get(name)!.contacts.map((c) => `${c.type} ${c.id}`).sort(), [`admin ${handle}`, `tech ${handle}`]);
    // syncContact: updates a contact the registry holds, and makes none it does not.
    const updates = byUs(server, 'contact:update');
    await ours.registry.syncContact({ ...moved, email: 'new@example.fi' });
    assert.equal(server.contacts.get(handle)!.email, 'new@example.fi');
    await ours.registry.syncContact({ ...moved, email: 'new@example.fi' });
    assert.equal(byUs(server, 'contact:update'), updates + 1, 'unchanged: nothing sent');
    await ours.registry.syncContact(registrant(999));
    assert.equal(byUs(server, 'contact:create'), creates + 1);
    // info names the registrant as the store knows it, in a process that never used it too.
    const later = eppRegistry(server, 0, {}, { contacts: ours.contacts });
    try {
      assert.deepEqual((await later.registry.info(name))!.registrant, { ...moved, email: 'new@example.fi' });
    } finally {
      await later.registry.close();
    }
  });

  it('contacts: a create whose answer was lost is found again under the same handle, not made twice', async () => {
    const person = registrant(23);
    const creates = byUs(server, 'contact:create');
    server.loseNextAnswer('contact:create', 'hostplane');
    await assert.rejects(ours.registry.create({ name: fresh('fi'), years: 1, registrant: person, nameservers: [] }), (e) => e instanceof RegistryError && e.reason === 'unavailable');
    const name = fresh('fi');
    await ours.registry.create({ name, years: 1, registrant: person, nameservers: [] });
    const handle = (await ours.contacts.find('testreg-hostplane', person.key))!.handle;
    assert.equal(server.domains.get(name)!.registrant, handle);
    assert.equal([...server.contacts.values()].filter((c) => c.email === person.email).length, 1);
    assert.equal(byUs(server, 'contact:create'), creates + 2, 'the second create met its own contact (2302)');
  });

  it('poll: auto-renewals, deletions by the registry and other messages, each acknowledged', async () => {
    for (let n = await ours.registry.poll(); n; n = await ours.registry.poll()) await ours.registry.ack(n.id);
    const name = fresh('fi');
    const created = await ours.registry.create({ name, years: 1, registrant: registrant(24), nameservers: [] });
    server.enqueue('hostplane', { kind: 'autoRenew', name });
    server.enqueue('hostplane', { kind: 'deleted', name });
    server.enqueue('hostplane', { kind: 'text', msg: 'Maintenance on Sunday' });
    const renewed = await ours.registry.poll();
    assert.equal(renewed?.kind, 'renewed');
    assert.equal(renewed?.name, name);
    assert.equal(renewed?.expiresAt?.slice(0, 10), `${Number(created.expiresAt.slice(0, 4)) + 1}${created.expiresAt.slice(4, 10)}`);
    assert.equal(await ours.registry.poll().then((n) => n?.id), renewed!.id, 'not gone until acknowledged');
    await ours.registry.ack(renewed!.id);
    const deleted = await ours.registry.poll();
    assert.deepEqual([deleted?.kind, deleted?.name], ['deleted', name]);
    await ours.registry.ack(deleted!.id);
    const other = await ours.registry.poll();
    assert.deepEqual([other?.kind, other?.text], ['other', 'Maintenance on Sunday']);
    await ours.registry.ack(other!.id);
    assert.equal(await ours.registry.poll(), undefined);
    await assert.rejects(ours.registry.ack('no-such-message'), RegistryError);
  });

  it('restore: a deleted name in redemption comes back (RFC 3915 restore request)', async () => {
    const name = fresh('fi');
    await ours.registry.create({ name, years: 1, registrant: registrant(25), nameservers: [] });
    await ours.registry.delete(name);
    assert.ok((await ours.registry.info(name))!.statuses.includes('redemptionPeriod'));
    await ours.registry.restore(name);
    const info = (await ours.registry.info(name))!;
    assert.ok(!info.statuses.includes('redemptionPeriod'), info.statuses.join(' '));
    await assert.rejects(ours.registry.restore(name), (e) => e instanceof RegistryError && e.reason === 'policy' && e.code === 2304);
  });
});

describe('EPP transfers that wait for the losing registrar', () => {
  let server: EppServer;
  let ours: ReturnType<typeof eppRegistry>;
  let theirs: ReturnType<typeof eppRegistry>;
  before(async () => {
    server = await startRegistry({ transferMode: 'pending' });
    ours = eppRegistry(server, 0);
    theirs = eppRegistry(server, 1);
  });
  after(async () => {
    await ours.registry.close();
    await theirs.registry.close();
    await server.close();
  });

  /** The first news about `name`, acknowledging it and what came before (the other party's copies of earlier events). */
  async function newsFor(registry: Registry, name: string): Promise<RegistryNews | undefined> {
    for (let n = await registry.poll(); n; n = await registry.poll()) {
      await registry.ack(n.id);
      if (n.name === name) return n;
    }
    return undefined;
  }

  async function pendingTransfer() {
    const name = fresh('test');
    const created = await theirs.registry.create({ name, years: 1, registrant: registrant(30), nameservers: [] });
    await theirs.registry.setAuthCode(name, 'Pending-Code-1');
    assert.deepEqual(await ours.registry.transfer({ name, authCode: 'Pending-Code-1', registrant: registrant(31) }), { state: 'pending' });
    assert.ok((await ours.registry.info(name))!.statuses.includes('pendingTransfer'));
    const asked = await newsFor(theirs.registry, name);
    assert.equal(asked?.kind, 'transfer_requested_away');
    return { name, created };
  }

  it('approved by the losing side: news of it for both, and the name is ours', async () => {
    const { name, created } = await pendingTransfer();
    await theirs.registry.settleTransfer(name, 'approve');
    const news = await newsFor(ours.registry, name);
    assert.equal(news?.kind, 'transfer_approved');
    assert.equal(news?.expiresAt?.slice(0, 10), `${Number(created.expiresAt.slice(0, 4)) + 1}${created.expiresAt.slice(4, 10)}`);
    assert.equal((await newsFor(theirs.registry, name))?.kind, 'transferred_away');
    assert.equal((await ours.registry.info(name))!.ours, true);
  });

  it('rejected by the losing side, or cancelled by us: news of it, and the name stays theirs', async () => {
    const rejected = await pendingTransfer();
    await theirs.registry.settleTransfer(rejected.name, 'reject');
    assert.equal((await newsFor(ours.registry, rejected.name))?.kind, 'transfer_rejected');
    const cancelled = await pendingTransfer();
    await assert.rejects(theirs.registry.settleTransfer(cancelled.name, 'cancel'), (e) => e instanceof RegistryError && e.reason === 'not_sponsor');
    await ours.registry.settleTransfer(cancelled.name, 'cancel');
    assert.equal((await newsFor(ours.registry, cancelled.name))?.kind, 'transfer_cancelled');
    assert.equal((await ours.registry.info(cancelled.name))!.ours, false);
    assert.equal((await ours.registry.info(rejected.name))!.ours, false);
  });
});
