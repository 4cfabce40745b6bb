import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { PanelClient } from '../helpers/panel.js';
import { createService } from '../../src/core/services/create-service.js';

/**
 * The customer's services over HTTP: the list (name, domain, status, expiry and renewal, price per
 * period), a service's page, its auto-renew form (seen through the client API), the core's refusal
 * for an expired service, another customer's service (404 for the page and the form, nothing
 * changed), and a POST without the CSRF token (403).
 */
describe('panel: services', () => {
  let t: TestServer;
  let seq = 0;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => t?.close());

  const ctx = () => t.server.runtime.ctx;

  async function customer() {
    const u = await t.user({ postpaid: true });
    const panel = new PanelClient(t);
    const csrf = await panel.login(u.username, u.password);
    return { id: u.id, token: u.token, panel, csrf };
  }

  const apiService = async (token: string, id: number) => {
    const res = await t.request('GET', `/api/v1/service/services/${id}`, { token });
    assert.equal(res.status, 200);
    return res.body.data as { renew: boolean; name: string };
  };

  function messageAt(page: string, id: string): string | undefined {
    return new RegExp(`<p class="message" id="${id}-error">([^<]*)</p>`).exec(page)?.[1];
  }

  test('the list shows each service with its domain, status, expiry, renewal and price; the page shows one', async () => {
    const c = await customer();
    const domain = `palvelu${++seq}.fi`;
    await purchase(t, c.token, domain);
    // Services sold outside the API, as the operator adds them (`hostplane services add`).
    const hosting = await createService(ctx(), { userId: c.id, name: 'Webhotelli Pro', priceCents: 1250, periodMonths: 12, qty: 2, domain, renew: true });
    const backup = await createService(ctx(), { userId: c.id, name: 'Varmuuskopio', priceCents: 300, periodMonths: 1 });

    const list = await c.panel.get('/panel/services');
    assert.equal(list.status, 200);
    assert.match(list.text, /<a href="\/panel\/services" aria-current="page">Services<\/a>/);
    assert.match(list.text, new RegExp(`<a href="/panel/services/${hosting.id}">Webhotelli Pro</a><br>${domain.replace('.', '\\.')}</td><td class="nowrap">Active</td><td><span class="nowrap">2027-03-01</span><br><small>Renews automatically</small></td><td class="num">€25\\.00<br><small>/ 12 months</small></td>`));
    assert.match(list.text, new RegExp(`<a href="/panel/services/${backup.id}">Varmuuskopio</a></td><td class="nowrap">Active</td><td><span class="nowrap">2026-04-01</span><br><small>Does not renew</small></td><td class="num">€3\\.00<br><small>/ month</small></td>`));
    assert.match(list.text, /Prices are per billing period, VAT excluded\./);

    const fi = new PanelClient(t, 'fi');
    fi.cookies.set('hp_session', c.panel.cookies.get('hp_session')!);
    assert.match((await fi.get('/panel/services')).text, /<td class="nowrap">Voimassa<\/td><td><span class="nowrap">1\.3\.2027<\/span><br><small>Uusitaan automaattisesti<\/small><\/td><td class="num">25,00 €<br><small>\/ 12 kk<\/small><\/td>/);

    const page = await c.panel.get(`/panel/services/${hosting.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Webhotelli Pro<\/h1>/);
    assert.match(page.text, new RegExp(`<dt>Domain</dt><dd>${domain.replace('.', '\\.')}</dd>`));
    assert.match(page.text, /<dt>Quantity<\/dt><dd>2<\/dd>/);
    assert.match(page.text, /<dt>Started<\/dt><dd>2026-03-01<\/dd>/);
    assert.match(page.text, /<input type="radio" id="renew" name="renew" value="1" checked>/);
    assert.match(page.text, new RegExp(`<form method="post" action="/panel/services/${hosting.id}/renew" novalidate>`));
    assert.doesNotMatch((await c.panel.get(`/panel/services/${backup.id}`)).text, /<dt>Domain<\/dt>/);

    const none = await customer();
    assert.match((await none.panel.get('/panel/services')).text, /<p role="status">You have no services\.<\/p>/);
  });

  test('auto-renew is turned off and on, as the client API then shows it; no choice and an expired service are refused', async () => {
    const c = await customer();
    const s = await createService(ctx(), { userId: c.id, name: 'Sähköposti', priceCents: 500, periodMonths: 12, renew: true });
    const off = await c.panel.post(`/panel/services/${s.id}/renew`, { csrf: c.csrf, renew: '0' });
    assert.equal(off.status, 303, off.text.slice(0, 300));
    assert.equal(off.headers.get('location'), `/panel/services/${s.id}?saved=renewOff`);
    assert.equal((await apiService(c.token, s.id)).renew, false);
    const shown = (await c.panel.get(`/panel/services/${s.id}?saved=renewOff`)).text;
    assert.match(shown, /<p class="notice" role="status">Auto-renew is off\.<\/p>/);
    assert.match(shown, /<input type="radio" id="renew-off" name="renew" value="0" checked>/);
    const on = await c.panel.post(`/panel/services/${s.id}/renew`, { csrf: c.csrf, renew: '1' });
    assert.equal(on.headers.get('location'), `/panel/services/${s.id}?saved=renewOn`);
    assert.equal((await apiService(c.token, s.id)).renew, true);

    const unchosen = await c.panel.post(`/panel/services/${s.id}/renew`, { csrf: c.csrf });
    assert.equal(unchosen.status, 400);
    assert.equal(messageAt(unchosen.text, 'renew'), 'Choose whether the service renews automatically');
    assert.equal((await apiService(c.token, s.id)).renew, true);

    // Past its expiry date: the core refuses, and the page says so in its words.
    const expired = await ctx().store.services.create({
      user_id: c.id, domain_id: null, kind: 'hosting', name: 'Vanha palvelu', qty: 1, start_date: '2025-01-01', exp_date: '2026-01-01',
      status: 'expired', renew: 0, price_cents: 100, billing_period_months: 12, created_at: '2025-01-01T00:00:00.000Z', updated_at: null,
    });
    const refused = await c.panel.post(`/panel/services/${expired.id}/renew`, { csrf: c.csrf, renew: '1' });
    assert.equal(refused.status, 400);
    assert.equal(messageAt(refused.text, 'renew'), 'Unable to update resource: Service already expired');
    assert.match(refused.text, /<a href="#renew">Unable to update resource: Service already expired<\/a>/);
    assert.match(refused.text, /<input type="radio" id="renew" name="renew" value="1" checked>/, 'the choice sent is shown again');
    assert.equal((await apiService(c.token, expired.id)).renew, false);
  });

  test("another customer's service is the 404 page, its form too, and it stays as it was; no CSRF token is 403", async () => {
    const c = await customer();
    const other = await customer();
    const theirs = await createService(ctx(), { userId: other.id, name: 'Salainen palvelu', priceCents: 100, periodMonths: 12, renew: true });
    const page = await c.panel.get(`/panel/services/${theirs.id}`);
    assert.equal(page.status, 404);
    assert.doesNotMatch(page.text, /Salainen/);
    for (const renew of ['0', '']) {
      const res = await c.panel.post(`/panel/services/${theirs.id}/renew`, { csrf: c.csrf, renew });
      assert.equal(res.status, 404, `renew=${renew}`);
      assert.doesNotMatch(res.text, /Salainen/);
    }
    assert.equal((await apiService(other.token, theirs.id)).renew, true);
    assert.doesNotMatch((await c.panel.get('/panel/services')).text, /Salainen/);
    for (const path of ['/panel/services/abc', '/panel/services/99999999']) assert.equal((await c.panel.get(path)).status, 404, path);

    const mine = await createService(ctx(), { userId: c.id, name: 'Oma', priceCents: 100, periodMonths: 12, renew: true });
    assert.equal((await c.panel.post(`/panel/services/${mine.id}/renew`, { renew: '0' })).status, 403);
    assert.equal((await apiService(c.token, mine.id)).renew, true);
  });
});
