import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { artifactsDir, checkPage, launchBrowser, tabTo, keyboardLogin, phonePage, enterTo } from '../helpers/browser.js';

/**
 * Ordering in chromium at 375 px, keyboard only: from the navigation to the search, a name's results
 * under every TLD on sale, its buy form filled in with a new contact (once refused for a missing
 * e-mail), the invoice the order waits for, the domain in the list and on its page, and the transfer
 * form. Every page checked by axe-core and photographed.
 */
describe('panel ordering in chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let dir: string;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    dir = artifactsDir('panel-order');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });


  test('a customer searches a name, buys it with a new contact and finds the domain', async () => {
    const u = await t.user();
    const name = 'selaintilaus';
    const { context, page, blocked } = await phonePage(browser);
    try {
      await keyboardLogin(page, t.url, u.username, u.password);
      await tabTo(page, 'nav a[href="/panel/order"]');
      await enterTo(page, `${t.url}/panel/order`);
      await checkPage(page, dir, 'order-search');

      await tabTo(page, '#name');
      await page.keyboard.type(name);
      await enterTo(page, `${t.url}/panel/order?name=${name}`);
      const rows = await page.locator('tbody tr').count();
      assert.ok(rows >= 5, `the name under every TLD on sale (${rows} rows)`);
      assert.equal(await page.locator('tbody tr', { hasText: `${name}.fi` }).locator('td').nth(1).textContent(), 'Available');
      await checkPage(page, dir, 'order-results');

      await tabTo(page, `a[href="/panel/order/buy?domain=${name}.fi"]`, 60);
      await enterTo(page, `${t.url}/panel/order/buy?domain=${name}.fi`);
      assert.equal(await page.locator('h1').textContent(), `Buy ${name}.fi`);
      await checkPage(page, dir, 'order-buy');

      // The period: 2 years (arrows move within the radio group). The holder: a new contact.
      await tabTo(page, 'input[name="years"]', 60);
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('input[name="years"]:checked').getAttribute('value'), '2');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => (globalThis as any).document.activeElement?.name), 'registrant');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('input[name="registrant"]:checked').getAttribute('value'), 'new');
      const fields: Array<[string, string]> = [
        ['firstName', 'Selma'], ['lastName', 'Selain'], ['address', 'Verkkokatu 1'], ['zipCode', '00100'], ['city', 'Helsinki'],
        ['country', 'FI'], ['phone', '+358.401112233'], ['email', 'selma@example.fi'], ['identityNumber', '101010-123K'],
      ];
      // The e-mail left out first: the form again with the core's message at the field, the rest kept.
      for (const [field, value] of fields.filter(([f]) => f !== 'email')) {
        await tabTo(page, `#${field}`);
        await page.keyboard.type(value);
      }
      await tabTo(page, 'form[action="/panel/order/buy"] button[type="submit"]');
      await Promise.all([page.waitForSelector('.error-summary'), page.keyboard.press('Enter')]);
      assert.equal(await page.locator('#email-error').textContent(), 'The email is required');
      assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#firstName').inputValue(), 'Selma');
      assert.equal(await page.locator('input[name="years"]:checked').getAttribute('value'), '2');
      await checkPage(page, dir, 'order-buy-refused');
      await tabTo(page, '#email', 60);
      await page.keyboard.type('selma@example.fi');
      // The identity number is not written back into the page: typed again.
      await tabTo(page, '#identityNumber');
      await page.keyboard.type('101010-123K');
      await tabTo(page, 'form[action="/panel/order/buy"] button[type="submit"]');
      await enterTo(page, /\/panel\/invoices\/[0-9]+\?ordered=1$/);
      assert.equal(await page.locator('.notice').textContent(), 'Thank you: your order is placed. It is carried out when this invoice is paid.');
      assert.match((await page.locator('table').first().textContent())!, new RegExp(`${name}\\.fi rekisteröinti 1\\.3\\.26-1\\.3\\.28`));
      await checkPage(page, dir, 'order-invoice');

      await tabTo(page, 'nav a[href="/panel/domains"]');
      await enterTo(page, `${t.url}/panel/domains`);
      await tabTo(page, `a[href="/panel/domains/${name}.fi"]`);
      await enterTo(page, `${t.url}/panel/domains/${name}.fi`);
      assert.equal(await page.locator('h1').textContent(), `${name}.fi`);
      assert.equal(await page.locator('dd').first().textContent(), 'Pending');
      await checkPage(page, dir, 'order-domain');

      // The transfer form, reached from the search page's link.
      await page.goto(`${t.url}/panel/order`);
      await tabTo(page, 'a[href="/panel/order/transfer"]', 60);
      await enterTo(page, `${t.url}/panel/order/transfer`);
      await checkPage(page, dir, 'order-transfer');
      assert.deepEqual(blocked, [], 'nothing was refused by the CSP');
    } finally {
      await context.close();
    }
  });
});
