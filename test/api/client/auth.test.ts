import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { startTestServer, type TestServer } from '../../helpers/server.js';

describe('client API: authentication', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('POST /api/v1/auth answers the documented token shape', async () => {
    const u = await t.user({ username: 'matti', password: 'cupiditate-secret' });
    const res = await t.request('POST', '/api/v1/auth', { body: { username: 'matti', password: 'cupiditate-secret' } });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['message', 'data']);
    assert.equal(res.body.message, '');
    assert.deepEqual(Object.keys(res.body.data), ['token', 'token_type', 'expires_in']);
    assert.equal(res.body.data.token_type, 'bearer');
    assert.equal(res.body.data.expires_in, 86400);
    assert.match(res.body.data.token, /^eyJ/);
    const contacts = await t.request('GET', '/api/v1/contact/contacts', { token: res.body.data.token });
    assert.notEqual(contacts.status, 401, 'the token authenticates');
    assert.ok(u.id > 0);
  });

  it('answers 422 with per-field context when username and password are missing', async () => {
    const res = await t.request('POST', '/api/v1/auth', { body: {} });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body, {
      error: {
        status: 422,
        message: 'The given data was invalid.',
        context: { username: ['The username is required'], password: ['The password is required'] },
      },
    });
  });

  it('answers 422 "Invalid credentials" for a wrong password and an unknown user alike', async () => {
    await t.user({ username: 'wrongpw', password: 'right password' });
    for (const body of [{ username: 'wrongpw', password: 'wrong password' }, { username: 'nobody', password: 'whatever1' }]) {
      const res = await t.request('POST', '/api/v1/auth', { body });
      assert.equal(res.status, 422);
      assert.deepEqual(res.body, { error: { status: 422, message: 'Invalid credentials' } });
    }
  });

  it('answers 400 for malformed JSON and 422 for wrong types, in the envelope', async () => {
    const bad = await t.request('POST', '/api/v1/auth', { rawBody: '{"username": ' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.status, 400);
    const typed = await t.request('POST', '/api/v1/auth', { body: { username: ['x'], password: { a: 1 } } });
    assert.equal(typed.status, 422);
    assert.deepEqual(Object.keys(typed.body.error.context).sort(), ['password', 'username']);
  });

  it('after 5 failed logins within 15 minutes answers 429 with Retry-After, even for the right password', async () => {
    await t.user({ username: 'brute', password: 'the real password' });
    for (let i = 0; i < 5; i++) {
      const res = await t.request('POST', '/api/v1/auth', { body: { username: 'brute', password: `guess-${i}` } });
      assert.equal(res.status, 422);
    }
    const locked = await t.request('POST', '/api/v1/auth', { body: { username: 'brute', password: 'the real password' } });
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error.status, 429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);

    t.clock.advance(15 * 60 * 1000 + 1000);
    const again = await t.request('POST', '/api/v1/auth', { body: { username: 'brute', password: 'the real password' } });
    assert.equal(again.status, 200);
  });

  it('refresh gives a new token and the old one stops working, for requests and for a second refresh', async () => {
    const u = await t.user();
    t.clock.advance(1000);
    const res = await t.request('GET', '/api/v1/auth/refresh', { token: u.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.token_type, 'bearer');
    assert.notEqual(res.body.data.token, u.token);
    const old = await t.request('GET', '/api/v1/contact/contacts', { token: u.token });
    assert.equal(old.status, 401);
    const twice = await t.request('GET', '/api/v1/auth/refresh', { token: u.token });
    assert.equal(twice.status, 401);
    const fresh = await t.request('GET', '/api/v1/contact/contacts', { token: res.body.data.token });
    assert.notEqual(fresh.status, 401);
  });

  it('an expired token is refused for requests but refreshable for 14 days, then "Expired Access token"', async () => {
    const u = await t.user();
    // Used while valid first: a token verified once must still expire (the verified-token cache).
    assert.equal((await t.request('GET', '/api/v1/contact/contacts', { token: u.token })).status, 200);
    t.clock.advance(86_400_000 + 1000);
    const expired = await t.request('GET', '/api/v1/contact/contacts', { token: u.token });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.message, 'Expired Access token');
    const refreshed = await t.request('GET', '/api/v1/auth/refresh', { token: u.token });
    assert.equal(refreshed.status, 200);
    assert.equal((await t.request('GET', '/api/v1/contact/contacts', { token: refreshed.body.data.token })).status, 200);

    t.clock.advance(15 * 86_400_000);
    const tooLate = await t.request('GET', '/api/v1/auth/refresh', { token: refreshed.body.data.token });
    assert.equal(tooLate.status, 401);
    assert.deepEqual(tooLate.body, { error: { status: 401, message: 'Expired Access token' } });
  });

  it('refresh without a token answers 401 "Access token error"', async () => {
    const res = await t.request('GET', '/api/v1/auth/refresh');
    assert.deepEqual(res.body, { error: { status: 401, message: 'Access token error' } });
  });

  it('refuses tokens with a bad signature, another algorithm, or none', async () => {
    const u = await t.user();
    const [h, p] = u.token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    const hs512 = await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject(String(u.id)).setJti('x')
      .setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(64)));
    for (const token of [forged, none, hs512, 'not-a-jwt']) {
      const res = await t.request('GET', '/api/v1/contact/contacts', { token });
      assert.equal(res.status, 401, token);
      assert.deepEqual(res.body, { error: { status: 401, message: 'Unauthorized request' } });
    }
    const missing = await t.request('GET', '/api/v1/contact/contacts');
    assert.deepEqual(missing.body, { error: { status: 401, message: 'Unauthorized request' } });
  });

  it('reads the token subject in canonical decimal only: "1.0", " 1", "0x1" and the like are not user 1', async () => {
    const u = await t.user();
    const key = t.server.runtime.ctx.settings.jwtSecret;
    const signed = (sub: string) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setJti(randomUUID())
        .setIssuedAt(Math.floor(t.clock.now().getTime() / 1000)).setExpirationTime(Math.floor(t.clock.now().getTime() / 1000) + 3600).sign(key);
    const canonical = await t.request('GET', '/api/v1/contact/contacts', { token: await signed(String(u.id)) });
    assert.equal(canonical.status, 200, 'a token signed with the real secret and the canonical subject works');
    const id = u.id;
    for (const sub of [`${id}.0`, ` ${id}`, `${id} `, `0x${id.toString(16)}`, `0${id}`, `+${id}`, `${id}e0`, `0b${id.toString(2)}`, '0', '-1']) {
      const res = await t.request('GET', '/api/v1/contact/contacts', { token: await signed(sub) });
      assert.equal(res.status, 401, JSON.stringify(sub));
      assert.deepEqual(res.body, { error: { status: 401, message: 'Unauthorized request' } });
      const refresh = await t.request('GET', '/api/v1/auth/refresh', { token: await signed(sub) });
      assert.equal(refresh.status, 401, `refresh with ${JSON.stringify(sub)}`);
    }
  });

  it('GET /health answers 200 and GET /docs serves OpenAPI 3.1', async () => {
    const health = await t.request('GET', '/health');
    assert.equal(health.status, 200);
    const docs = await t.request('GET', '/docs');
    assert.equal(docs.status, 200);
    assert.equal(docs.body.openapi, '3.1.0');
    assert.ok(docs.body.paths['/api/v1/auth']);
  });
});
