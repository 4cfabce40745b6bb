import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/config.js';
import { createRuntime, startServer, type Server } from '../../../src/main.js';
import { RegistryError, type Registry } from '../../../src/ports/registry.js';
import { runCli, type CliRun } from '../../helpers/cli.js';
import { freshDatabase, type TestDatabase, TEST_PASSWORD_HASHING } from '../../helpers/server.js';
import { startEppServer, type EppServer } from '../../helpers/epp-server/index.js';
import { REGISTRANT } from '../../helpers/fixtures.js';

/**
 * The registry the whole system uses (providers/registry/registry-router.ts): a server running while
 * the operator adds and removes registries with the CLI sends each name to the registry of its TLD, a
 * test EPP registry here, and the rest to `local`; the client API's availability check shows which
 * answered. REGISTRIES_REFRESH_SECONDS=0, so the server reads the table on each call.
 */
describe('registry router', () => {
  let dir: string;
  let database: TestDatabase;
  let server: Server;
  let epp: EppServer;
  const cli = async (...args: string[]): Promise<CliRun> => {
    const run = await runCli({ databaseUrl: database.url, env: { DATA_DIR: dir } }, ...args);
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
    return run;
  };
  const check = async (name: string) => {
    const res = await fetch(`${server.url}/api/v1/domain/${name}/check`, { headers: { accept: 'application/json' } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const info = async (name: string) => (await check(name)).body.data.info as string;
  /** The domain:checks the EPP registry has answered so far. */
  const eppChecks = () => epp.commands.filter((c) => c.command === 'domain:check').length;
  const registry = (): Registry => server.runtime.ctx.registry;
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text, { mode: 0o600 });
    return join(dir, name);
  };
  const add = (name: string, username: string, passwordFile: string, tlds: string) =>
    cli('registries', 'add', name, '--host', epp.host, '--port', String(epp.port), '--username', username, '--password-file', passwordFile,
      '--ca', join(dir, 'ca.pem'), '--cert', join(dir, 'client.pem'), '--key', join(dir, 'client.key'), '--tlds', tlds);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-router-'));
    database = await freshDatabase(dir);
    epp = await startEppServer({
      registrars: [{ id: 'hostplane', password: 'router-pw-1' }, { id: 'otherreg', password: 'router-pw-2' }],
      tlds: ['fi', 'eu'],
      requireClientCert: true,
    });
    // Another registrar's name: taken at the registry, unknown to the local registry.
    epp.seedDomain({ name: 'varattu.fi', registrar: 'otherreg' });
    file('ca.pem', epp.ca);
    file('client.pem', epp.clientCert);
    file('client.key', epp.clientKey);
    file('hostplane.pw', 'router-pw-1\n');
    file('otherreg.pw', 'router-pw-2\n');
    server = await startServer(
      loadConfig({
        ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent',
        DNS_PORT: 'off', WEB_PORT: 'off', REGISTRIES_REFRESH_SECONDS: '0',
      }),
      // No job worker polling the store beside the CLI in this process (see test/helpers/cli.ts).
      { logger: false, dns: false, worker: false },
    );
  });
  after(async () => {
    await server?.close();
    await epp?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('with no registry configured, every TLD is the local registry\'s', async () => {
    assert.equal(await info('varattu.fi'), 'available');
    assert.equal(eppChecks(), 0);
  });

  it('once the CLI adds a registry for .fi, the running server checks .fi names there, and other TLDs still locally', async () => {
    await add('traficom', 'hostplane', join(dir, 'hostplane.pw'), 'fi');
    assert.equal(await info('varattu.fi'), 'unavailable');
    assert.equal(await info('vapaa.fi'), 'available');
    assert.equal(eppChecks(), 2);
    assert.equal(epp.sessionCount('hostplane'), 1, 'one session, logged in and kept');

    // One label over every TLD on sale: .fi asked at the registry (one domain:check), the rest locally.
    await registry().create({
      name: 'varattu.com', years: 1, nameservers: [],
      registrant: { key: 'contact:1', name: 'M', organization: '', email: 'm@example.fi', phone: '+358.401234567', address: 'Katu 1', zipCode: '20100', city: 'Turku', country: 'FI', identityNumber: '' },
    });
    const all = await check('varattu');
    assert.equal(all.status, 200);
    const byTld = Object.fromEntries(all.body.data.map((a: any) => [a.tld, a.info]));
    assert.equal(byTld.fi, 'unavailable');
    assert.equal(byTld.com, 'unavailable', 'registered at the local registry');
    assert.equal(byTld.net, 'available');
    assert.equal(eppChecks(), 3);
    assert.equal(epp.domains.has('varattu.com'), false, 'the .com name was made locally, not at the EPP registry');
  });

  it('a postpaid purchase of a .fi name through the client API is registered at the EPP registry, its registrant made there once', async () => {
    await cli('users', 'create', '--username', 'ostaja', '--password', 'ostaja-pw-123', '--email', 'ostaja@example.fi', '--name', 'Ostaja', '--postpaid');
    const login = await fetch(`${server.url}/api/v1/auth`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ostaja', password: 'ostaja-pw-123' }),
    });
    const token = ((await login.json()) as any).data.token as string;
    for (const domain of ['ostettu.fi', 'toinen.fi']) {
      const res = await fetch(`${server.url}/api/v1/domain/domains/purchase`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ domain, years: 1, registrantContact: REGISTRANT }),
      });
      assert.equal(res.status, 200, await res.text());
    }
    // This server runs no worker (see above): the fulfilment jobs run here.
    await server.runtime.runner.drain();
    const [first, second] = [epp.domains.get('ostettu.fi'), epp.domains.get('toinen.fi')];
    assert.equal(first?.clID, 'hostplane');
    assert.equal(second?.clID, 'hostplane');
    assert.equal(first.registrant, second.registrant, 'one contact object for the one registrant');
    // The handle is kept in the store's registry_contacts, under this registry's name.
    const row = await server.runtime.ctx.store.registryContacts.findByHandle!('traficom', first.registrant!);
    assert.equal(row?.handle, first.registrant);
    assert.match(row!.contact_key, /^contact:\d+$/);
    assert.equal(await server.runtime.ctx.store.registry.find('ostettu.fi'), undefined, 'nothing registered at the local registry');
    const domains = await fetch(`${server.url}/api/v1/domain/domains`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    const listed = ((await domains.json()) as any).data;
    // Active, with the expiry the registry gave.
    assert.deepEqual(listed.map((d: any) => [d.fqdn, d.status, d.exp_date]), [
      ['ostettu.fi', 'active', first.exDate.toISOString().slice(0, 10)],
      ['toinen.fi', 'active', second.exDate.toISOString().slice(0, 10)],
    ]);
  });

  it('poll goes round the registries with ids naming theirs, and ack goes back to the registry that gave the message', async () => {
    await add('eurid', 'otherreg', join(dir, 'otherreg.pw'), 'eu');
    epp.enqueue('hostplane', { kind: 'text', msg: 'for traficom 1' });
    epp.enqueue('hostplane', { kind: 'text', msg: 'for traficom 2' });
    epp.enqueue('otherreg', { kind: 'text', msg: 'for eurid' });
    const seen: string[] = [];
    for (let news = await registry().poll(); news; news = await registry().poll()) {
      seen.push(`${news.id.split(':')[0]} ${news.text}`);
      assert.match(news.id, /^(traficom|eurid):\S+$/);
      await registry().ack(news.id);
    }
    // eurid's message comes between traficom's two: one busy queue does not keep the others waiting.
    assert.deepEqual(seen, ['eurid for eurid', 'traficom for traficom 1', 'traficom for traficom 2']);
    assert.deepEqual(epp.queue('hostplane'), []);
    assert.deepEqual(epp.queue('otherreg'), []);
    await assert.rejects(registry().ack('nosuch:1'), (err: unknown) => err instanceof RegistryError && err.reason === 'not_found');
  });

  it('a registry whose files went missing answers `unavailable` with the reason, and works again once they are back', async () => {
    const password = join(dir, 'hostplane.pw');
    renameSync(password, `${password}.away`);
    try {
      await assert.rejects(registry().check(['vapaa.fi']), (err: unknown) => {
        assert.ok(err instanceof RegistryError && err.reason === 'unavailable', String(err));
        assert.match(err.message, new RegExp(`^registry traficom: --password-file ${password} does not exist`));
        return true;
      });
      // The registry's old sessions were closed: its files changed.
      await waitFor(() => epp.sessionCount('hostplane') === 0);
      // Names of other registries are still answered, with the missing registry's marked as not answered.
      const mixed = await registry().check(['vapaa.fi', 'vapaa.eu', 'vapaa.net']);
      assert.deepEqual(mixed.map((r) => [r.name, r.available]), [['vapaa.fi', false], ['vapaa.eu', true], ['vapaa.net', true]]);
      assert.match(mixed[0]!.reason!, /^not answered: registry traficom: --password-file/);
    } finally {
      renameSync(`${password}.away`, password);
    }
    assert.deepEqual(await registry().check(['vapaa.fi']), [{ name: 'vapaa.fi', available: true }]);
  });

  it('registries remove closes the registry\'s sessions and gives its TLDs back to local', async () => {
    assert.equal(await info('varattu.fi'), 'unavailable');
    assert.ok(epp.sessionCount('hostplane') > 0);
    // The two names bought above stay at the registry: removing it needs --force.
    const removed = await cli('registries', 'remove', 'traficom', '--force', '--json');
    assert.deepEqual(removed.json, { name: 'traficom', tlds: ['fi'], live_domains: 2 });
    assert.equal(await info('varattu.fi'), 'available', 'the local registry does not hold it');
    await waitFor(() => epp.sessionCount('hostplane') === 0);
    assert.ok(epp.sessionCount('otherreg') > 0, 'eurid, unchanged, keeps its sessions');
  });

  it('with the default refresh, a process reads the table once per 30 s: a registry added meanwhile waits for the next read', async () => {
    const other = await createRuntime(loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, LOG_LEVEL: 'silent' }));
    try {
      assert.deepEqual(await other.ctx.registry.check(['varattu.fi']), [{ name: 'varattu.fi', available: true }]);
      await add('traficom', 'hostplane', join(dir, 'hostplane.pw'), 'fi');
      assert.equal(await info('varattu.fi'), 'unavailable', 'the server, reading on each call, sends it to the registry');
      assert.deepEqual(await other.ctx.registry.check(['varattu.fi']), [{ name: 'varattu.fi', available: true }], 'still the table read before');
    } finally {
      await other.close();
    }
  });

  it('closing the runtime logs every registry out', async () => {
    await server.close();
    await waitFor(() => epp.sessionCount() === 0);
    server = undefined as unknown as Server;
  });
});

async function waitFor(condition: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
