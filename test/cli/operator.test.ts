import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { startServer, type Server } from '../../src/main.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { freshDatabase, type TestDatabase, TEST_PASSWORD_HASHING } from '../helpers/server.js';
import { REGISTRANT } from '../helpers/fixtures.js';

/**
 * What an operator meets first on the command line: a store that is not there, help, plain argument
 * errors, and the commands for looking at and fixing one account, domain or invoice. Over the test
 * store (SQLite, or PostgreSQL under TEST_DATABASE_URL), with a server on it for what customers see.
 */
describe('hostplane CLI for the operator', () => {
  let dir: string;
  let database: TestDatabase;
  let server: Server;
  const cli = (...args: string[]): Promise<CliRun> => runCli({ databaseUrl: database.url, env: { DATA_DIR: dir } }, ...args);

  async function http(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(server.url + path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    return { status: res.status, body: (await res.json()) as any };
  }
  const login = (username: string, password: string) => http('POST', '/api/v1/auth', { body: { username, password } });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-operator-'));
    database = await freshDatabase(dir);
  });
  after(async () => {
    await server?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a store that does not exist, naming DATABASE_URL, and creates nothing; migrate creates it', async () => {
    const text = await cli('users', 'list');
    assert.equal(text.code, 1, text.stdout);
    assert.ok(text.stderr.includes(`no hostplane store at DATABASE_URL=${database.url.replace(/:[^:@/]*@/, ':***@')}`), text.stderr);
    assert.match(text.stderr, /hint: .*hostplane migrate/);
    const json = await cli('invoices', 'list', '--json');
    assert.equal(json.code, 1);
    assert.match(json.json.error.message, /^no hostplane store at DATABASE_URL=/);
    // Nothing was made on the way: no SQLite file, no JWT secret beside it, no tables in the schema.
    assert.ok(!existsSync(join(dir, 'hostplane.db')), 'no SQLite file');
    assert.ok(!existsSync(join(dir, 'jwt-secret')), 'no JWT secret');
    assert.equal((await cli('users', 'list')).code, 1, 'still refused: the refusal created no tables');

    const made = await cli('migrate', '--json');
    assert.equal(made.code, 0, made.stderr);
    assert.equal(made.json.migrated, true);
    const listed = await cli('users', 'list', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.json.meta.total, 0);
    server = await startServer(
      loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DNS_PORT: 'off', WEB_PORT: 'off' }),
      // No job worker polling the store beside the CLI in this process (see test/helpers/cli.ts).
      { logger: false, dns: false, worker: false },
    );
  });

  it('--help and -h print to stdout and exit 0; an unknown command says so and exits 2', async () => {
    for (const args of [['--help'], ['-h'], ['help'], []]) {
      const run = await cli(...args);
      assert.equal(run.code, 0, args.join(' '));
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /hostplane users create/);
      assert.match(run.stdout, /hostplane domains list/);
    }
    for (const args of [['users', 'create', '--help'], ['users', 'create', '-h'], ['help', 'users', 'create']]) {
      const run = await cli(...args);
      assert.equal(run.code, 0, args.join(' '));
      assert.match(run.stdout, /^hostplane users create --username U --password P/);
      assert.equal(run.stderr, '');
    }
    const group = await cli('users', '--help');
    assert.equal(group.code, 0);
    assert.match(group.stdout, /hostplane users show/);
    assert.doesNotMatch(group.stdout, /hostplane invoices/);

    const unknown = await cli('frobnicate');
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /^error: unknown command "frobnicate": `hostplane help` lists the commands/);
    const unknownInGroup = await cli('users', 'frob', '--json');
    assert.equal(unknownInGroup.code, 2);
    assert.match(unknownInGroup.json.error.message, /^unknown command "users frob": hostplane users takes create, list, show/);
    const bare = await cli('users');
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /^error: hostplane users needs a command: create, list, show/);
  });

  it('argument errors are plain: unknown option, a missing value, a required option', async () => {
    const cases: Array<[string[], string]> = [
      [['users', 'list', '--foo'], 'unknown option --foo'],
      [['users', 'list', '-x'], 'unknown option -x'],
      [['users', 'create', '--username'], '--username needs a value'],
      [['users', 'create', '--username', '--password', 'x'], '--username needs a value'],
      [['users', 'create', '--username', 'somebody'], '--password is required'],
      [['users', 'list', '--json=yes'], '--json takes no value'],
      [['users', 'list', '--limit', '5', '--limit', '6'], '--limit is given twice'],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stderr, `error: ${message}\n`, args.join(' '));
    }
  });

  it('users create prints what it made; users show shows it; invoices list names the user', async () => {
    const created = await cli('users', 'create', '--username', 'Liisa', '--password', 'liisan salasana', '--email', 'liisa@example.fi', '--name', 'Liisa Virtanen');
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^created user \d+: liisa \(Liisa Virtanen, liisa@example.fi, prepaid\)\n$/);
    const shown = await cli('users', 'show', 'liisa', '--json');
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.json.username, 'liisa');
    assert.equal(shown.json.contact.first_name, 'Liisa');
    assert.deepEqual([shown.json.live_domains, shown.json.unpaid_invoices, shown.json.disabled_at], [0, 0, null]);
    assert.ok(!JSON.stringify(shown.json).includes('argon2'), 'no password hash');
    const byId = await cli('users', 'show', String(shown.json.id));
    assert.match(byId.stdout, /^id +\d+\nusername +liisa\n/);
    const missing = await cli('users', 'show', 'nobody');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No user with id or username "nobody"/);
  });

  it('a purchase over HTTP shows in invoices show, then, paid by the CLI, in domains list and show', async () => {
    const token = (await login('liisa', 'liisan salasana')).body.data.token as string;
    const bought = await http('POST', '/api/v1/domain/domains/purchase', {
      token, body: { domain: 'liisan-kahvila.fi', years: 1, registrantContact: REGISTRANT },
    });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    const [invoice] = (await http('GET', '/api/v1/invoice/invoices', { token })).body.data;

    const shown = await cli('invoices', 'show', String(invoice.id), '--json');
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.json.username, 'liisa');
    assert.equal(shown.json.ref_number, String(invoice.ref_number));
    assert.equal(shown.json.paid, false);
    assert.equal(shown.json.items.length, 1);
    // The .fi year at 14.90 with 25.5 % VAT: 3.80 VAT, 18.70 in all.
    assert.deepEqual([shown.json.sub_total, shown.json.vat, shown.json.total], [14.9, 3.8, 18.7]);
    assert.deepEqual([shown.json.items[0].tax_rate, shown.json.items[0].vat], [25.5, 3.8]);
    const text = await cli('invoices', 'show', String(invoice.id));
    assert.match(text.stdout, new RegExp(`reference ${invoice.ref_number}`));
    assert.match(text.stdout, /net 14\.90 {2}VAT 3\.80 {2}total 18\.70 EUR\nunpaid\n$/);
    assert.equal((await cli('invoices', 'show', '999999')).code, 1);
    assert.equal((await cli('invoices', 'show', 'x')).code, 2);

    const listed = await cli('invoices', 'list');
    assert.match(listed.stdout, new RegExp(`^${invoice.id}\\s+liisa\\s+${invoice.ref_number}`, 'm'));

    const pending = await cli('domains', 'list', '--status', 'pending', '--json');
    assert.deepEqual(pending.json.data.map((d: { name: string }) => d.name), ['liisan-kahvila.fi']);
    assert.equal((await cli('invoices', 'mark-paid', String(invoice.id))).code, 0);
    const paid = await cli('invoices', 'show', String(invoice.id), '--json');
    assert.equal(paid.json.paid, true);

    const mine = await cli('domains', 'list', '--user', 'liisa', '--json');
    assert.equal(mine.code, 0, mine.stderr);
    assert.deepEqual(mine.json.data.map((d: { name: string; status: string; username: string }) => [d.name, d.status, d.username]), [
      ['liisan-kahvila.fi', 'active', 'liisa'],
    ]);
    assert.equal((await cli('domains', 'list', '--status', 'pending', '--json')).json.meta.total, 0);
    const table = await cli('domains', 'list');
    assert.match(table.stdout, /^ID\s+NAME\s+USER\s+STATUS\s+EXPIRES\s+RENEW\n\d+\s+liisan-kahvila\.fi\s+liisa\s+active\s+\d{4}-\d\d-\d\d/);
    const domain = await cli('domains', 'show', 'LIISAN-KAHVILA.FI.', '--json');
    assert.equal(domain.code, 0, domain.stderr);
    assert.equal(domain.json.username, 'liisa');
    assert.equal(domain.json.status, 'active');
    assert.deepEqual(domain.json.nameservers, ['ns1.hostplane.test', 'ns2.hostplane.test', 'ns3.hostplane.test']);
    assert.equal(domain.json.registrant.last_name, 'Meikäläinen');
    assert.equal((await cli('domains', 'show', 'ei-ole.fi')).code, 1);
    const badStatus = await cli('domains', 'list', '--status', 'lost', '--json');
    assert.equal(badStatus.code, 2);
    assert.deepEqual(Object.keys(badStatus.json.error.fields), ['status']);
    assert.equal((await cli('users', 'show', 'liisa', '--json')).json.live_domains, 1);
  });

  it('users disable ends logins, tokens and refreshes until users enable', async () => {
    await cli('users', 'create', '--username', 'pekka', '--password', 'pekan salasana');
    const token = (await login('pekka', 'pekan salasana')).body.data.token as string;
    assert.equal((await http('GET', '/api/v1/domain/domains', { token })).status, 200);

    const disabled = await cli('users', 'disable', 'pekka', '--json');
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.match(disabled.json.disabled_at, /^\d{4}-/);
    // Refused as a wrong password is (the client API's 422 "Invalid credentials").
    const refused = await login('pekka', 'pekan salasana');
    assert.deepEqual(refused, { status: 422, body: { error: { status: 422, message: 'Invalid credentials' } } }, 'no login');
    assert.equal((await http('GET', '/api/v1/domain/domains', { token })).status, 401, 'the token made before stops working');
    assert.equal((await http('GET', '/api/v1/auth/refresh', { token })).status, 401, 'nor can it be refreshed');
    assert.match((await cli('users', 'show', 'pekka')).stdout, /state +disabled \d{4}-/);
    const again = await cli('users', 'disable', 'pekka', '--json');
    assert.equal(again.json.disabled_at, disabled.json.disabled_at, 'disabling twice keeps the first time');

    assert.equal((await cli('users', 'enable', 'pekka')).code, 0);
    assert.equal((await login('pekka', 'pekan salasana')).status, 200);
    assert.equal((await http('GET', '/api/v1/domain/domains', { token })).status, 200);
  });

  it('users reset-password sets a generated or a given password; a bad one changes nothing', async () => {
    await cli('users', 'create', '--username', 'sanna', '--password', 'vanha salasana');
    const before = (await login('sanna', 'vanha salasana')).body.data.token;
    const generated = await cli('users', 'reset-password', 'sanna', '--json');
    assert.equal(generated.code, 0, generated.stderr);
    assert.match(generated.json.password, /^[A-Za-z0-9_-]{22}$/);
    assert.equal((await login('sanna', 'vanha salasana')).status, 422, 'the old password is refused');
    assert.equal((await login('sanna', generated.json.password)).status, 200);
    assert.equal((await http('GET', '/api/v1/domain/domains', { token: before })).status, 401, 'a session from before the reset ended');

    const given = await cli('users', 'reset-password', 'sanna', '--password', 'uusi salasana');
    assert.equal(given.code, 0, given.stderr);
    assert.equal(given.stdout, 'password of sanna changed\n', 'a typed password is not echoed');
    const short = await cli('users', 'reset-password', 'sanna', '--password', 'lyhyt', '--json');
    assert.equal(short.code, 2);
    assert.deepEqual(short.json.error.fields, { password: ['The password must be at least 8 characters'] });
    assert.equal((await login('sanna', 'uusi salasana')).status, 200, 'the refused reset changed nothing');
  });

  it('partners list has a header; tlds set refuses periods the APIs do not sell', async () => {
    const empty = await cli('partners', 'list');
    assert.equal(empty.stdout, 'no partners\n');
    await cli('partners', 'create', '--name', 'Reseller Oy');
    const listed = await cli('partners', 'list');
    assert.match(listed.stdout, /^ID\s+NAME\s+CLIENT ID\s+KEY\s+KEY STATE\s+LAST USED\n\d+\s+Reseller Oy\s+\S+\s+hpk_[0-9a-f]{10}\s+active/);

    for (const period of ['3', '6', '13', '132']) {
      const run = await cli('tlds', 'set', 'abc', '--period', period, '--price', '1', '--json');
      assert.equal(run.code, 2, period);
      assert.deepEqual(Object.keys(run.json.error.fields), ['period'], period);
    }
    assert.equal((await cli('tlds', 'list', '--json')).json.data.some((t: { tld: string }) => t.tld === 'abc'), false);
    const years = await cli('tlds', 'set', 'abc', '--period', '60', '--price', '50', '--json');
    assert.equal(years.code, 0, years.stderr);
    assert.deepEqual(years.json.prices, [{ period_months: 60, price: 50 }]);
  });
});
