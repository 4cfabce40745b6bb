// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the panel's pages, and the
// store is read here only through core commands the API suites, which run on both stores, drive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { PanelClient } from '../helpers/panel.js';

/**
 * The domain page's forms over HTTP: name servers, park and unpark, auto-renew, the auth code. Each
 * form: a change that succeeds (and is seen by the client API), a refusal shown at its field with
 * nothing changed, another customer's domain (404, nothing changed), and a POST without the CSRF
 * token (403, nothing changed).
 */
describe('panel: domain settings', () => {
  let t: TestServer;
  let seq = 0;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => t?.close());

  interface Customer {
    username: string;
    password: string;
    token: string;
    panel: PanelClient;
    csrf: string;
  }

  /** A customer logged in to the panel, with an active domain (postpaid: the purchase is fulfilled at once). */
  async function customer(postpaid = true): Promise<Customer & { domain: string }> {
    const u = await t.user({ postpaid });
    const domain = `asetukset${++seq}.fi`;
    await purchase(t, u.token, domain);
    const panel = new PanelClient(t);
    const csrf = await panel.login(u.username, u.password);
    return { username: u.username, password: u.password, token: u.token, panel, csrf, domain };
  }

  const apiNameservers = async (c: Customer, domain: string): Promise<string[]> => {
    const res = await t.request('GET', `/api/v1/domain/domains/${domain}/nameservers`, { token: c.token });
    assert.equal(res.status, 200);
    return (res.body.data as Array<{ nameserver: string }>).map((n) => n.nameserver);
  };
  const apiRenew = async (c: Customer, domain: string): Promise<boolean> =>
    (await t.request('GET', `/api/v1/domain/domains/${domain}`, { token: c.token })).body.data.renew as boolean;

  const settings = () => t.server.runtime.ctx.settings;

  /** The message shown at a field or button: the <p class="message"> its aria-describedby names. */
  function messageAt(page: string, id: string): string | undefined {
    return new RegExp(`<p class="message" id="${id}-error">([^<]*)</p>`).exec(page)?.[1];
  }

  test('the domain page shows the forms: name server fields up to the maximum, park, auto-renew, auth code', async () => {
    const c = await customer();
    const page = (await c.panel.get(`/panel/domains/${c.domain}`)).text;
    // Three of ours, and two empty fields to add to them.
    for (let i = 1; i <= 3; i++) assert.match(page, new RegExp(`id="ns-${i}" name="ns-${i}" value="ns${i}\\.hostplane\\.test"`));
    assert.match(page, /id="ns-5" name="ns-5" value=""/);
    assert.doesNotMatch(page, /id="ns-6"/);
    assert.match(page, new RegExp(`href="/panel/domains/${c.domain}\\?fields=all#nameservers-title"`));
    const all = (await c.panel.get(`/panel/domains/${c.domain}?fields=all`)).text;
    assert.match(all, /id="ns-13"/, "the client API's maximum, 13");
    assert.doesNotMatch(all, /id="ns-14"/);
    assert.doesNotMatch(all, /fields=all/);
    assert.match(page, new RegExp(`action="/panel/domains/${c.domain}/park"`));
    assert.match(page, /<input type="radio" id="renew" name="renew" value="1" checked>/);
    assert.match(page, new RegExp(`action="/panel/domains/${c.domain}/authcode"`));
    assert.equal((page.match(/name="csrf" value="[^"]+"/g) ?? []).length, 5, 'logout and the four forms carry the token');
  });

  test('name servers: replaced (empty fields skipped), refused per field with nothing changed, 404 for another customer, 403 without CSRF', async () => {
    const c = await customer();
    const path = `/panel/domains/${c.domain}/nameservers`;
    const ok = await c.panel.post(path, { csrf: c.csrf, 'ns-1': 'ns1.example.net', 'ns-2': '', 'ns-3': 'NS2.Example.net.', 'ns-4': '', 'ns-5': '' });
    assert.equal(ok.status, 303, ok.text.slice(0, 300));
    assert.equal(ok.headers.get('location'), `/panel/domains/${c.domain}?saved=nameservers`);
    assert.deepEqual(await apiNameservers(c, c.domain), ['ns1.example.net', 'ns2.example.net']);
    const shown = (await c.panel.get(ok.headers.get('location')!)).text;
    assert.match(shown, /<p class="notice" role="status">The name servers have been changed\.<\/p>/);
    assert.match(shown, /id="ns-2" name="ns-2" value="ns2\.example\.net"/);

    // A bad host name after an empty field: the message is at the field it was typed in (ns-3, the core's nameservers.1).
    const bad = await c.panel.post(path, { csrf: c.csrf, 'ns-1': 'ns3.example.net', 'ns-2': '', 'ns-3': 'not a host!', 'ns-4': '' });
    assert.equal(bad.status, 400);
    assert.equal(messageAt(bad.text, 'ns-3'), 'The nameservers.1 must be a valid host name');
    assert.match(bad.text, /id="ns-3" name="ns-3" value="not a host!" autocomplete="off" aria-invalid="true" aria-describedby="ns-3-error"/);
    assert.match(bad.text, /<div class="error-summary"[\s\S]*<a href="#ns-3">The nameservers\.1 must be a valid host name<\/a>/);
    assert.match(bad.text, /id="ns-1" name="ns-1" value="ns3\.example\.net"/, 'what was typed is shown again');
    assert.match(bad.text, new RegExp(`back=%2Fpanel%2Fdomains%2F${c.domain}"`), 'the language switch comes back to the domain page');
    assert.equal(messageAt(bad.text, 'ns-1'), undefined);
    // One name: the list's own message, at the group.
    const one = await c.panel.post(path, { csrf: c.csrf, 'ns-1': 'ns3.example.net', 'ns-2': '' });
    assert.equal(one.status, 400);
    assert.equal(messageAt(one.text, 'nameservers'), 'The nameservers must have at least 2 items');
    assert.match(one.text, /<fieldset id="nameservers" class="field invalid" aria-describedby="nameservers-error">/);
    const twice = await c.panel.post(path, { csrf: c.csrf, 'ns-1': 'ns3.example.net', 'ns-2': 'NS3.example.net' });
    assert.equal(messageAt(twice.text, 'nameservers'), 'The nameservers must not contain duplicates');
    assert.deepEqual(await apiNameservers(c, c.domain), ['ns1.example.net', 'ns2.example.net'], 'nothing changed');

    // In Finnish, the core's message in Finnish.
    const fi = new PanelClient(t, 'fi');
    fi.cookies.set('hp_session', c.panel.cookies.get('hp_session')!);
    const fiBad = await fi.post(path, { csrf: c.csrf, 'ns-1': 'x..y', 'ns-2': 'ns3.example.net' });
    assert.equal(fiBad.status, 400);
    assert.equal(messageAt(fiBad.text, 'ns-1'), 'Kentän nameservers.0 on oltava kelvollinen palvelimen nimi');

    const other = await customer();
    const theirs = await c.panel.post(`/panel/domains/${other.domain}/nameservers`, { csrf: c.csrf, 'ns-1': 'ns1.evil.example', 'ns-2': 'ns2.evil.example' });
    assert.equal(theirs.status, 404);
    const theirsBad = await c.panel.post(`/panel/domains/${other.domain}/nameservers`, { csrf: c.csrf, 'ns-1': 'bad host' });
    assert.equal(theirsBad.status, 404, 'not the form again with their domain in it');
    assert.doesNotMatch(theirsBad.text, /name="ns-1"|<h1>asetukset/);
    assert.deepEqual(await apiNameservers(other, other.domain), settings().nameservers);

    const noCsrf = await c.panel.post(path, { 'ns-1': 'ns8.example.net', 'ns-2': 'ns9.example.net' });
    assert.equal(noCsrf.status, 403);
    assert.deepEqual(await apiNameservers(c, c.domain), ['ns1.example.net', 'ns2.example.net']);
  });

  test('park and unpark: the park servers and back to ours; a domain not active is refused at the button; 404 and 403', async () => {
    const c = await customer();
    const page = `/panel/domains/${c.domain}`;
    const parked = await c.panel.post(`${page}/park`, { csrf: c.csrf });
    assert.equal(parked.status, 303, parked.text.slice(0, 300));
    assert.equal(parked.headers.get('location'), `${page}?saved=park`);
    assert.deepEqual(await apiNameservers(c, c.domain), settings().parkNameservers);
    const shown = (await c.panel.get(`${page}?saved=park`)).text;
    assert.match(shown, /The domain is parked\./);
    assert.match(shown, new RegExp(`action="${page}/unpark"`));
    assert.doesNotMatch(shown, new RegExp(`action="${page}/park"`));
    const services = await t.request('GET', `/api/v1/domain/domains/${c.domain}/services`, { token: c.token });
    assert.equal(services.status, 200);
    assert.ok(JSON.stringify(services.body).includes('Domain parking'), 'parking shows among the services, as through the API');

    const unparked = await c.panel.post(`${page}/unpark`, { csrf: c.csrf });
    assert.equal(unparked.status, 303);
    assert.equal(unparked.headers.get('location'), `${page}?saved=unpark`);
    assert.deepEqual(await apiNameservers(c, c.domain), settings().nameservers);
    assert.match((await c.panel.get(`${page}?saved=unpark`)).text, new RegExp(`action="${page}/park"`));

    // A prepaid customer's unpaid purchase is pending: not at the registry yet, so the core refuses.
    const p = await customer(false);
    for (const action of ['park', 'unpark'] as const) {
      const refused = await p.panel.post(`/panel/domains/${p.domain}/${action}`, { csrf: p.csrf });
      assert.equal(refused.status, 400);
      assert.equal(messageAt(refused.text, 'parking'), 'Unable to update resource: Domain is not active');
      assert.match(refused.text, /<a href="#parking">Unable to update resource: Domain is not active<\/a>/);
    }

    const other = await customer();
    assert.equal((await c.panel.post(`/panel/domains/${other.domain}/park`, { csrf: c.csrf })).status, 404);
    assert.equal((await c.panel.post(`/panel/domains/${other.domain}/unpark`, { csrf: c.csrf })).status, 404);
    assert.deepEqual(await apiNameservers(other, other.domain), settings().nameservers);
    assert.equal((await c.panel.post(`${page}/park`, {})).status, 403);
    assert.equal((await c.panel.post(`${page}/park`, { csrf: c.csrf }, { origin: 'https://evil.example' })).status, 403);
    assert.deepEqual(await apiNameservers(c, c.domain), settings().nameservers, 'still on ours');
  });

  test('auto-renew: off and on again; no choice is refused at the radios; 404 and 403', async () => {
    const c = await customer();
    const path = `/panel/domains/${c.domain}/renew`;
    assert.equal(await apiRenew(c, c.domain), true);
    const off = await c.panel.post(path, { csrf: c.csrf, renew: '0' });
    assert.equal(off.status, 303);
    assert.equal(off.headers.get('location'), `/panel/domains/${c.domain}?saved=renewOff`);
    assert.equal(await apiRenew(c, c.domain), false);
    const shown = (await c.panel.get(off.headers.get('location')!)).text;
    assert.match(shown, /Auto-renew is off\./);
    assert.match(shown, /<input type="radio" id="renew-off" name="renew" value="0" checked>/);
    assert.match(shown, /<dt>Auto-renew<\/dt><dd>No<\/dd>/);

    const none = await c.panel.post(path, { csrf: c.csrf });
    assert.equal(none.status, 400);
    assert.equal(messageAt(none.text, 'renew'), 'Choose whether the domain renews automatically');
    assert.match(none.text, /<a href="#renew">Choose whether/);
    assert.doesNotMatch(none.text, /name="renew" value="[01]" checked/, 'nothing chosen is shown as nothing chosen');
    assert.equal(await apiRenew(c, c.domain), false);

    // Past its expiry the core refuses (the client API's 400), at the radios (a new login: the session
    // has ended by then).
    t.clock.advance(400 * 86_400_000);
    try {
      const later = new PanelClient(t);
      const csrf = await later.login(c.username, c.password);
      const late = await later.post(path, { csrf, renew: '1' });
      assert.equal(late.status, 400);
      assert.equal(messageAt(late.text, 'renew'), 'Unable to update resource: Domain already expired');
      assert.match(late.text, /<input type="radio" id="renew" name="renew" value="1" checked>/, 'the choice sent is shown again');
    } finally {
      t.clock.advance(-400 * 86_400_000);
    }
    assert.equal(await apiRenew(c, c.domain), false);

    const on = await c.panel.post(path, { csrf: c.csrf, renew: '1' });
    assert.equal(on.headers.get('location'), `/panel/domains/${c.domain}?saved=renewOn`);
    assert.equal(await apiRenew(c, c.domain), true);

    const other = await customer();
    assert.equal((await c.panel.post(`/panel/domains/${other.domain}/renew`, { csrf: c.csrf, renew: '0' })).status, 404);
    assert.equal((await c.panel.post(`/panel/domains/${other.domain}/renew`, { csrf: c.csrf })).status, 404);
    assert.equal(await apiRenew(other, other.domain), true);
    assert.equal((await c.panel.post(path, { renew: '0' })).status, 403);
    assert.equal(await apiRenew(c, c.domain), true);
  });

  test('the auth code: on a page of its own for a POST, new each time and the one the registry takes; refused for a pending domain; 404 and 403', async () => {
    const c = await customer();
    const path = `/panel/domains/${c.domain}/authcode`;
    const registry = t.server.runtime.ctx.registry;
    const codeOf = (page: string) => /<p class="secret"><code>([^<]*)<\/code><\/p>/.exec(page)?.[1];
    const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

    const first = await c.panel.post(path, { csrf: c.csrf });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('cache-control'), 'no-store');
    assert.match(first.text, new RegExp(`<h1>Auth code of ${c.domain.replace('.', '\\.')}</h1>`));
    assert.match(first.text, new RegExp(`back=%2Fpanel%2Fdomains%2F${c.domain}"`), 'the language switch comes back to the domain page');
    const code1 = unescape(codeOf(first.text)!);
    assert.equal(code1.length, 12);
    assert.ok(await registry.verifyAuthCode(c.domain, code1), 'the registry takes the code shown');
    const code2 = unescape(codeOf((await c.panel.post(path, { csrf: c.csrf })).text)!);
    assert.notEqual(code2, code1);
    assert.ok(await registry.verifyAuthCode(c.domain, code2));
    assert.equal(await registry.verifyAuthCode(c.domain, code1), false, 'asking again ends the code before');
    assert.equal((await c.panel.get(path)).status, 404, 'no GET: a secret is not in a URL anyone can reload');

    const p = await customer(false);
    const pending = await p.panel.post(`/panel/domains/${p.domain}/authcode`, { csrf: p.csrf });
    assert.equal(pending.status, 400);
    assert.equal(messageAt(pending.text, 'authcode'), 'Unable to generate auth code: Domain is not active');
    assert.doesNotMatch(pending.text, /class="secret"/);

    const other = await customer();
    const theirs = await c.panel.post(`/panel/domains/${other.domain}/authcode`, { csrf: c.csrf });
    assert.equal(theirs.status, 404);
    assert.doesNotMatch(theirs.text, /class="secret"/);
    const noCsrf = await c.panel.post(path, {});
    assert.equal(noCsrf.status, 403);
    assert.ok(await registry.verifyAuthCode(c.domain, code2), 'the refused requests made no new code');
  });
});
