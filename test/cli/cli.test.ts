import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { startServer, type Server } from '../../src/main.js';
import { createInvoice } from '../../src/core/billing/create-invoice.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { freshDatabase, type TestDatabase, TEST_PASSWORD_HASHING } from '../helpers/server.js';

/**
 * The CLI as an operator runs it (its entry, in this process: test/helpers/cli.ts), against the test
 * store (SQLite, or PostgreSQL under TEST_DATABASE_URL); a server on the same store sees what the CLI
 * wrote (and the CLI what the server wrote).
 */
describe('hostplane CLI', () => {
  let dir: string;
  let database: TestDatabase;
  let server: Server;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-cli-'));
    database = await freshDatabase(dir);
    // The CLI runs first, on an empty store: `migrate` creates it.
    assert.equal((await cli('migrate')).code, 0);
    const first = await cli('users', 'create', '--username', 'operator-made', '--password', 'cli password 1', '--json');
    assert.equal(first.code, 0, first.stderr);
    server = await startServer(loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', WEB_PORT: 'off' }), {
      logger: false,
      dns: false,
      // No job worker polling the store beside the CLI in this process (see test/helpers/cli.ts).
      worker: false,
    });
  });
  after(async () => {
    await server?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]): Promise<CliRun> => runCli({ databaseUrl: database.url, env: { DATA_DIR: dir } }, ...args);

  async function http(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(server.url + path, {
      method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await http('POST', '/api/v1/auth', { body: { username, password } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data.token;
  }

  const ctx = () => server.runtime.ctx;

  async function invoiceFor(userId: number, unitCents: number) {
    const c = ctx();
    const user = await c.store.users.findById(userId);
    const recipient = await c.store.contacts.findById(user!.primary_contact_id!);
    return c.store.transaction((tx) =>
      createInvoice(tx, c, { userId, recipient: recipient!, lines: [{ description: 'Webhotelli', qty: 1, unitCents }] }),
    );
  }

  it('help lists every command and exits 0; an unknown command or option exits 2', async () => {
    const help = await cli('help');
    assert.equal(help.code, 0);
    for (const words of ['users create', 'users list', 'invoices list', 'invoices mark-paid', 'tlds list', 'tlds set', 'services add']) {
      assert.ok(help.stdout.includes(`hostplane ${words}`), words);
    }
    assert.equal((await cli('frobnicate')).code, 2);
    const bad = await cli('users', 'list', '--bogus', '--json');
    assert.equal(bad.code, 2);
    assert.equal(typeof bad.json.error.message, 'string', 'errors are one JSON document with --json');
  });

  it('a user created by the CLI logs in over HTTP to a server on the same database', async () => {
    const created = await cli('users', 'create', '--username', 'Matti', '--password', 'correct horse battery',
      '--email', 'matti@example.fi', '--name', 'Matti Meikäläinen', '--json');
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.json.username, 'matti');
    assert.equal(created.json.name, 'Matti Meikäläinen');
    const token = await login('matti', 'correct horse battery');
    const contacts = await http('GET', '/api/v1/contact/contacts', { token });
    assert.equal(contacts.status, 200);
    assert.equal(contacts.body.data[0].name, 'Matti Meikäläinen');
    assert.equal(contacts.body.data[0].email, 'matti@example.fi');

    const first = await login('operator-made', 'cli password 1');
    assert.ok(first, 'the user made before the server started logs in too');

    const again = await cli('users', 'create', '--username', 'matti', '--password', 'another password', '--json');
    assert.equal(again.code, 2);
    assert.deepEqual(Object.keys(again.json.error.fields), ['username']);
    const missing = await cli('users', 'create', '--username', 'nopass');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--password is required/);
  });

  it('users list shows accounts without password hashes, pages with --limit/--offset', async () => {
    const all = await cli('users', 'list', '--json');
    assert.equal(all.code, 0, all.stderr);
    assert.ok(all.json.data.length >= 2);
    assert.equal(all.json.meta.total, all.json.data.length);
    assert.ok(all.json.data.some((u: { username: string }) => u.username === 'matti'));
    assert.ok(!all.stdout.includes('password_hash') && !all.stdout.includes('$argon2'));
    const page = await cli('users', 'list', '--limit', '1', '--offset', '1', '--json');
    assert.deepEqual(page.json.meta, { limit: 1, offset: 1, count: 1, total: all.json.meta.total });
    assert.equal(page.json.data[0].id, all.json.data[1].id);
    const text = await cli('users', 'list');
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^ID\s+USERNAME/);
    assert.equal((await cli('users', 'list', '--limit', '0')).code, 2);
    assert.equal((await cli('users', 'list', '--limit', 'many')).code, 2);
  });

  it('dns refuses to run beside PowerDNS (DNS_PROVIDER=powerdns), whose zones the server publishes', async () => {
    const env = { DATA_DIR: dir, DNS_PROVIDER: 'powerdns', PDNS_API_URL: 'http://127.0.0.1:9', PDNS_API_KEY: 'k' };
    const run = await runCli({ databaseUrl: database.url, env }, 'dns');
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /DNS_PROVIDER is "powerdns": PowerDNS serves the zones/);
  });

  it('tlds list shows the catalogue; tlds set adds and changes TLDs and their prices', async () => {
    const list = await cli('tlds', 'list', '--json');
    assert.equal(list.code, 0, list.stderr);
    const fi = list.json.data.find((t: { tld: string }) => t.tld === 'fi');
    assert.deepEqual(fi.prices[0], { period_months: 12, price: 14.9 });
    assert.equal(fi.on_sale, true);

    // A TLD added without name rules gets the common ccTLD rule (tld-rules.test.ts tests the rules).
    const LDH_RULES = { min_length: 2, max_length: 63, idn_chars: '', idn_scripts: '' };
    const set = await cli('tlds', 'set', '.XYZ', '--price-12', '9,90', '--price-24', '19.80', '--period', '36', '--price', '27', '--json');
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(set.json, {
      tld: 'xyz', on_sale: true,
      prices: [{ period_months: 12, price: 9.9 }, { period_months: 24, price: 19.8 }, { period_months: 36, price: 27 }],
      rules: LDH_RULES, registrant_identity_required: false,
    });
    const changed = await cli('tlds', 'set', 'xyz', '--price-12', '11', '--remove-period', '36', '--off-sale', '--json');
    assert.deepEqual(changed.json, {
      tld: 'xyz', on_sale: false, prices: [{ period_months: 12, price: 11 }, { period_months: 24, price: 19.8 }],
      rules: LDH_RULES, registrant_identity_required: false,
    });
    // The registry's identity rule: .fi's is seeded on; set and lifted per TLD, shown by list.
    assert.equal(fi.registrant_identity_required, true);
    const identity = await cli('tlds', 'set', 'xyz', '--identity-required', '--json');
    assert.equal(identity.json.registrant_identity_required, true);
    assert.equal((await ctx().store.tlds.find('xyz'))?.registrant_identity_required, 1);
    const lifted = await cli('tlds', 'set', 'xyz', '--identity-optional', '--json');
    assert.equal(lifted.json.registrant_identity_required, false);
    const both = await cli('tlds', 'set', 'xyz', '--identity-required', '--identity-optional', '--json');
    assert.equal(both.code, 2);
    assert.deepEqual(Object.keys(both.json.error.fields), ['identity_required']);
    // The server sells by the same catalogue: the store says .xyz is off sale at 11.00 for a year.
    assert.equal((await ctx().store.tlds.find('xyz'))?.on_sale, 0);
    assert.deepEqual((await ctx().store.tlds.prices('xyz'))[0], { tld: 'xyz', period_months: 12, price_cents: 1100 });
    const listed = await cli('tlds', 'list', '--json');
    assert.ok(listed.json.data.some((t: { tld: string; on_sale: boolean }) => t.tld === 'xyz' && !t.on_sale));

    const refused: Array<[string[], string]> = [
      [['tlds', 'set', 'not a tld!', '--price-12', '1'], 'tld'],
      [['tlds', 'set', 'abc', '--price-12', '1.999'], 'price-12'],
      [['tlds', 'set', 'abc'], 'on_sale'], // a new TLD goes on sale and needs a price
      [['tlds', 'set', 'abc', '--period', '3'], 'period'],
      [['tlds', 'set', 'abc', '--price-12', '1', '--on-sale', '--off-sale'], 'on_sale'],
      [['tlds', 'set'], 'tld'],
    ];
    for (const [args, field] of refused) {
      const res = await cli(...args, '--json');
      assert.equal(res.code, 2, `${args.join(' ')}: ${res.stdout}${res.stderr}`);
      assert.deepEqual(Object.keys(res.json.error.fields), [field], args.join(' '));
    }
    assert.equal(await ctx().store.tlds.find('abc'), undefined, 'refused commands added nothing');
    const onSaleEmpty = await cli('tlds', 'set', 'xyz', '--on-sale', '--remove-period', '12', '--remove-period', '24', '--json');
    assert.equal(onSaleEmpty.code, 2);
    assert.deepEqual(Object.keys(onSaleEmpty.json.error.fields), ['on_sale']);
    assert.equal((await ctx().store.tlds.prices('xyz')).length, 2, 'the refused change was rolled back');
    assert.equal((await ctx().store.tlds.find('xyz'))?.on_sale, 0);
    const removeAll = await cli('tlds', 'set', 'xyz', '--remove-period', '12', '--remove-period', '24', '--json');
    assert.equal(removeAll.code, 0, 'an off-sale TLD may lose every price');
    assert.deepEqual(removeAll.json.prices, []);
  });

  it('services add provisions a plan the customer sees over HTTP', async () => {
    await cli('users', 'create', '--username', 'hoster', '--password', 'hoster password', '--json');
    const user = await ctx().store.users.findByUsername('hoster');
    const token = await login('hoster', 'hoster password');
    const domain = await ctx().store.domains.create({
      user_id: user!.id, sld: 'hoster', tld: 'fi', fqdn: 'hoster.fi', fqdn_unicode: 'hoster.fi', status: 'active',
      reg_date: '2026-01-01', exp_date: '2030-01-01', renew: 1, registrant_contact_id: null, billing_contact_id: null,
      nameservers: '[]', created_at: '2026-01-01T00:00:00.000Z', updated_at: null,
    });

    const res = await cli('services', 'add', '--user', 'hoster', '--name', 'Webhotelli Pro', '--price', '9.90',
      '--period', '12', '--domain', 'hoster.fi', '--qty', '2', '--renew', '--json');
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.json.name, 'Webhotelli Pro');
    assert.equal(res.json.domain_id, domain.id);
    assert.equal(res.json.renew, true);
    const byId = await cli('services', 'add', '--user', String(user!.id), '--name', 'Sähköposti', '--price', '0', '--period', '1', '--json');
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(byId.json.renew, false);

    const services = await http('GET', '/api/v1/service/services', { token });
    assert.deepEqual(services.body.data.map((s: { name: string }) => s.name), ['Webhotelli Pro', 'Sähköposti']);
    assert.deepEqual(services.body.data[0].price, { total: 19.8, billing_period_in_months: 12 });
    const forDomain = await http('GET', '/api/v1/domain/domains/hoster.fi/services', { token });
    assert.deepEqual(forDomain.body.data.map((s: { id: number }) => s.id), [res.json.id]);

    // Field-by-field bounds are tested on createService itself (test/api/client/services.test.ts).
    const refused: Array<[string[], string]> = [
      [['--user', 'nobody', '--name', 'x', '--price', '1', '--period', '12'], 'user'],
      [['--user', 'hoster', '--price', '1', '--period', '12'], 'name'],
      [['--user', 'hoster', '--name', 'x', '--price=-1', '--period', '12'], 'price'],
      [['--user', 'hoster', '--name', 'x', '--price', '1', '--period', '121'], 'period'],
      [['--user', 'matti', '--name', 'x', '--price', '1', '--period', '12', '--domain', 'hoster.fi'], 'domain'],
    ];
    for (const [args, field] of refused) {
      const r = await cli('services', 'add', ...args, '--json');
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.deepEqual(Object.keys(r.json.error.fields), [field], args.join(' '));
    }
    const after = await http('GET', '/api/v1/service/services', { token });
    assert.equal(after.body.meta.total, 2, 'refused commands added nothing');
  });

  it('invoices list filters by user and unpaid; mark-paid pays once, and the customer sees it', async () => {
    await cli('users', 'create', '--username', 'payer', '--password', 'payer password', '--json');
    await cli('users', 'create', '--username', 'other', '--password', 'other password', '--json');
    const payer = (await ctx().store.users.findByUsername('payer'))!;
    const other = (await ctx().store.users.findByUsername('other'))!;
    const a = await invoiceFor(payer.id, 1000);
    const b = await invoiceFor(payer.id, 2000);
    const c = await invoiceFor(other.id, 3000);

    const mine = await cli('invoices', 'list', '--user', 'payer', '--json');
    assert.equal(mine.code, 0, mine.stderr);
    assert.deepEqual(mine.json.data.map((i: { id: number }) => i.id), [a.id, b.id]);
    assert.equal(mine.json.data[0].total, 12.55);
    assert.equal(mine.json.data[0].items[0].tax_rate, 25.5);
    const byId = await cli('invoices', 'list', '--user', String(other.id), '--json');
    assert.deepEqual(byId.json.data.map((i: { id: number }) => i.id), [c.id]);
    const everyone = await cli('invoices', 'list', '--json');
    assert.ok([a.id, b.id, c.id].every((id) => everyone.json.data.some((i: { id: number }) => i.id === id)));

    const paid = await cli('invoices', 'mark-paid', String(a.id), '--method', 'card', '--json');
    assert.equal(paid.code, 0, paid.stderr);
    assert.equal(paid.json.id, a.id);
    assert.equal(paid.json.paid, true);
    assert.equal(paid.json.payment_method, 'card');
    const twice = await cli('invoices', 'mark-paid', String(a.id), '--json');
    assert.equal(twice.code, 1);
    assert.equal(twice.json.error.message, 'Invoice is already paid');
    const unknown = await cli('invoices', 'mark-paid', '999999', '--json');
    assert.equal(unknown.code, 1);
    for (const bad of [['abc'], [], [String(b.id), String(c.id)]]) {
      assert.equal((await cli('invoices', 'mark-paid', ...bad, '--json')).code, 2, bad.join(' '));
    }

    const unpaid = await cli('invoices', 'list', '--user', 'payer', '--unpaid', '--json');
    assert.deepEqual(unpaid.json.data.map((i: { id: number }) => i.id), [b.id]);
    assert.deepEqual(unpaid.json.meta, { limit: 100, offset: 0, count: 1, total: 1 });
    const text = await cli('invoices', 'list', '--user', 'payer');
    assert.match(text.stdout, /^ID\s+USER\s+REF/);

    const token = await login('payer', 'payer password');
    const seen = await http('GET', `/api/v1/invoice/invoices/${a.id}`, { token });
    assert.equal(seen.body.data.paid, true);
    assert.equal(seen.body.data.payment_method, 'card');
    assert.equal((await cli('invoices', 'list', '--user', 'ghost', '--json')).code, 2);
  });
});
