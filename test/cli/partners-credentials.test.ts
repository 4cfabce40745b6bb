import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { startServer, type Server } from '../../src/main.js';
import { runCli } from '../helpers/cli.js';
import { TEST_PASSWORD_HASHING } from '../helpers/server.js';

/**
 * `hostplane partners secret rotate` and `partners tokens revoke` through the real CLI, with a server
 * on the same SQLite file minting and checking the OAuth tokens; and what `keys revoke` leaves working.
 */
describe('hostplane partners: taking OAuth credentials back', () => {
  let dir: string;
  let databaseUrl: string;
  let server: Server;
  const cli = (...args: string[]) => runCli(databaseUrl, ...args);
  const clients = async (bearer: string) =>
    (await fetch(`${server.url}/clients`, { headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } })).status;
  const token = async (params: Record<string, string>) => {
    const res = await fetch(`${server.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };
  const mint = (clientId: string, clientSecret: string) =>
    token({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  const refresh = (refreshToken: string) => token({ grant_type: 'refresh_token', refresh_token: refreshToken });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-partner-credentials-'));
    databaseUrl = `sqlite:${join(dir, 'hostplane.db')}`;
    server = await startServer(loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DNS_PORT: 'off', WEB_PORT: 'off' }), {
      logger: false,
      dns: false,
    });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('secret rotate prints a new secret once; the old one stops minting and its tokens end; the API key still works', async () => {
    const created = (await cli('partners', 'create', '--name', 'Leaky Oy', '--json')).json;
    const before = await mint(created.client_id, created.client_secret);
    assert.equal(before.status, 200);
    assert.equal(await clients(before.body.access_token!), 200);

    const rotated = await cli('partners', 'secret', 'rotate', String(created.id), '--json');
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.deepEqual(Object.keys(rotated.json), ['id', 'client_id', 'client_secret', 'revoked_tokens']);
    assert.equal(rotated.json.client_id, created.client_id, 'the client id stays');
    assert.notEqual(rotated.json.client_secret, created.client_secret);
    assert.equal(rotated.json.revoked_tokens, 2, 'the access and the refresh token');

    const old = await mint(created.client_id, created.client_secret);
    assert.equal(old.status, 401);
    assert.equal(old.body.error, 'invalid_client');
    assert.equal(await clients(before.body.access_token!), 401, 'the access token minted with the old secret ends');
    const spent = await refresh(before.body.refresh_token!);
    assert.equal(spent.status, 400);
    assert.equal(spent.body.error, 'invalid_grant', 'and so does its refresh token');
    const fresh = await mint(created.client_id, rotated.json.client_secret);
    assert.equal(fresh.status, 200, 'the new secret mints');
    assert.equal(await clients(fresh.body.access_token!), 200);
    assert.equal(await clients(created.api_key), 200, 'API keys are separate credentials');

    const listed = await cli('partners', 'list', '--json');
    assert.ok(!listed.stdout.includes(rotated.json.client_secret), 'the new secret is never shown again');
    const text = await cli('partners', 'secret', 'rotate', String(created.id));
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /client secret: [A-Za-z0-9_-]{43}\n/);
  });

  it('tokens revoke ends every access and refresh token; the secret still mints new ones', async () => {
    const created = (await cli('partners', 'create', '--name', 'Revoking Oy', '--json')).json;
    const a = await mint(created.client_id, created.client_secret);
    const b = await mint(created.client_id, created.client_secret);
    const refreshed = await refresh(b.body.refresh_token!);
    assert.equal(refreshed.status, 200);
    const other = (await cli('partners', 'create', '--name', 'Bystander Oy', '--json')).json;
    const bystander = await mint(other.client_id, other.client_secret);

    const revoked = await cli('partners', 'tokens', 'revoke', String(created.id), '--json');
    assert.equal(revoked.code, 0, revoked.stderr);
    // a's pair, b's access token (its refresh token was spent) and the refreshed pair.
    assert.deepEqual(revoked.json, { id: created.id, revoked_tokens: 5 });
    for (const access of [a.body.access_token!, b.body.access_token!, refreshed.body.access_token!]) assert.equal(await clients(access), 401);
    for (const r of [a.body.refresh_token!, refreshed.body.refresh_token!]) assert.equal((await refresh(r)).body.error, 'invalid_grant');
    assert.equal(await clients(bystander.body.access_token!), 200, 'another partner\'s tokens are untouched');
    const after = await mint(created.client_id, created.client_secret);
    assert.equal(after.status, 200);
    assert.equal(await clients(after.body.access_token!), 200);
    const none = await cli('partners', 'tokens', 'revoke', String(created.id));
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /revoked 2 token/);
  });

  it('keys revoke ends that key only, and says what else stays', async () => {
    const created = (await cli('partners', 'create', '--name', 'Keyed Oy', '--json')).json;
    const run = await cli('partners', 'keys', 'revoke', created.api_key.split('_').slice(0, 2).join('_'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /partners secret rotate \d+/);
    assert.equal(await clients(created.api_key), 401);
    assert.equal((await mint(created.client_id, created.client_secret)).status, 200, 'the OAuth client is a separate credential');
  });

  it('refuses a bad or unknown partner id', async () => {
    for (const words of [['secret', 'rotate'], ['tokens', 'revoke']]) {
      const bad = await cli('partners', ...words, 'abc');
      assert.equal(bad.code, 2, `${words.join(' ')} abc: ${bad.stderr}`);
      const missing = await cli('partners', ...words);
      assert.equal(missing.code, 2);
      const unknown = await cli('partners', ...words, '9999');
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /not found/i);
    }
  });
});
