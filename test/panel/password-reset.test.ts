// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the panel's pages, and the
// store is read here only through core commands the API suites, which run on both stores, drive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { nextResetLink, resetLinks } from '../helpers/reset-links.js';
import { PanelClient } from '../helpers/panel.js';

/**
 * The password reset in the panel: the address form behind "Forgot your password?", the mailed link
 * landing on the panel's page for the new password, and every refusal at its field with nothing
 * changed. The state is read through the real interfaces: the mail folder, the panel's and the client
 * API's logins.
 */
describe('panel: password reset', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const links = (address: string): string[] => resetLinks(t.dir, address);
  const nextLink = (address: string, known: number): Promise<string> => nextResetLink(t.dir, address, known);
  /** The link's path and query, to open in the panel (the link is the server's own PUBLIC_URL). */
  const pathOf = (link: string): string => {
    const url = new URL(link);
    return url.pathname + url.search;
  };
  const tokenOf = (link: string): string => new URL(link).searchParams.get('token')!;
  const apiLogin = async (username: string, password: string): Promise<number> =>
    (await t.request('POST', '/api/v1/auth', { body: { username, password } })).status;
  const panelLogin = async (username: string, password: string): Promise<number> => {
    const b = new PanelClient(t);
    const form = await b.get('/panel/login');
    return (await b.post('/panel/login', { csrf: PanelClient.csrfOf(form.text), username, password })).status;
  };
  /** Asks for a link through the address form; returns the answer to the POST. */
  const ask = async (b: PanelClient, email: string) => {
    const form = await b.get('/panel/password-reset');
    assert.equal(form.status, 200);
    return b.post('/panel/password-reset', { csrf: PanelClient.csrfOf(form.text), email });
  };
  /** The message shown at a field (its `.message` paragraph). */
  const messageAt = (page: string, id: string): string | undefined =>
    new RegExp(`id="${id}-error">([^<]*)<`).exec(page)?.[1];

  test('forgot, mailed link to the panel page, new password set; the old one and earlier sessions end', async () => {
    const user = await t.user({ email: 'unohtaja@example.com' });
    const earlier = new PanelClient(t);
    await earlier.login(user.username, user.password);

    const b = new PanelClient(t);
    const login = await b.get('/panel/login');
    assert.match(login.text, /<a href="\/panel\/password-reset">Forgot your password\?<\/a>/);
    const form = await b.get('/panel/password-reset');
    assert.equal(form.status, 200);
    assert.equal(form.headers.get('cache-control'), 'no-store');
    assert.match(form.text, /<form method="post" action="\/panel\/password-reset"/);

    const sent = await b.post('/panel/password-reset', { csrf: PanelClient.csrfOf(form.text), email: ' Unohtaja@Example.com ' });
    assert.equal(sent.status, 303);
    assert.equal(sent.headers.get('location'), '/panel/password-reset?sent=1');
    const unknown = await ask(new PanelClient(t), 'ei-kukaan@example.com');
    assert.equal(unknown.status, 303);
    assert.equal(unknown.headers.get('location'), sent.headers.get('location'), 'the same answer whether or not an account has the address');
    const notice = await b.get('/panel/password-reset?sent=1');
    assert.match(notice.text, /role="status">If a customer account has this e-mail address, a link for setting a new password was sent to it/);

    const link = await nextLink('unohtaja@example.com', 0);
    assert.equal(link.slice(0, link.indexOf('?')), `${t.url}/panel/password-reset/new`);
    assert.match(tokenOf(link), /^[\w-]{43}$/);
    assert.deepEqual(links('ei-kukaan@example.com'), []);
    const token = tokenOf(link);

    // The link's page: no Referer leaves it, nothing stored, the token only in the hidden field.
    const page = await b.get(pathOf(link));
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('referrer-policy'), 'strict-origin');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.text.split(token).length - 1, 1, 'the token is on the page once');
    assert.ok(page.text.includes(`<input type="hidden" name="token" value="${token}">`));
    assert.match(page.text, /<form method="post" action="\/panel\/password-reset\/new" novalidate>/);
    assert.match(page.text, /href="\/panel\/language\?lang=fi&amp;back=%2Fpanel%2Fpassword-reset%2Fnew"/);
    const csrf = PanelClient.csrfOf(page.text);
    const submit = (form: Record<string, string>) => b.post('/panel/password-reset/new', { csrf, ...form });

    // Refusals at their fields; the password stays and the token stays usable.
    const mismatch = await submit({ token, password: 'uusi salasana 2026', password2: 'uusi salasana 2025' });
    assert.equal(mismatch.status, 400);
    assert.equal(messageAt(mismatch.text, 'password2'), 'The passwords do not match');
    assert.equal(mismatch.headers.get('referrer-policy'), 'strict-origin');
    const weak = await submit({ token, password: 'lyhyt', password2: 'lyhyt' });
    assert.equal(weak.status, 400);
    assert.equal(messageAt(weak.text, 'password'), 'The password must be at least 8 characters');
    assert.match(weak.text, /class="error-summary"[\s\S]*href="#password"/);
    assert.ok(weak.text.includes(`name="token" value="${token}"`), 'the refused form keeps the token');
    const wrong = await submit({ token: `${token.slice(0, -2)}xx`, password: 'uusi salasana 2026', password2: 'uusi salasana 2026' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /<div class="field invalid" id="token" tabindex="-1"><p class="message">The token is invalid or has expired<\/p>/);
    assert.match(wrong.text, /href="#token"/);
    assert.equal(await apiLogin(user.username, user.password), 200, 'nothing changed');

    const fi = new PanelClient(t, 'fi');
    const fiPage = await fi.get(pathOf(link));
    const fiWeak = await fi.post('/panel/password-reset/new', { csrf: PanelClient.csrfOf(fiPage.text), token, password: 'lyhyt', password2: 'lyhyt' });
    assert.equal(fiWeak.status, 400);
    assert.match(fiWeak.text, /<html lang="fi">/);
    assert.equal(messageAt(fiWeak.text, 'password'), 'Salasanassa on oltava vähintään 8 merkkiä');

    const done = await submit({ token, password: 'uusi salasana 2026', password2: 'uusi salasana 2026' });
    assert.equal(done.status, 303, done.text.slice(0, 500));
    assert.equal(done.headers.get('location'), '/panel/login?reset=1');
    const back = await b.get('/panel/login?reset=1');
    assert.match(back.text, /role="status">Your password was changed; log in\.</);

    await new PanelClient(t).login(user.username, 'uusi salasana 2026');
    assert.equal(await apiLogin(user.username, 'uusi salasana 2026'), 200);
    assert.equal(await panelLogin(user.username, user.password), 401, 'the old password is refused by the panel');
    assert.equal(await apiLogin(user.username, user.password), 422, 'and by the client API');
    const ended = await earlier.get('/panel');
    assert.equal(ended.status, 303, 'a panel session from before the reset has ended');

    const reused = await submit({ token, password: 'kolmas salasana 2026', password2: 'kolmas salasana 2026' });
    assert.equal(reused.status, 400);
    assert.match(reused.text, /id="token"[^>]*><p class="message">The token is invalid or has expired</);
    assert.equal(await apiLogin(user.username, 'kolmas salasana 2026'), 422, 'a used link changes nothing');
    assert.equal(await apiLogin(user.username, 'uusi salasana 2026'), 200);

    // Without the token (the language switch comes back so): the page says where the link is.
    const bare = await b.get('/panel/password-reset/new');
    assert.equal(bare.status, 200);
    assert.match(bare.text, /opens from the link in the password reset e-mail/);
    assert.doesNotMatch(bare.text, /name="password"/);
  });

  test('a POST without its CSRF token, or from another origin, is 403 and changes nothing', async () => {
    const user = await t.user({ email: 'csrf-reset@example.com' });
    const b = new PanelClient(t);
    await b.get('/panel/password-reset');
    assert.ok(b.cookies.get('hp_login'), 'the form set its double-submit cookie');
    assert.equal((await b.post('/panel/password-reset', { email: 'csrf-reset@example.com' })).status, 403);
    assert.equal((await b.post('/panel/password-reset', { csrf: 'not-the-cookie', email: 'csrf-reset@example.com' })).status, 403);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(links('csrf-reset@example.com'), [], 'no link was mailed');

    const asked = await ask(b, 'csrf-reset@example.com');
    assert.equal(asked.status, 303);
    const link = await nextLink('csrf-reset@example.com', 0);
    assert.equal(links('csrf-reset@example.com').length, 1, 'one link, for the one request that passed');
    const page = await b.get(pathOf(link));
    const form = { token: tokenOf(link), password: 'uusi salasana 2026', password2: 'uusi salasana 2026' };
    assert.equal((await b.post('/panel/password-reset/new', form)).status, 403);
    const csrf = PanelClient.csrfOf(page.text);
    assert.equal((await new PanelClient(t).post('/panel/password-reset/new', { csrf, ...form })).status, 403, 'the token without its cookie');
    assert.equal((await b.post('/panel/password-reset/new', { csrf, ...form }, { origin: 'https://evil.example' })).status, 403, 'another origin');
    assert.equal((await b.post('/panel/password-reset', { csrf, email: 'csrf-reset@example.com' }, { origin: 'null' })).status, 403, 'Origin null, where the page sends a Referer');
    assert.equal(await apiLogin(user.username, user.password), 200, 'the password stays');
    assert.equal((await b.post('/panel/password-reset/new', { csrf, ...form }, { origin: 'null' })).status, 403, 'Origin null on the link form too');
    assert.equal(await apiLogin(user.username, user.password), 200, 'the password still stays');
    assert.equal((await b.post('/panel/password-reset/new', { csrf, ...form }, { origin: t.url })).status, 303, 'from our own page it works');
    assert.equal(await apiLogin(user.username, 'uusi salasana 2026'), 200);
  });

  test('a logged-in browser posts the forms with its session\'s CSRF token', async () => {
    const user = await t.user({ email: 'kirjautunut@example.com' });
    const b = new PanelClient(t);
    const sessionCsrf = await b.login(user.username, user.password);
    const form = await b.get('/panel/password-reset');
    const fields = [...form.text.matchAll(/name="csrf" value="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(fields, [sessionCsrf, sessionCsrf], 'the logout form and the address form');
    const asked = await b.post('/panel/password-reset', { csrf: sessionCsrf, email: 'kirjautunut@example.com' });
    assert.equal(asked.status, 303);
    await nextLink('kirjautunut@example.com', 0);
  });

  test('an empty address is named at its field; beyond the limit, 429 at the field with Retry-After', async () => {
    const b = new PanelClient(t);
    const empty = await ask(b, '  ');
    assert.equal(empty.status, 400);
    assert.equal(messageAt(empty.text, 'email'), 'Enter your e-mail address');
    for (let i = 0; i < 3; i++) assert.equal((await ask(b, 'kiireinen@example.com')).status, 303);
    const limited = await ask(b, 'kiireinen@example.com');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal(messageAt(limited.text, 'email'), 'Too many password reset requests, try again later');
    assert.match(limited.text, /value="kiireinen@example.com"/);
  });
});
