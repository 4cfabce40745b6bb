import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { identifiedClient, purchase } from '../helpers/fixtures.js';
import { partnerPerson } from '../helpers/panel.js';
import { artifactsDir, checkPage, launchBrowser, tabTo, keyboardLogin, phonePage } from '../helpers/browser.js';

/**
 * The panel in a real browser at 375 px wide, with the keyboard only: log in, the start page, a
 * domain, Finnish, log out; a partner's start page; the forgotten password's forms; every page checked
 * by axe-core and kept as a screenshot.
 */
describe('panel in chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let dir: string;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    dir = artifactsDir('panel');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const logIn = (page: Page, username: string, password: string) => keyboardLogin(page, t.url, username, password);

  test('a customer logs in with the keyboard, opens a domain, switches to Finnish and logs out', async () => {
    const u = await t.user({ postpaid: true });
    await purchase(t, u.token, 'selain-testi.fi');
    const { context, page, blocked } = await phonePage(browser);
    try {
      await page.goto(`${t.url}/panel/login`);
      await checkPage(page, dir, 'login');
      await logIn(page, u.username, u.password);
      assert.equal(await page.locator('h1').textContent(), 'Start');
      await checkPage(page, dir, 'customer-start');

      await tabTo(page, 'a[href="/panel/domains"]');
      await Promise.all([page.waitForURL(`${t.url}/panel/domains`), page.keyboard.press('Enter')]);
      await checkPage(page, dir, 'domains');
      await tabTo(page, 'a[href="/panel/domains/selain-testi.fi"]');
      await Promise.all([page.waitForURL(`${t.url}/panel/domains/selain-testi.fi`), page.keyboard.press('Enter')]);
      assert.equal(await page.locator('h1').textContent(), 'selain-testi.fi');
      await checkPage(page, dir, 'domain');

      await tabTo(page, 'a[hreflang="fi"]');
      await Promise.all([page.waitForURL(`${t.url}/panel/domains/selain-testi.fi`), page.keyboard.press('Enter')]);
      await page.waitForSelector('html[lang="fi"]');
      assert.match((await page.locator('dl').textContent())!, /Vanhenee/);
      await checkPage(page, dir, 'domain-fi');

      await tabTo(page, 'button.link-button');
      await Promise.all([page.waitForURL(/\/panel\/login\?out=1$/), page.keyboard.press('Enter')]);
      assert.match((await page.locator('.notice').textContent())!, /Olet kirjautunut ulos/);
      await checkPage(page, dir, 'logged-out-fi');
      await page.goto(`${t.url}/panel/no-such-page`);
      await checkPage(page, dir, 'not-found-fi');
      assert.deepEqual(blocked, [], 'nothing was refused by the CSP');
    } finally {
      await context.close();
    }
  });

  test("a partner's person sees the clients page", async () => {
    const p = await t.partner();
    const person = await partnerPerson(t, p.id, `selain-${p.id}@partner.example`);
    await identifiedClient(t, p.apiKey, { firstname: 'Selain' });
    const { context, page } = await phonePage(browser);
    try {
      await logIn(page, person.email, person.password);
      assert.equal(await page.locator('h1').textContent(), 'Your clients');
      assert.match((await page.locator('table').textContent())!, /Selain/);
      await checkPage(page, dir, 'partner-start');
    } finally {
      await context.close();
    }
  });

  test('a failed login shows the error summary and the message at the field', async () => {
    const { context, page } = await phonePage(browser);
    try {
      await page.goto(`${t.url}/panel/login`);
      await tabTo(page, 'button[type="submit"]');
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('.error-summary');
      assert.equal(await page.locator('#username').getAttribute('aria-invalid'), 'true');
      await checkPage(page, dir, 'login-errors');
    } finally {
      await context.close();
    }
  });

  test('forgot password: from the login page by keyboard to the address form; the link page shows its refusals', async () => {
    const { context, page, blocked } = await phonePage(browser);
    try {
      await page.goto(`${t.url}/panel/login`);
      await tabTo(page, 'a[href="/panel/password-reset"]');
      await Promise.all([page.waitForURL(/\/panel\/password-reset$/), page.keyboard.press('Enter')]);
      await tabTo(page, '#email');
      await page.keyboard.type('selain-unohti@example.com');
      await Promise.all([page.waitForURL(/\/panel\/password-reset\?sent=1$/), page.keyboard.press('Enter')]);
      await page.waitForSelector('.notice');
      await checkPage(page, dir, 'password-reset-sent');

      // A made-up token and a short password: both refusals, each where the summary links to.
      await page.goto(`${t.url}/panel/password-reset/new?token=keksitty`);
      await tabTo(page, '#password');
      await page.keyboard.type('lyhyt');
      await tabTo(page, '#password2');
      await page.keyboard.type('lyhyt');
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('.error-summary');
      assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#token .message').textContent(), 'The token is invalid or has expired');
      await checkPage(page, dir, 'password-reset-errors');
      assert.deepEqual(blocked, []);
    } finally {
      await context.close();
    }
  });
});
