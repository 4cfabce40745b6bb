import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { artifactsDir, checkPage, keyboardLogin, launchBrowser, phonePage, tabTo, enterTo } from '../helpers/browser.js';
import { createService } from '../../src/core/services/create-service.js';

/**
 * Contacts and services in a real browser at 375 px, with the keyboard only: a contact added (the
 * country chosen by typing in the select, e-invoicing by the arrow keys), refused at a field, and
 * edited; then the services list and a service's page. Every page checked by axe-core and kept as a
 * screenshot; what the browser saved is read back through the client API.
 */
describe('panel contacts and services in chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let dir: string;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    dir = artifactsDir('panel-contacts');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });


  /** Tabs to a field and types into it, in place of what it held. */
  async function fill(page: Page, selector: string, text: string): Promise<void> {
    await tabTo(page, selector);
    await page.keyboard.press('ControlOrMeta+A');
    if (text === '') await page.keyboard.press('Backspace');
    else await page.keyboard.type(text);
  }

  test('a customer adds a contact and edits it with the keyboard, then opens the services', async () => {
    const u = await t.user();
    const service = await createService(t.server.runtime.ctx, { userId: u.id, name: 'Webhotelli Pro', priceCents: 1250, periodMonths: 12, renew: true });
    const { context, page, blocked } = await phonePage(browser);
    const base = t.url;
    try {
      await keyboardLogin(page, base, u.username, u.password);
      await tabTo(page, 'header a[href="/panel/contacts"]');
      await enterTo(page, `${base}/panel/contacts`);
      await checkPage(page, dir, 'contacts');

      await tabTo(page, 'main a[href="/panel/contacts/new"]');
      await enterTo(page, `${base}/panel/contacts/new`);
      await checkPage(page, dir, 'contact-new');
      await fill(page, '#first_name', 'Liisa');
      await fill(page, '#last_name', 'Laskuttaja');
      await fill(page, '#address', 'Kauppakatu 5');
      await fill(page, '#zip_code', '40100');
      await fill(page, '#city', 'Jyväskylä');
      // A letter typed on a select chooses the next option that starts with it (typing a whole name
      // depends on the keys coming within a second of each other, which a loaded machine may miss).
      await tabTo(page, '#country');
      for (let i = 0; i < 15 && (await page.locator('#country').inputValue()) !== 'FI'; i++) await page.keyboard.press('f');
      assert.equal(await page.locator('#country').inputValue(), 'FI');
      await fill(page, '#phone', '040 111 2233');
      await fill(page, '#email', 'liisa@example.fi');
      // The checked radio of a group takes the focus; the arrow keys choose another.
      await tabTo(page, '#billing_method');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('#billing_method-e-invoice').isChecked(), true);
      await fill(page, '#e_invoice_address', '003776543210');
      await fill(page, '#e_invoice_intermediator', 'OKOYFIHH');
      await tabTo(page, 'main form button[type="submit"]');
      // A phone not in the EPP form: the page again, the core's message at the field.
      await Promise.all([page.waitForSelector('.error-summary'), page.keyboard.press('Enter')]);
      assert.equal(await page.locator('#phone').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#phone-error').textContent(), 'The phone must be in the form +CCC.NNNNNNNN (e.g. +358.401234567)');
      assert.equal(await page.locator('#country').inputValue(), 'FI', 'what was chosen is kept');
      await checkPage(page, dir, 'contact-refused');

      await fill(page, '#phone', '+358.401112233');
      await tabTo(page, 'main form button[type="submit"]');
      await enterTo(page, `${base}/panel/contacts?done=added`);
      assert.equal(await page.locator('.notice').textContent(), 'The contact was added.');
      await checkPage(page, dir, 'contact-added');

      const list = await t.request('GET', '/api/v1/contact/contacts', { token: u.token });
      const added = (list.body.data as Array<Record<string, unknown> & { id: number }>).find((k) => k.email === 'liisa@example.fi')!;
      assert.deepEqual(
        [added.name, added.city, added.country, added.phone, added.billing_method, added.e_invoice_address, added.e_invoice_intermediator],
        ['Liisa Laskuttaja', 'Jyväskylä', 'FI', '+358.401112233', 'e-invoice', '003776543210', 'OKOYFIHH'],
      );

      await tabTo(page, `main a[href="/panel/contacts/${added.id}"]`);
      await enterTo(page, `${base}/panel/contacts/${added.id}`);
      await checkPage(page, dir, 'contact-edit');
      await fill(page, '#city', 'Oulu');
      await fill(page, '#zip_code', '90100');
      await tabTo(page, 'main form button[type="submit"]', 60);
      await enterTo(page, `${base}/panel/contacts/${added.id}?done=saved`);
      assert.equal(await page.locator('.notice').textContent(), 'The contact was saved.');
      assert.equal(await page.locator('#city').inputValue(), 'Oulu');
      await checkPage(page, dir, 'contact-saved');
      const seen = await t.request('GET', `/api/v1/contact/contacts/${added.id}`, { token: u.token });
      assert.deepEqual([seen.body.data.city, seen.body.data.zip_code], ['Oulu', '90100']);

      await tabTo(page, 'header a[href="/panel/services"]');
      await enterTo(page, `${base}/panel/services`);
      await checkPage(page, dir, 'services');
      await tabTo(page, `main a[href="/panel/services/${service.id}"]`);
      await enterTo(page, `${base}/panel/services/${service.id}`);
      await checkPage(page, dir, 'service');
      assert.deepEqual(blocked, [], 'nothing was refused by the CSP');
    } finally {
      await context.close();
    }
  });
});
