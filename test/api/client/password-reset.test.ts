import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { nextResetLink, resetLinks } from '../../helpers/reset-links.js';

/**
 * The password reset pair (additions beyond the client API document): a link mailed to the account's
 * address (the mail folder, the default without SMTP_URL), single use, one hour, setting a password
 * under the usual rules and ending every earlier session.
 */
describe('client API: password reset', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: { PUBLIC_URL: 'https://asiakas.hostplane.test/' } });
  });
  after(() => t.close());

  const links = (address: string): string[] => resetLinks(t.dir, address);
  const nextLink = (address: string, known: number): Promise<string> => nextResetLink(t.dir, address, known);
  const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
  const ask = (email: string) => t.request('POST', '/api/v1/auth/password-reset', { body: { email } });
  const confirm = (token: string, password: string) => t.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password } });
  const login = (username: string, password: string) => t.request('POST', '/api/v1/auth', { body: { username, password } });
  const me = (token: string) => t.request('GET', '/api/v1/contact/contacts', { token });

  it('mails a link, sets the password with it once, and ends the earlier sessions; another account is untouched', async () => {
    const user = await t.user({ email: 'unohdin@example.com' });
    const other = await t.user({ email: 'muistan@example.com' });
    const refreshable = await login(user.username, user.password);

    const known = await ask('Unohdin@Example.com');
    const unknown = await ask('ei-ketaan@example.com');
    assert.equal(known.status, 200);
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.body, known.body, 'the same answer whether or not an account has the address');
    const link = await nextLink('unohdin@example.com', 0);
    assert.match(link, /^https:\/\/asiakas\.hostplane\.test\/panel\/password-reset\/new\?token=[\w-]{43}$/);
    assert.deepEqual(links('ei-ketaan@example.com'), []);

    // A bad password is named per field, and leaves the token usable.
    const weak = await confirm(tokenOf(link), 'lyhyt');
    assert.equal(weak.status, 422);
    assert.deepEqual(Object.keys(weak.body.error.context), ['password']);

    const done = await confirm(tokenOf(link), 'uusi salasana 2026');
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal((await login(user.username, user.password)).status, 422, 'the old password is gone');
    const fresh = await login(user.username, 'uusi salasana 2026');
    assert.equal(fresh.status, 200);
    assert.equal((await me(fresh.body.data.token)).status, 200);
    assert.equal((await me(user.token)).status, 401, 'a token from before the reset is ended');
    const refreshed = await t.request('GET', '/api/v1/auth/refresh', { token: refreshable.body.data.token });
    assert.equal(refreshed.status, 401, 'nor can it be refreshed');

    const again = await confirm(tokenOf(link), 'kolmas salasana 2026');
    assert.equal(again.status, 422, 'single use');
    assert.deepEqual(Object.keys(again.body.error.context), ['token']);
    assert.equal((await login(user.username, 'uusi salasana 2026')).status, 200);

    assert.equal((await me(other.token)).status, 200, 'another account keeps its session');
    assert.equal((await login(other.username, other.password)).status, 200, 'and its password');

    const events = await t.request('GET', '/api/v1/events?type=account.password_reset', { token: fresh.body.data.token });
    assert.equal(events.status, 200, JSON.stringify(events.body));
    assert.equal(events.body.data.length, 1);
    assert.deepEqual(events.body.data[0].data, { by: 'link' });
  });

  it('a link past its hour does not work; an unknown token is the same answer', async () => {
    const user = await t.user({ email: 'myohassa@example.com' });
    assert.equal((await ask('myohassa@example.com')).status, 200);
    const link = await nextLink('myohassa@example.com', 0);
    t.clock.advance(60 * 60_000 + 1000);
    const late = await confirm(tokenOf(link), 'uusi salasana 2026');
    assert.equal(late.status, 422);
    const made = await confirm('keksitty-token', 'uusi salasana 2026');
    assert.deepEqual(made.body, late.body);
    assert.equal((await login(user.username, user.password)).status, 200, 'the password stays');
  });

  it('requests are limited per address, known or not', async () => {
    await t.user({ email: 'kiire@example.com' });
    for (const email of ['kiire@example.com', 'ei-tunnettu@example.com']) {
      for (let i = 0; i < 3; i++) assert.equal((await ask(email)).status, 200);
      const limited = await ask(email);
      assert.equal(limited.status, 429, JSON.stringify(limited.body));
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    }
    // Without an address: the field is named.
    const empty = await t.request('POST', '/api/v1/auth/password-reset', { body: {} });
    assert.equal(empty.status, 422);
    assert.deepEqual(Object.keys(empty.body.error.context), ['email']);
  });
});
