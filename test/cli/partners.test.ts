import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { startServer, type Server } from '../../src/main.js';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, type TestDatabase, TEST_PASSWORD_HASHING } from '../helpers/server.js';

/** `hostplane partners ...` through the CLI, with a server on the same store using the keys. */
describe('hostplane partners', () => {
  let dir: string;
  let database: TestDatabase;
  let server: Server;
  const cli = (...args: string[]) => runCli({ databaseUrl: database.url, env: { DATA_DIR: dir } }, ...args);
  const clients = async (key: string) =>
    (await fetch(`${server.url}/clients`, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } })).status;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-partners-'));
    database = await freshDatabase(dir);
    server = await startServer(loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DNS_PORT: 'off', WEB_PORT: 'off' }), {
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

  it('create prints id, api key, client id and secret once; the key and the OAuth credentials work', async () => {
    const run = await cli('partners', 'create', '--name', 'Reseller Oy', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(Object.keys(run.json), ['id', 'api_key', 'client_id', 'client_secret']);
    assert.match(run.json.api_key, /^hpk_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/);
    assert.equal(await clients(run.json.api_key), 200);
    const token = await fetch(`${server.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: run.json.client_id, client_secret: run.json.client_secret, grant_type: 'client_credentials' }),
    });
    const body = (await token.json()) as { access_token: string };
    assert.equal(token.status, 200);
    assert.equal(await clients(body.access_token), 200, 'the access token works as the Bearer key');
    const listed = await cli('partners', 'list', '--json');
    assert.ok(!listed.stdout.includes(run.json.api_key), 'the key is never shown again');
    assert.ok(!listed.stdout.includes(run.json.client_secret), 'nor the client secret');
  });

  it('keys add gives a second key; keys revoke by prefix makes it 401 while the other still works', async () => {
    const created = (await cli('partners', 'create', '--name', 'Rotating Oy', '--json')).json;
    const added = await cli('partners', 'keys', 'add', String(created.id), '--json');
    assert.equal(added.code, 0, added.stderr);
    assert.equal(await clients(added.json.api_key), 200);
    const revoked = await cli('partners', 'keys', 'revoke', added.json.prefix, '--json');
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(await clients(added.json.api_key), 401);
    assert.equal(await clients(created.api_key), 200);
    const again = await cli('partners', 'keys', 'revoke', added.json.prefix);
    assert.notEqual(again.code, 0, 'revoking twice is refused');
  });

  it('refuses bad input with exit code 2 and names the problem', async () => {
    const noName = await cli('partners', 'create', '--json');
    assert.equal(noName.code, 2);
    assert.ok(noName.json.error.fields.name);
    const badId = await cli('partners', 'keys', 'add', 'abc');
    assert.equal(badId.code, 2);
    const unknown = await cli('partners', 'keys', 'revoke', 'hpk_0000000000');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /not found/i);
  });
});
