import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { startTestServer, type Response, type TestServer } from '../../helpers/server.js';
import { hashSecret } from '../../../src/core/partners/secrets.js';
import { repoPath } from '../../helpers/paths.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** An RFC 6749 5.2 error answer (with the partner envelope's success and message beside it). */
function assertOAuthError(res: Response, status: number, error: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error, error, JSON.stringify(res.body));
  assert.equal(typeof res.body.error_description, 'string');
  assert.equal(res.body.success, false);
  assert.equal(res.body.message, res.body.error_description);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  if (error === 'invalid_client') assert.match(res.headers.get('www-authenticate') ?? '', /^Basic /);
}

describe('partner API: POST /auth/token', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const clientCredentials = (p: { clientId: string; clientSecret: string }) =>
    t.request('POST', '/auth/token', { body: { client_id: p.clientId, client_secret: p.clientSecret, grant_type: 'client_credentials' } });

  it('gives a Bearer access token and a refresh token for the client credentials, never cached', async () => {
    const p = await t.partner();
    const res = await clientCredentials(p);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['token_type', 'expires_in', 'access_token', 'refresh_token']);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 3600);
    assert.match(res.body.access_token, /^hpat_[0-9a-f]{10}_/);
    assert.match(res.body.refresh_token, /^hprt_[0-9a-f]{10}_/);
    assert.equal(res.headers.get('cache-control'), 'no-store', 'RFC 6749 5.1');
    assert.equal(res.headers.get('pragma'), 'no-cache');
  });

  it('RFC 6749 4.4.2 and 6, verbatim: HTTP Basic client authentication and form-encoded parameters', async () => {
    const p = await t.partner();
    // The RFC's client: s6BhdRkqt3 with the secret gX1fBat3bV, whose Basic header the RFC prints.
    await t.server.runtime.ctx.store.partners.update(p.id, { client_id: 's6BhdRkqt3', client_secret_hash: hashSecret('gX1fBat3bV') });
    const granted = await t.request('POST', '/auth/token', {
      rawBody: 'grant_type=client_credentials',
      headers: { ...FORM, authorization: 'Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW' },
    });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    assert.equal(granted.headers.get('cache-control'), 'no-store');
    assert.equal((await t.request('GET', '/clients', { token: granted.body.access_token })).status, 200);

    const refreshed = await t.request('POST', '/auth/token', {
      rawBody: `grant_type=refresh_token&refresh_token=${granted.body.refresh_token}`,
      headers: { ...FORM, authorization: 'Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW' },
    });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    // 2.3.1's other method: the credentials as body parameters.
    const inBody = await t.request('POST', '/auth/token', {
      rawBody: `grant_type=refresh_token&refresh_token=${refreshed.body.refresh_token}&client_id=s6BhdRkqt3&client_secret=gX1fBat3bV`,
      headers: FORM,
    });
    assert.equal(inBody.status, 200, JSON.stringify(inBody.body));
  });

  it('decodes Basic credentials as 2.3.1 has them: form-encoded, then base64', async () => {
    const p = await t.partner();
    const secret = 'a secret: with + and % and ä';
    await t.server.runtime.ctx.store.partners.update(p.id, { client_secret_hash: hashSecret(secret) });
    const res = await t.request('POST', '/auth/token', { rawBody: 'grant_type=client_credentials', headers: { ...FORM, authorization: basic(p.clientId, secret) } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const plus = `Basic ${Buffer.from(`${p.clientId}:a+secret%3A+with+%2B+and+%25+and+%C3%A4`).toString('base64')}`;
    assert.equal((await t.request('POST', '/auth/token', { rawBody: 'grant_type=client_credentials', headers: { ...FORM, authorization: plus } })).status, 200);
  });

  it('refuses both client authentication methods at once with invalid_request', async () => {
    const p = await t.partner();
    const both = await t.request('POST', '/auth/token', {
      rawBody: `grant_type=client_credentials&client_id=${p.clientId}&client_secret=${p.clientSecret}`,
      headers: { ...FORM, authorization: basic(p.clientId, p.clientSecret) },
    });
    assertOAuthError(both, 400, 'invalid_request');
    assert.match(both.body.error_description, /not both/);
    const otherId = await t.request('POST', '/auth/token', {
      body: { grant_type: 'client_credentials', client_id: 'hpc_0000000000000000' },
      headers: { authorization: basic(p.clientId, p.clientSecret) },
    });
    assertOAuthError(otherId, 400, 'invalid_request');
    const sameId = await t.request('POST', '/auth/token', {
      body: { grant_type: 'client_credentials', client_id: p.clientId },
      headers: { authorization: basic(p.clientId, p.clientSecret) },
    });
    assert.equal(sameId.status, 200, 'a client_id beside Basic naming the same client is allowed');
  });

  it('refuses a wrong secret, an unknown client or a broken Basic header: 401 invalid_client with WWW-Authenticate', async () => {
    const p = await t.partner();
    const wrong = [
      { body: { client_id: p.clientId, client_secret: `${p.clientSecret}x`, grant_type: 'client_credentials' } },
      { body: { client_id: 'hpc_0000000000000000', client_secret: p.clientSecret, grant_type: 'client_credentials' } },
      { rawBody: 'grant_type=client_credentials', headers: { ...FORM, authorization: basic(p.clientId, 'nope') } },
      { rawBody: 'grant_type=client_credentials', headers: { ...FORM, authorization: 'Basic !!!' } },
      { rawBody: 'grant_type=client_credentials', headers: { ...FORM, authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` } },
      { rawBody: 'grant_type=client_credentials', headers: { ...FORM, authorization: `Basic ${Buffer.from(`${p.clientId}:%zz`).toString('base64')}` } },
      { rawBody: 'grant_type=client_credentials', headers: FORM },
    ];
    for (const options of wrong) {
      const res = await t.request('POST', '/auth/token', options);
      assertOAuthError(res, 401, 'invalid_client');
    }
  });

  it('requires grant_type with a plain message, and names an unsupported one', async () => {
    for (const options of [{ body: {} }, { rawBody: '', headers: FORM }, { rawBody: 'client_id=x&client_secret=y', headers: FORM }, {}]) {
      const res = await t.request('POST', '/auth/token', options);
      assertOAuthError(res, 400, 'invalid_request');
      assert.equal(res.body.error_description, 'The grant_type parameter is required: client_credentials or refresh_token.');
    }
    const unknown = await t.request('POST', '/auth/token', { body: { grant_type: 'password', username: 'a', password: 'b' } });
    assertOAuthError(unknown, 400, 'unsupported_grant_type');
    assert.match(unknown.body.error_description, /"password" is not supported/);
  });

  it('answers invalid_request for a missing secret, a parameter sent twice and bodies it cannot read', async () => {
    const p = await t.partner();
    const noSecret = await t.request('POST', '/auth/token', { body: { grant_type: 'client_credentials', client_id: p.clientId } });
    assertOAuthError(noSecret, 400, 'invalid_request');
    assert.deepEqual(Object.keys(noSecret.body.errors), ['client_secret']);
    const twice = await t.request('POST', '/auth/token', { rawBody: 'grant_type=client_credentials&grant_type=refresh_token', headers: FORM });
    assertOAuthError(twice, 400, 'invalid_request');
    assertOAuthError(await t.request('POST', '/auth/token', { rawBody: '{"grant_type": ' }), 400, 'invalid_request');
    assertOAuthError(await t.request('POST', '/auth/token', { body: { grant_type: 'client_credentials', client_id: 7, client_secret: [] } }), 400, 'invalid_request');
    assertOAuthError(await t.request('POST', '/auth/token', { body: [] }), 400, 'invalid_request');
    const noRefresh = await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token' } });
    assertOAuthError(noRefresh, 400, 'invalid_request');
    assert.deepEqual(Object.keys(noRefresh.body.errors), ['refresh_token']);
  });

  it('a refresh token gives a new pair once; a reused one is invalid_grant, not a client error', async () => {
    const p = await t.partner();
    const first = await clientCredentials(p);
    const refreshed = await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token', refresh_token: first.body.refresh_token } });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.headers.get('cache-control'), 'no-store');
    assert.notEqual(refreshed.body.access_token, first.body.access_token);
    const again = await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token', refresh_token: first.body.refresh_token } });
    assertOAuthError(again, 400, 'invalid_grant');
    assert.match(again.body.error_description, /already been used/);
    for (const token of [first.body.access_token, 'hprt_0000000000_' + 'A'.repeat(43), 'tGzv3JOkF0XG5Qx2TlKWIA']) {
      assertOAuthError(await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token', refresh_token: token } }), 400, 'invalid_grant');
    }
  });

  it('a refresh with client credentials needs the right ones and the token\'s own client', async () => {
    const p = await t.partner();
    const other = await t.partner();
    const first = await clientCredentials(p);
    const refresh = (headers: Record<string, string>) =>
      t.request('POST', '/auth/token', { rawBody: `grant_type=refresh_token&refresh_token=${first.body.refresh_token}`, headers: { ...FORM, ...headers } });
    assertOAuthError(await refresh({ authorization: basic(p.clientId, 'wrong') }), 401, 'invalid_client');
    const foreign = await refresh({ authorization: basic(other.clientId, other.clientSecret) });
    assertOAuthError(foreign, 400, 'invalid_grant');
    assert.match(foreign.body.error_description, /another client/);
    assert.equal((await refresh({ authorization: basic(p.clientId, p.clientSecret) })).status, 200, 'the refusals above spent nothing');
  });

  it('an access token works for its hour and not a second longer, used or not', async () => {
    const p = await t.partner();
    const used = (await clientCredentials(p)).body;
    const unused = (await clientCredentials(p)).body;
    assert.equal((await t.request('GET', '/clients', { token: used.access_token })).status, 200);
    t.clock.advance(3600 * 1000 - 1000);
    assert.equal((await t.request('GET', '/clients', { token: used.access_token })).status, 200, 'a second before expiry');
    t.clock.advance(1000);
    for (const token of [used.access_token, unused.access_token]) {
      const res = await t.request('GET', '/clients', { token });
      assert.equal(res.status, 401, 'at expires_in the access token is refused');
      assert.deepEqual(res.body, { success: false, message: 'Unauthenticated.' });
    }
    assert.equal((await t.request('GET', '/clients', { token: p.apiKey })).status, 200, 'the API key does not expire');
  });

  it('a refresh token works for 30 days, then is invalid_grant', async () => {
    const p = await t.partner();
    const early = (await clientCredentials(p)).body;
    const late = (await clientCredentials(p)).body;
    t.clock.advance(30 * 86_400_000 - 1000);
    const inTime = await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token', refresh_token: early.refresh_token } });
    assert.equal(inTime.status, 200, 'a second before its 30 days');
    assert.equal((await t.request('GET', '/clients', { token: inTime.body.access_token })).status, 200);
    t.clock.advance(1000);
    const expired = await t.request('POST', '/auth/token', { body: { grant_type: 'refresh_token', refresh_token: late.refresh_token } });
    assertOAuthError(expired, 400, 'invalid_grant');
    assert.match(expired.body.error_description, /expired/);
  });

  it('is described in the OpenAPI document: both body encodings and the OAuth error answers', async () => {
    const docs = await t.request('GET', '/docs');
    const op = docs.body.paths['/auth/token'].post;
    assert.deepEqual(Object.keys(op.requestBody.content).sort(), ['application/json', 'application/x-www-form-urlencoded']);
    for (const status of ['200', '400', '401']) assert.ok(op.responses[status], status);
    const error = op.responses['401'].content['application/json'].schema;
    assert.ok(error.properties.error && error.properties.error_description, JSON.stringify(error));
  });

  it('unknown paths answer 404 in the partner envelope', async () => {
    const res = await t.request('GET', '/no/such/path');
    assert.equal(res.status, 404);
    assert.deepEqual(res.body, { success: false, message: 'Not found.' });
  });
});

/**
 * Debian's python3-oauthlib, a widely used OAuth 2.0 client library (.ci/run installs it). Without it the
 * test fails, saying what to install, rather than pass having checked nothing.
 */
const PYTHON = '/usr/bin/python3';
function requireOauthlib(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import oauthlib'], { stdio: 'ignore' });
  } catch {
    assert.fail('python3-oauthlib is not installed: apt-get install -y --no-install-recommends python3-oauthlib');
  }
}

describe('partner API: POST /auth/token with a real OAuth client (oauthlib)', () => {
  let t: TestServer;
  before(async () => {
    requireOauthlib();
    t = await startTestServer();
  });
  after(() => t.close());

  it('mints with body and Basic credentials, uses and refreshes the token, and reads each refusal as the RFC names it', async () => {
    const p = await t.partner();
    const script = repoPath('test/helpers/oauthlib-client.py');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(PYTHON, [script, t.url, p.clientId, p.clientSecret], (err, out, errOut) => (err ? reject(new Error(errOut || String(err))) : resolve(out))),
    );
    assert.deepEqual(JSON.parse(stdout), {
      body_credentials: 'ok',
      basic_credentials: 'ok',
      use_access_token: 'ok',
      refresh: 'ok',
      reuse_refresh_token: 'InvalidGrantError',
      wrong_secret: 'InvalidClientError',
      wrong_secret_basic: 'InvalidClientError',
      unsupported_grant: 'UnsupportedGrantTypeError',
    });
  });
});
