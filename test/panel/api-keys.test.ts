// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the panel's pages, and the
// store is read here only through core commands the API suites, which run on both stores, drive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PanelClient, partnerPerson } from '../helpers/panel.js';

type Partner = Awaited<ReturnType<TestServer['partner']>>;
const KEY = /hpk_[0-9a-f]{10}_[A-Za-z0-9_-]{43}/;
/** Every key on a page (a separate, global regex: a global one keeps its place between tests). */
const keysIn = (text: string): string[] => text.match(new RegExp(KEY.source, 'g')) ?? [];
let seq = 0;

/**
 * A partner's API keys in the panel, over HTTP: a new key's value is shown once, on the page that
 * answers the POST, and works on the partner API; revoked, it stops working; another partner's key
 * is the 404 page; every change needs the session's CSRF token.
 */
describe('panel: API keys', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => t.close());

  async function loggedIn(p: Partner): Promise<{ b: PanelClient; csrf: string }> {
    const person = await partnerPerson(t, p.id, `keys${++seq}-${p.id}@partner.example`);
    const b = new PanelClient(t);
    return { b, csrf: await b.login(person.email, person.password) };
  }
  const works = async (key: string) => (await t.request('GET', '/clients', { token: key })).status;

  test('a new key is shown once, with no-store, works on the partner API, and is listed by its prefix only', async () => {
    const p = await t.partner();
    const { b, csrf } = await loggedIn(p);
    const before = await b.get('/panel/api-keys');
    assert.equal(before.status, 200);
    assert.match(before.text, new RegExp(`<code>${p.apiKey.slice(0, 14)}</code>`), 'the key made with the partner is listed');
    assert.doesNotMatch(before.text, KEY, 'no value on the list');

    const cookiesBefore = new Map(b.cookies);
    const res = await b.post('/panel/api-keys', { csrf });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('location'), null);
    const shown = keysIn(res.text);
    assert.equal(shown.length, 1, 'the page shows one key');
    const value = shown[0]!;
    assert.notEqual(value, p.apiKey);
    assert.equal(res.headers.getSetCookie().length, 0, 'no cookie carries it');
    assert.deepEqual(b.cookies, cookiesBefore);
    assert.equal(await works(value), 200, 'the new key works on the partner API');

    const list = await b.get('/panel/api-keys');
    assert.doesNotMatch(list.text, KEY, 'not shown again');
    assert.match(list.text, new RegExp(`<code>${value.slice(0, 14)}</code>`));
    assert.equal((list.text.match(/>In use</g) ?? []).length, 2);
    const stored = await t.server.runtime.ctx.store.apiKeys.listByPartner(p.id);
    assert.equal(stored.length, 2);
    assert.ok(stored.every((k) => !JSON.stringify(k).includes(value.slice(15))), 'only its hash is kept');
  });

  test('a revoked key stops working at once; revoking it again is refused on the confirmation page', async () => {
    const p = await t.partner();
    const { b, csrf } = await loggedIn(p);
    const value = keysIn((await b.post('/panel/api-keys', { csrf })).text)[0]!;
    const prefix = value.slice(0, 14);
    assert.equal(await works(value), 200);

    const list = await b.get('/panel/api-keys');
    assert.match(list.text, new RegExp(`href="/panel/api-keys/${prefix}/revoke"`));
    const confirm = await b.get(`/panel/api-keys/${prefix}/revoke`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, new RegExp(`<h1>Revoke API key ${prefix}\\?</h1>`));
    assert.equal(await works(value), 200, 'the confirmation page changes nothing');

    const revoked = await b.post(`/panel/api-keys/${prefix}/revoke`, { csrf });
    assert.equal(revoked.status, 303);
    assert.equal(revoked.headers.get('location'), '/panel/api-keys?done=revoked');
    assert.equal(await works(value), 401, 'revoked');
    assert.equal(await works(p.apiKey), 200, 'the other key still works');
    const after = await b.get('/panel/api-keys?done=revoked');
    assert.match(after.text, /The API key was revoked/);
    assert.match(after.text, /Revoked 2026-03-01/);
    assert.doesNotMatch(after.text, new RegExp(`href="/panel/api-keys/${prefix}/revoke"`));

    const again = await b.post(`/panel/api-keys/${prefix}/revoke`, { csrf });
    assert.equal(again.status, 400);
    assert.match(again.text, new RegExp(`API key ${prefix} is already revoked`));
  });

  test("another partner's key is the 404 page and keeps working; a customer has no key page", async () => {
    const a = await t.partner();
    const bp = await t.partner();
    const { b, csrf } = await loggedIn(bp);
    const prefix = a.apiKey.slice(0, 14);
    assert.equal((await b.get(`/panel/api-keys/${prefix}/revoke`)).status, 404);
    assert.equal((await b.post(`/panel/api-keys/${prefix}/revoke`, { csrf })).status, 404);
    assert.equal(await works(a.apiKey), 200);
    assert.doesNotMatch((await b.get('/panel/api-keys')).text, new RegExp(prefix));
    assert.equal((await b.get('/panel/api-keys/hpk_0000000000/revoke')).status, 404);

    const u = await t.user();
    const customer = new PanelClient(t);
    await customer.login(u.username, u.password);
    assert.equal((await customer.get('/panel/api-keys')).status, 404);
    assert.equal((await new PanelClient(t).get('/panel/api-keys')).headers.get('location'), '/panel/login');
  });

  test('CSRF: adding or revoking a key without the session token is 403 and changes nothing', async () => {
    const p = await t.partner();
    const { b } = await loggedIn(p);
    const added = await b.post('/panel/api-keys', { csrf: 'x'.repeat(43) });
    assert.equal(added.status, 403);
    assert.doesNotMatch(added.text, KEY);
    const prefix = p.apiKey.slice(0, 14);
    assert.equal((await b.post(`/panel/api-keys/${prefix}/revoke`, {})).status, 403);
    assert.equal(await works(p.apiKey), 200);
    assert.equal((await t.server.runtime.ctx.store.apiKeys.listByPartner(p.id)).length, 1);
  });
});
