import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { startServer, type Server } from '../../src/main.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { freshDatabase, type TestDatabase, TEST_PASSWORD_HASHING } from '../helpers/server.js';
import { REGISTRANT } from '../helpers/fixtures.js';
import { startEppServer, type EppServer } from '../helpers/epp-server/index.js';
import { createServer } from 'node:net';

/** The EPP password the operator keeps in a file: no output of any command may ever contain it. */
const PASSWORD = 'Tosi-Salainen-7';

/**
 * `hostplane registries ...` through the CLI: adding a registry with its files checked, listing it
 * without secrets, the refusals (each with its exit code and message), and removing one, with a server
 * on the same store holding domains under its TLDs.
 */
describe('hostplane registries', () => {
  let dir: string;
  let database: TestDatabase;
  let server: Server;
  /** A registry to test against, where we are `hostplane` with PASSWORD. */
  let epp: EppServer;
  /** Every run's output, to look for the password in at the end. */
  const outputs: string[] = [];
  const cli = async (...args: string[]): Promise<CliRun> => {
    const run = await runCli({ databaseUrl: database.url, env: { DATA_DIR: dir } }, ...args);
    outputs.push(run.stdout, run.stderr);
    return run;
  };
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };
  const files = {} as Record<'password' | 'ca' | 'cert' | 'key' | 'otherKey' | 'expired' | 'expiredKey', string>;
  /** `registries add` with everything right, and `overrides` (undefined leaves an option out). */
  const addArgs = (name: string, overrides: Record<string, string | undefined> = {}): string[] => {
    const options: Record<string, string | undefined> = {
      host: '127.0.0.1', port: '7000', username: 'hostplane', 'password-file': files.password,
      ca: files.ca, cert: files.cert, key: files.key, tlds: 'fi', ...overrides,
    };
    return ['registries', 'add', name, ...Object.entries(options).flatMap(([k, v]) => (v === undefined ? [] : [`--${k}`, v]))];
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-registries-'));
    database = await freshDatabase(dir);
    server = await startServer(
      loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DNS_PORT: 'off', WEB_PORT: 'off' }),
      // No job worker polling the store beside the CLI in this process (see test/helpers/cli.ts).
      { logger: false, dns: false, worker: false },
    );
    epp = await startEppServer({
      registrars: [{ id: 'hostplane', password: PASSWORD }], tlds: ['net', 'org'], requireClientCert: true, serverId: 'Test Registry',
    });
    // A registrar's files as a registry hands them out: its CA, our client certificate and key.
    const pki = join(dir, 'pki');
    mkdirSync(pki);
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki, stdio: 'pipe' });
    for (const key of ['ca.key', 'client.key', 'other.key']) openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key);
    openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Test registry CA', '-days', '2', '-out', 'ca.pem');
    openssl('req', '-new', '-key', 'client.key', '-subj', '/CN=hostplane', '-out', 'client.csr');
    openssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'client.pem');
    // Expired yesterday.
    openssl('x509', '-req', '-in', 'client.csr', '-signkey', 'client.key', '-days', '-1', '-out', 'expired.pem');
    Object.assign(files, {
      password: file('epp-password', `${PASSWORD}\n`),
      ca: join(pki, 'ca.pem'),
      cert: join(pki, 'client.pem'),
      key: join(pki, 'client.key'),
      otherKey: join(pki, 'other.key'),
      expired: join(pki, 'expired.pem'),
      expiredKey: join(pki, 'client.key'),
    });
  });
  after(async () => {
    await epp?.close();
    await server?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('add refuses each mistake with exit code 2 and a message naming it, and adds nothing', async () => {
    const cases: Array<[args: string[], message: RegExp]> = [
      [addArgs('Traficom!'), /"Traficom!" is not a registry name: 1-32 lower-case letters, digits and hyphens/],
      [addArgs('local'), /not "local"/],
      [addArgs('traficom', { host: 'epp traficom' }), /--host "epp traficom" is not a host name or IP address/],
      [addArgs('traficom', { port: '70000' }), /--port must be 1-65535, got 70000/],
      [addArgs('traficom', { port: undefined }), /--port is required/],
      [addArgs('traficom', { username: 'ab' }), /--username is the registrar's EPP login, 3-16 characters/],
      [addArgs('traficom', { tlds: undefined }), /--tlds is required/],
      [addArgs('traficom', { tlds: 'zz' }), /\.zz is not in the catalogue: add it first with `hostplane tlds set zz`/],
      [addArgs('traficom', { tlds: 'fi,-x' }), /"-x" is not a TLD/],
      [addArgs('traficom', { 'password-file': join(dir, 'nowhere') }), new RegExp(`--password-file ${join(dir, 'nowhere')} does not exist`)],
      [addArgs('traficom', { 'password-file': dir }), /is a folder/],
      [addArgs('traficom', { 'password-file': file('short', 'abc\n') }), /an EPP password is 6-16 characters \(RFC 5730\), this one has 3/],
      [addArgs('traficom', { 'password-file': file('two-lines', 'secret-one\nsecret-two\n') }), /must hold the password alone, on one line/],
      [addArgs('traficom', { ca: file('ca-text', 'not a certificate') }), /--ca .* holds no PEM certificate/],
      [addArgs('traficom', { cert: file('cert-text', 'not a certificate') }), /--cert .* is not a PEM certificate/],
      [addArgs('traficom', { key: file('key-text', 'not a key') }), /--key .* is not an unencrypted PEM private key/],
      [addArgs('traficom', { key: files.otherKey }), /--key .*other\.key is not the key of the certificate in .*client\.pem/],
      [addArgs('traficom', { key: undefined }), /--cert and --key go together/],
      [addArgs('traficom', { cert: files.expired, key: files.expiredKey }), /--cert .*expired\.pem expired on/],
      [[...addArgs('traficom'), '--sessions', '17'], /--sessions must be 1-16, got 17/],
      [[...addArgs('traficom'), '--sessions', '0'], /--sessions must be 1-16, got 0/],
      [[...addArgs('traficom'), '--rate', 'fast'], /--rate must be a whole number, got "fast"/],
      [[...addArgs('traficom'), '--contact-roles', 'admin,owner'], /--contact-roles takes admin, tech, billing, got "owner"/],
      [[...addArgs('traficom'), '--port', '700'], /--port is given twice/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
    }
    // Every problem at once: the operator fixes them in one go.
    const many = await cli(...addArgs('Bad Name', { port: '0', tlds: 'zz' }), '--sessions', '99');
    assert.equal(many.code, 2);
    for (const m of [/not a registry name/, /--port must be 1-65535/, /--sessions must be 1-16/, /\.zz is not in the catalogue/]) assert.match(many.stderr, m);
    const json = await cli(...addArgs('traficom', { tlds: 'zz' }), '--json');
    assert.equal(json.code, 2);
    assert.deepEqual(json.json.error.fields.tlds, ['.zz is not in the catalogue: add it first with `hostplane tlds set zz`']);
    const listed = await cli('registries', 'list', '--json');
    assert.deepEqual(listed.json, { data: [] });
  });

  it('add keeps the files\' absolute paths and the settings; list shows them, and TLDs, never a secret', async () => {
    const added = await cli(
      ...addArgs('traficom', { tlds: 'FI,.fi' }), '--sessions', '3', '--rate', '20', '--contact-roles', 'admin,tech', '--json',
    );
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.json.name, 'traficom');
    assert.deepEqual(added.json.tlds, ['fi']);
    const text = await cli('registries', 'list');
    assert.equal(text.code, 0, text.stderr);
    for (const shown of ['traficom  .fi  127.0.0.1:7000  as hostplane', '3 sessions, at most 20 commands/s, name servers as hostObj',
      'contacts: registrant, admin, tech', `password file ${files.password}`, `CA            ${files.ca}`,
      `certificate   ${files.cert}`, `key           ${files.key}`, 'Other TLDs are served by the local registry.']) {
      assert.ok(text.stdout.includes(shown), `"${shown}" in\n${text.stdout}`);
    }

    // A second one, from relative paths, with the defaults: no CA, no client certificate.
    const cwd = process.cwd();
    process.chdir(dir);
    let eurid: CliRun;
    try {
      eurid = await cli('registries', 'add', 'eurid', '--host', 'epp.registry.eu', '--port', '700', '--username', 'a123456',
        '--password-file', 'epp-password', '--tlds', 'eu,be', '--host-attr', '--json');
    } finally {
      process.chdir(cwd);
    }
    assert.equal(eurid.code, 0, eurid.stderr);
    assert.deepEqual(eurid.json.warnings, []);
    // A password file others may read is taken, with a warning.
    const loose = file('loose-password', `${PASSWORD}\n`);
    chmodSync(loose, 0o644);
    const warned = await cli('registries', 'add', 'eurid', '--host', 'epp.registry.eu', '--port', '700', '--username', 'a123456',
      '--password-file', loose, '--tlds', 'eu,be', '--host-attr', '--replace');
    assert.equal(warned.code, 0, warned.stderr);
    assert.ok(warned.stdout.startsWith(`warning: ${loose} may be read by others (mode 644): chmod 600 it\nreplaced the settings of registry eurid:\n`), warned.stdout);
    chmodSync(loose, 0o600);
    const quiet = await cli('registries', 'add', 'eurid', '--host', 'epp.registry.eu', '--port', '700', '--username', 'a123456',
      '--password-file', files.password, '--tlds', 'eu,be', '--host-attr', '--replace', '--json');
    assert.deepEqual([quiet.code, quiet.json.replaced, quiet.json.warnings], [0, true, []]);
    const listed = await cli('registries', 'list', '--json');
    assert.deepEqual(listed.json.data.map((r: any) => ({ ...r, created_at: undefined, updated_at: undefined })), [
      {
        name: 'eurid', tlds: ['be', 'eu'], host: 'epp.registry.eu', port: 700, username: 'a123456', password_file: files.password,
        ca_file: null, cert_file: null, key_file: null, sessions: 2, commands_per_second: 0, nameserver_style: 'hostAttr',
        contact_roles: [], created_at: undefined, updated_at: undefined,
      },
      {
        name: 'traficom', tlds: ['fi'], host: '127.0.0.1', port: 7000, username: 'hostplane', password_file: files.password,
        ca_file: files.ca, cert_file: files.cert, key_file: files.key, sessions: 3, commands_per_second: 20, nameserver_style: 'hostObj',
        contact_roles: ['admin', 'tech'], created_at: undefined, updated_at: undefined,
      },
    ]);
  });

  it('add refuses a TLD another registry serves, and a name in use, with exit code 1', async () => {
    const taken = await cli(...addArgs('ficora', { tlds: 'com,fi' }));
    assert.equal(taken.code, 1, taken.stderr);
    assert.match(taken.stderr, /^error: \.fi is served by the registry traficom already \(one registry per TLD\)/);
    const again = await cli(...addArgs('traficom', { tlds: 'com' }));
    assert.equal(again.code, 1);
    assert.match(again.stderr, /A registry named traficom exists already \(--replace changes its settings\)/);
    // Refused as a whole: .com was not claimed on the way.
    const listed = await cli('registries', 'list', '--json');
    assert.deepEqual(listed.json.data.map((r: any) => r.name), ['eurid', 'traficom']);
    assert.ok(!listed.json.data.some((r: any) => r.tlds.includes('com')));
  });

  it('remove refuses while live domains are under its TLDs, saying how many; --force removes it and the TLDs go back to local', async () => {
    // A customer's .io order from before the registry: its pending domain is live.
    assert.equal((await cli('users', 'create', '--username', 'maija', '--password', 'kahvila-1234', '--email', 'maija@example.fi', '--name', 'Maija')).code, 0);
    const auth = await fetch(`${server.url}/api/v1/auth`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'maija', password: 'kahvila-1234' }),
    });
    const token = ((await auth.json()) as any).data.token;
    for (const domain of ['kahvila.io', 'leipomo.io']) {
      const res = await fetch(`${server.url}/api/v1/domain/domains/purchase`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ domain, years: 1, registrantContact: REGISTRANT }),
      });
      assert.equal(res.status, 200, await res.text());
    }
    assert.equal((await cli(...addArgs('nicio', { tlds: 'io', cert: undefined, key: undefined, ca: undefined }))).code, 0);

    // --replace changes its settings in one step, but does not give up a TLD with live domains.
    const before = (await cli('registries', 'list', '--json')).json.data.find((r: any) => r.name === 'nicio');
    const replaced = await cli(...addArgs('nicio', { tlds: 'io', cert: undefined, key: undefined, ca: undefined }), '--sessions', '4', '--replace', '--json');
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.equal(replaced.json.replaced, true);
    const after = (await cli('registries', 'list', '--json')).json.data.find((r: any) => r.name === 'nicio');
    assert.deepEqual([after.sessions, after.tlds, after.created_at], [4, ['io'], before.created_at]);
    const dropping = await cli(...addArgs('nicio', { tlds: 'org', cert: undefined, key: undefined, ca: undefined }), '--replace');
    assert.equal(dropping.code, 1);
    assert.match(dropping.stderr, /^error: 2 live domains are under \.io, which nicio would no longer serve: keep it in --tlds/);
    const taking = await cli(...addArgs('nicio', { tlds: 'io,fi', cert: undefined, key: undefined, ca: undefined }), '--replace');
    assert.equal(taking.code, 1);
    assert.match(taking.stderr, /\.fi is served by the registry traficom already/);
    assert.deepEqual((await cli('registries', 'list', '--json')).json.data.find((r: any) => r.name === 'nicio').tlds, ['io']);

    const refused = await cli('registries', 'remove', 'nicio');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^error: nicio serves 2 live domains under \.io: removed, they would be looked up at the local registry, which does not hold them\. --force removes it anyway/);
    assert.deepEqual((await cli('registries', 'list', '--json')).json.data.map((r: any) => r.name), ['eurid', 'nicio', 'traficom']);

    const forced = await cli('registries', 'remove', 'nicio', '--force', '--json');
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(forced.json, { name: 'nicio', tlds: ['io'], live_domains: 2 });
    const text = await cli('registries', 'remove', 'eurid');
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, 'removed registry eurid: .be, .eu are served by the local registry now\n');
    assert.deepEqual((await cli('registries', 'list', '--json')).json.data.map((r: any) => r.name), ['traficom']);
    // Its TLDs are free again for another registry.
    assert.equal((await cli(...addArgs('dnsbelgium', { tlds: 'be' }))).code, 0);

    const missing = await cli('registries', 'remove', 'eurid');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No registry named eurid/);
    const usage = await cli('registries', 'remove');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /NAME is required/);
  });

  it('test connects with the files, logs in and out, and prints the greeting\'s server, services and extensions', async () => {
    const [ca, cert, key] = [file('registry-ca.pem', epp.ca), file('registrar.pem', epp.clientCert), file('registrar.key', epp.clientKey)];
    const added = await cli(...addArgs('testreg', { host: epp.host, port: String(epp.port), ca, cert, key, tlds: 'net' }));
    assert.equal(added.code, 0, added.stderr);
    const text = await cli('registries', 'test', 'testreg');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^testreg: connected, logged in and out\nserver      Test Registry \(\d{4}-\d\d-\d\dT/);
    for (const uri of ['urn:ietf:params:xml:ns:domain-1.0', 'urn:ietf:params:xml:ns:host-1.0', 'urn:ietf:params:xml:ns:contact-1.0',
      'urn:ietf:params:xml:ns:rgp-1.0', 'urn:ietf:params:xml:ns:secDNS-1.1']) {
      assert.ok(text.stdout.includes(`\n  ${uri}`), `${uri} in\n${text.stdout}`);
    }
    const json = await cli('registries', 'test', 'testreg', '--json');
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.json.server_id, 'Test Registry');
    assert.deepEqual(json.json.versions, ['1.0']);
    assert.ok(json.json.objects.includes('urn:ietf:params:xml:ns:domain-1.0'));
    assert.ok(json.json.extensions.includes('urn:ietf:params:xml:ns:secDNS-1.1'), JSON.stringify(json.json));
    // It logged in, then out: no session is left open at the registry.
    assert.ok(epp.commands.some((c: any) => c.command === 'login' && c.code === 1000), 'a login was accepted');
    assert.equal(epp.sessionCount('hostplane'), 0);
  });

  it('test of a registry that refuses the login, or does not listen, exits 1 with the reason', async () => {
    const [ca, cert, key] = [join(dir, 'registry-ca.pem'), join(dir, 'registrar.pem'), join(dir, 'registrar.key')];
    const wrong = file('wrong-password', 'Not-The-One-9\n');
    assert.equal((await cli(...addArgs('wrongpw', { host: epp.host, port: String(epp.port), 'password-file': wrong, ca, cert, key, tlds: 'org' }))).code, 0);
    const refused = await cli('registries', 'test', 'wrongpw');
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, new RegExp(`^error: wrongpw \\(${epp.host}:${epp.port}\\): .*(2200|[Aa]uthentication)`), refused.stderr);

    // A port nobody listens on: taken from the system, then let go.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    assert.equal((await cli(...addArgs('nobody', { port: String(closed), ca, cert, key, tlds: 'com' }))).code, 0);
    const down = await cli('registries', 'test', 'nobody', '--json');
    assert.equal(down.code, 1, down.stdout);
    assert.match(down.json.error.message, new RegExp(`^nobody \\(127\\.0\\.0\\.1:${closed}\\): .*(ECONNREFUSED|refused)`), down.stdout);

    const missing = await cli('registries', 'test', 'nosuch');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No registry named nosuch/);
  });

  it('help lists the registries commands; no output ever held the password', async () => {
    const help = await cli('registries', '--help');
    assert.equal(help.code, 0);
    for (const c of ['registries add NAME', 'registries list', 'registries remove NAME', 'registries test NAME']) assert.ok(help.stdout.includes(c), c);
    assert.ok(outputs.length > 60, `${outputs.length} outputs looked at`);
    for (const output of outputs) assert.ok(!output.includes(PASSWORD), `the password in: ${output}`);
  });
});
