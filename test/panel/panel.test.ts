import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase, identifiedClient } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { PanelClient, partnerPerson } from '../helpers/panel.js';

/**
 * The panel over HTTP: sessions, CSRF, headers, escaping, cross-account reach, language, error pages.
 * One server for the file; each test makes the accounts it needs.
 */
describe('panel over HTTP', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => t.close());

  test('pages carry the CSP and security headers, <html lang> follows Accept-Language', async () => {
    const en = await new PanelClient(t, 'en-GB,en;q=0.9').get('/panel/login');
    assert.equal(en.status, 200);
    assert.match(en.headers.get('content-type')!, /^text\/html/);
    assert.equal(en.headers.get('content-security-policy'), "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    assert.equal(en.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(en.headers.get('x-frame-options'), 'DENY');
    assert.match(en.text, /<html lang="en">/);
    assert.doesNotMatch(en.text, /<script|style=/);
    const fi = await new PanelClient(t, 'sv;q=1, fi-FI;q=0.8, en;q=0.5').get('/panel/login');
    assert.match(fi.text, /<html lang="fi">/);
    assert.match(fi.text, /Kirjaudu sisään/);
    const css = await new PanelClient(t).get('/panel/panel.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type')!, /^text\/css/);
  });

  test('a customer logs in, sees the start page, the domain list and a domain; cookies are HttpOnly, Lax, /panel', async () => {
    const u = await t.user({ postpaid: true });
    await purchase(t, u.token, 'panel-start.fi');
    const other = await t.user();
    await purchase(t, other.token, 'panel-unpaid.fi'); // prepaid: an unpaid invoice
    const b = new PanelClient(t);
    const form = await b.get('/panel/login');
    const res = await b.post('/panel/login', { csrf: PanelClient.csrfOf(form.text), username: u.username, password: u.password });
    assert.equal(res.status, 303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hp_session='))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.match(cookie, /Path=\/panel/);
    assert.doesNotMatch(cookie, /Secure/i, 'plain HTTP: not Secure');
    assert.equal(cookie.split(';')[0]!.slice('hp_session='.length).length, 43, '32 random bytes, base64url');

    const start = await b.get('/panel');
    assert.equal(start.status, 200);
    assert.doesNotMatch(start.text, /panel-start\.fi/, 'a year away is not expiring soon');
    t.clock.advance(330 * 86_400_000);
    try {
      const soon = new PanelClient(t);
      await soon.login(u.username, u.password);
      assert.match((await soon.get('/panel')).text, /panel-start\.fi/, 'within 60 days of expiry it is listed');
    } finally {
      t.clock.advance(-330 * 86_400_000);
    }

    const list = await b.get('/panel/domains');
    assert.match(list.text, /href="\/panel\/domains\/panel-start\.fi"/);
    const domain = await b.get('/panel/domains/panel-start.fi');
    assert.equal(domain.status, 200);
    assert.match(domain.text, /<h1>panel-start\.fi<\/h1>/);
    assert.match(domain.text, /ns1\.hostplane\.test/);

    // The other customer's unpaid invoice is on their start page, and their domain is not reachable from this one.
    assert.equal((await b.get('/panel/domains/panel-unpaid.fi')).status, 404, "another customer's domain is not found");
    assert.equal((await b.get('/panel/domains/no-such-domain.fi')).status, 404);
    const o = new PanelClient(t);
    await o.login(other.username, other.password);
    const otherStart = await o.get('/panel');
    assert.match(otherStart.text, /Unpaid invoices[\s\S]*<td>[0-9]+<\/td>/);
    assert.equal((await o.get('/panel/domains/panel-start.fi')).status, 404);
  });

  test('the domain list searches and pages in the store', async () => {
    const u = await t.user({ postpaid: true });
    for (let i = 0; i < 27; i++) await purchase(t, u.token, `pager-${String(i).padStart(2, '0')}.fi`);
    await purchase(t, u.token, 'needle-x.fi');
    const b = new PanelClient(t);
    await b.login(u.username, u.password);
    const first = await b.get('/panel/domains');
    assert.match(first.text, /28 domains/);
    assert.match(first.text, /Page 1 of 2/);
    assert.equal((first.text.match(/<tr><td><a /g) ?? []).length, 25);
    const second = await b.get('/panel/domains?page=2');
    assert.equal((second.text.match(/<tr><td><a /g) ?? []).length, 3);
    const found = await b.get('/panel/domains?q=NEEDLE');
    assert.match(found.text, /1 domains/);
    assert.match(found.text, /needle-x\.fi/);
    const none = await b.get('/panel/domains?q=%25');
    assert.match(none.text, /No domain matches “%”/, 'a % is searched for as itself');
  });

  test('values are escaped: a client named <script> shows as text on the partner page', async () => {
    const p = await t.partner();
    const person = await partnerPerson(t, p.id, `people-${p.id}@partner.example`);
    await identifiedClient(t, p.apiKey, { firstname: '<script>alert(1)</script>' });
    const b = new PanelClient(t);
    await b.login(person.email, person.password);
    const page = await b.get('/panel');
    assert.equal(page.status, 200);
    assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(page.text, /<script>/);
  });

  test("a partner sees its own clients only, and no customer page", async () => {
    const a = await t.partner();
    const bp = await t.partner();
    const personA = await partnerPerson(t, a.id, `a-${a.id}@partner.example`);
    await identifiedClient(t, a.apiKey, { firstname: 'Asiakas-of-A' });
    await identifiedClient(t, bp.apiKey, { firstname: 'Asiakas-of-B' });
    const b = new PanelClient(t);
    await b.login(personA.email, personA.password);
    const page = await b.get('/panel');
    assert.match(page.text, /Asiakas-of-A/);
    assert.doesNotMatch(page.text, /Asiakas-of-B/);
    assert.equal((await b.get('/panel/domains')).status, 404, 'a partner has no customer pages');
  });

  test('CSRF: a POST without the token, with a wrong one or from another origin is 403 and changes nothing', async () => {
    const u = await t.user();
    const b = new PanelClient(t);
    const csrf = await b.login(u.username, u.password);
    const noToken = await b.post('/panel/logout', {});
    assert.equal(noToken.status, 403);
    assert.match(noToken.text, /This form has expired/);
    assert.equal((await b.post('/panel/logout', { csrf: 'x'.repeat(43) })).status, 403);
    assert.equal((await b.post('/panel/logout', { csrf }, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await b.get('/panel')).status, 200, 'still logged in');
    // The login form itself: its token is the login cookie's.
    const fresh = new PanelClient(t);
    await fresh.get('/panel/login');
    const forged = await fresh.post('/panel/login', { csrf: 'forged', username: u.username, password: u.password });
    assert.equal(forged.status, 403);
    assert.equal(fresh.cookies.has('hp_session'), false);
  });

  test('logout ends the session in the store: the old cookie no longer works', async () => {
    const u = await t.user();
    const b = new PanelClient(t);
    const csrf = await b.login(u.username, u.password);
    const token = b.cookies.get('hp_session')!;
    const out = await b.post('/panel/logout', { csrf }, { origin: t.url });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/panel/login?out=1');
    const replay = new PanelClient(t);
    replay.cookies.set('hp_session', token);
    const res = await replay.get('/panel');
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/panel/login');
  });

  test('wrong passwords are refused by the client API rules, and the lockout is shared with the API', async () => {
    const u = await t.user();
    const b = new PanelClient(t);
    const form = await b.get('/panel/login');
    const csrf = PanelClient.csrfOf(form.text);
    const empty = await b.post('/panel/login', { csrf, username: '', password: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /href="#username"/);
    assert.match(empty.text, /aria-invalid="true"/);
    for (let i = 0; i < 5; i++) assert.equal((await b.post('/panel/login', { csrf, username: u.username, password: 'wrong password' })).status, 401);
    const locked = await b.post('/panel/login', { csrf, username: u.username, password: u.password });
    assert.equal(locked.status, 429);
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
    const api = await t.request('POST', '/api/v1/auth', { body: { username: u.username, password: u.password } });
    assert.equal(api.status, 429, 'the same failures count for the API');
  });

  test("a disabled customer's session stops working; idle sessions end", async () => {
    const u = await t.user();
    const b = new PanelClient(t);
    await b.login(u.username, u.password);
    const run = await runCli(t.databaseUrl, 'users', 'disable', String(u.id));
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await b.get('/panel')).status, 303);

    const v = await t.user();
    const c = new PanelClient(t);
    await c.login(v.username, v.password);
    t.clock.advance(59 * 60_000);
    assert.equal((await c.get('/panel')).status, 200, 'within the idle timeout');
    t.clock.advance(59 * 60_000);
    assert.equal((await c.get('/panel')).status, 200, 'the previous request moved the idle clock');
    t.clock.advance(61 * 60_000);
    assert.equal((await c.get('/panel')).status, 303, 'idle for over an hour');
  });

  test('the language switch sets a cookie and comes back, only to a panel page', async () => {
    const u = await t.user();
    const b = new PanelClient(t);
    await b.login(u.username, u.password);
    const sw = await b.get('/panel/language?lang=fi&back=%2Fpanel%2Fdomains');
    assert.equal(sw.status, 303);
    assert.equal(sw.headers.get('location'), '/panel/domains');
    const page = await b.get('/panel/domains');
    assert.match(page.text, /<html lang="fi">/);
    assert.match(page.text, /<h1>Verkkotunnukset<\/h1>/);
    assert.equal((await b.get('/panel/language?lang=en&back=%2F%2Fevil.example')).headers.get('location'), '/panel');
    assert.equal((await b.get('/panel/language?lang=en&back=https%3A%2F%2Fevil.example')).headers.get('location'), '/panel');
  });

  test('errors under /panel are HTML pages in the language; the APIs still refuse forms with 415', async () => {
    const b = new PanelClient(t, 'fi');
    const missing = await b.get('/panel/no-such-page');
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type')!, /^text\/html/);
    assert.match(missing.text, /Sivua ei löytynyt/);
    const badUrl = await b.get('/panel/domains/%E0%A4%A');
    assert.equal(badUrl.status, 400);
    assert.match(badUrl.headers.get('content-type')!, /^text\/html/);
    const json = await b.post('/panel/login', {}, { 'content-type': 'application/json' });
    assert.equal(json.status, 415);
    assert.match(json.headers.get('content-type')!, /^text\/html/);
    const huge = await b.post('/panel/login', { csrf: 'x', big: 'x'.repeat(100_000) });
    assert.equal(huge.status, 413);
    assert.match(huge.headers.get('content-type')!, /^text\/html/);
    const api = await t.request('POST', '/api/v1/auth', { rawBody: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(api.status, 415);
    const p = await t.partner();
    const partnerApi = await t.request('POST', '/clients/add', { token: p.apiKey, rawBody: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(partnerApi.status, 415);
  });

  test('partners users list and remove; a removed person is logged out', async () => {
    const p = await t.partner();
    const person = await partnerPerson(t, p.id, `remove-${p.id}@partner.example`);
    const b = new PanelClient(t);
    await b.login(person.email, person.password);
    const list = await runCli(t.databaseUrl, 'partners', 'users', 'list', String(p.id), '--json');
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(list.json.data.map((u: { email: string }) => u.email), [person.email]);
    const again = await runCli(t.databaseUrl, 'partners', 'users', 'add', String(p.id), '--email', person.email, '--password-file', '/nonexistent');
    assert.notEqual(again.code, 0);
    const removed = await runCli(t.databaseUrl, 'partners', 'users', 'remove', String(p.id), '--email', person.email);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal((await b.get('/panel')).status, 303);
  });
});
