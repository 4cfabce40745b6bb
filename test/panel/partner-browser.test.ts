import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { partnerPerson } from '../helpers/panel.js';
import { artifactsDir, checkPage, launchBrowser, tabTo, keyboardLogin, phonePage } from '../helpers/browser.js';

/**
 * A partner's person in chromium at 375 px, with the keyboard only: adds a client (first refused for
 * a missing phone, shown at the field), changes a Microsoft 365 subscription's seats (first refused,
 * then done), and adds an API key; the key list and the tenant's page in Finnish too. What the pages did is read back through the partner API. Every
 * page checked by axe-core and kept as a screenshot.
 */
describe('panel partner pages in chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let dir: string;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    dir = artifactsDir('panel-partner');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Focuses the field with the keyboard and types into it (replacing what it held). */
  async function typeInto(page: Page, selector: string, text: string): Promise<void> {
    await tabTo(page, selector, 60);
    await page.keyboard.press('Control+A');
    if (text) await page.keyboard.type(text);
    else await page.keyboard.press('Delete');
  }

  /** Presses Enter on the main form's submit button and waits for the page it leads to. */
  async function submit(page: Page, form: string): Promise<void> {
    await tabTo(page, `${form} button[type="submit"]`, 60);
    await Promise.all([page.waitForLoadState('load'), page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
  }

  test('a partner adds a client and changes Microsoft 365 seats', async () => {
    const p = await t.partner();
    const person = await partnerPerson(t, p.id, `walker-${p.id}@partner.example`);
    // The tenant and its subscription come from the partner API: the walk is about the panel's forms.
    const tenant = await t.request('POST', '/products/m365/tenant', { token: p.apiKey, body: { tenant_name: `walk${Date.now().toString(36)}` } });
    assert.equal(tenant.status, 201);
    const serviceId = Number(tenant.body.data.service_id);
    const sub = await t.request('POST', `/products/${serviceId}/m365/subscription`, {
      token: p.apiKey, body: { quantity: 3, term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: 1 },
    });
    assert.equal(sub.status, 200);
    const subscriptionId = sub.body.data.Subscriptions[0].SubscriptionId as string;

    const { context, page, blocked } = await phonePage(browser);
    try {
      await keyboardLogin(page, t.url, person.email, person.password);
      await checkPage(page, dir, 'clients');

      // Add a client: the form, refused without a phone, then accepted.
      await tabTo(page, 'main a[href="/panel/clients/new"]');
      await Promise.all([page.waitForURL(`${t.url}/panel/clients/new`), page.keyboard.press('Enter')]);
      await checkPage(page, dir, 'client-new');
      const fields: Array<[string, string]> = [
        ['#firstname', 'Selma'], ['#lastname', 'Selain'], ['#email', `selma-${p.id}@example.fi`], ['#password', 'Selain!2026'],
        ['#address1', 'Näppäinkatu 3'], ['#postcode', '33100'], ['#city', 'Tampere'], ['#country', 'FI'],
      ];
      for (const [selector, text] of fields) await typeInto(page, selector, text);
      await tabTo(page, '#client_type', 60);
      await page.keyboard.press('Space');
      await submit(page, 'main form');
      assert.equal(await page.locator('#phone-error').textContent(), 'The phone is required');
      assert.match((await page.locator('.error-summary').textContent())!, /The phone is required/);
      await checkPage(page, dir, 'client-new-refused');
      await typeInto(page, '#phone', '050 111 2222');
      await typeInto(page, '#password', 'Selain!2026');
      await submit(page, 'main form');
      await page.waitForURL(/\/panel\/clients\/[0-9]+$/);
      const clients = (await t.request('GET', '/clients', { token: p.apiKey })).body.data as Array<Record<string, string>>;
      assert.deepEqual(clients.map((c) => [c.firstname, c.phone, c.city]), [['Selma', '+358.501112222', 'Tampere']]);
      assert.ok(page.url().endsWith(`/panel/clients/${clients[0]!.id}`));

      // Microsoft 365, from the navigation: the tenant, its page, and its seats.
      await page.goto(`${t.url}/panel`);
      await tabTo(page, 'header a[href="/panel/m365"]');
      await Promise.all([page.waitForURL(`${t.url}/panel/m365`), page.keyboard.press('Enter')]);
      await checkPage(page, dir, 'm365');
      await tabTo(page, `main a[href="/panel/m365/${serviceId}"]`);
      await Promise.all([page.waitForURL(`${t.url}/panel/m365/${serviceId}`), page.keyboard.press('Enter')]);
      await checkPage(page, dir, 'm365-tenant');
      const seats = `#seats-${subscriptionId}`;
      await typeInto(page, seats, '0');
      await submit(page, `form[action$="/quantity"]`);
      assert.equal(await page.locator(`${seats}-error`).textContent(), 'The quantity must be between 1 and 10000');
      await checkPage(page, dir, 'm365-seats-refused');
      await typeInto(page, seats, '8');
      await submit(page, `form[action$="/quantity"]`);
      await page.waitForURL(`${t.url}/panel/m365/${serviceId}?done=seats`);
      assert.equal(await page.locator('.notice').textContent(), 'The number of licences was changed.');
      await checkPage(page, dir, 'm365-seats-changed');
      const listed = await t.request('GET', `/products/${serviceId}/m365/subscriptions`, { token: p.apiKey });
      assert.equal(listed.body.nce_licenses[0].SubscriptionQuantity, 8);

      // API keys: the list and a new key's page.
      await tabTo(page, 'header a[href="/panel/api-keys"]');
      await Promise.all([page.waitForURL(`${t.url}/panel/api-keys`), page.keyboard.press('Enter')]);
      await checkPage(page, dir, 'api-keys');
      await submit(page, 'main form');
      const value = (await page.locator('.secret code').textContent())!;
      assert.equal((await t.request('GET', '/clients', { token: value })).status, 200);
      await checkPage(page, dir, 'api-key-new');

      // Finnish words are longer: the key list and the tenant's page still read at 375 px.
      await tabTo(page, 'a[hreflang="fi"]');
      await Promise.all([page.waitForURL(`${t.url}/panel/api-keys`), page.keyboard.press('Enter')]);
      await page.waitForSelector('html[lang="fi"]');
      assert.equal(await page.locator('h1').textContent(), 'API-avaimet');
      await checkPage(page, dir, 'api-keys-fi');
      await page.goto(`${t.url}/panel/m365/${serviceId}`);
      assert.match((await page.locator('main').textContent())!, /Lisenssejä voi lisätä milloin tahansa/);
      await checkPage(page, dir, 'm365-tenant-fi');
      assert.deepEqual(blocked, [], 'nothing was refused by the CSP');
    } finally {
      await context.close();
    }
  });
});
