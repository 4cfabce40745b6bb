import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { artifactsDir, checkPage, launchBrowser, tabTo, keyboardLogin, phonePage } from '../helpers/browser.js';
import { createInvoice } from '../../src/core/billing/create-invoice.js';
import { pdfText } from '../documents/pdf-tools.js';

/**
 * Invoices in chromium at 375 px, keyboard only: from the start page's unpaid invoice to its page, its
 * PDF link (the response is a PDF of this invoice), then the invoice list from the navigation; both
 * pages checked by axe-core and photographed.
 */
describe('panel invoices in chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let dir: string;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer({ env: { SELLER_NAME: 'Hostplane Oy', SELLER_IBAN: 'FI79 4405 2020 0360 82', SELLER_BIC: 'OKOYFIHH' } }), launchBrowser()]);
    dir = artifactsDir('panel-invoices');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('a customer goes from the start page to an unpaid invoice, downloads its PDF and finds it in the list', async () => {
    const u = await t.user();
    const c = t.server.runtime.ctx;
    const recipient = await c.store.contacts.findById((await c.store.users.findById(u.id))!.primary_contact_id!);
    const inv = await c.store.transaction((tx) =>
      createInvoice(tx, c, { userId: u.id, recipient: recipient!, lines: [{ description: 'selain.fi registration', qty: 1, unitCents: 1490 }] }));

    const { context, page, blocked } = await phonePage(browser);
    try {
      await keyboardLogin(page, t.url, u.username, u.password);

      // The start page's unpaid invoice links to the invoice.
      await tabTo(page, `main a[href="/panel/invoices/${inv.id}"]`);
      await Promise.all([page.waitForURL(`${t.url}/panel/invoices/${inv.id}`), page.keyboard.press('Enter')]);
      assert.equal(await page.locator('h1').textContent(), `Invoice ${inv.id}`);
      assert.match((await page.locator('table').textContent())!, /selain\.fi registration.*€3\.8025\.5%.*€18\.70/s);
      await checkPage(page, dir, 'invoice');

      // The PDF link, followed with the keyboard: the answer is this invoice as a PDF.
      const pdfPath = `/panel/invoices/${inv.id}/pdf`;
      const href = await page.locator(`a[href="${pdfPath}"]`).getAttribute('href');
      await tabTo(page, `a[href="${pdfPath}"]`);
      // Chromium shows the PDF as a page of its own: wait for that navigation to end too, or the next
      // goto races it ("interrupted by another navigation").
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${t.url}${pdfPath}`),
        page.waitForURL(`${t.url}${pdfPath}`),
        page.keyboard.press('Enter'),
      ]);
      assert.equal(response.status(), 200);
      assert.equal(response.headers()['content-type'], 'application/pdf');
      // The link's href fetched with the page's cookies, its text read back.
      const fetched = await context.request.get(`${t.url}${href}`);
      assert.equal(fetched.headers()['content-type'], 'application/pdf');
      const text = pdfText(await fetched.body());
      assert.match(text, new RegExp(`Invoice number\\s+${inv.id}\\n`));
      assert.match(text, /Total due\s+€18\.70/);

      // The list, from the navigation.
      await page.goto(`${t.url}/panel/invoices/${inv.id}`);
      await tabTo(page, 'header a[href="/panel/invoices"]');
      await Promise.all([page.waitForURL(`${t.url}/panel/invoices`), page.keyboard.press('Enter')]);
      assert.equal(await page.locator('h1').textContent(), 'Invoices');
      assert.match((await page.locator('table').textContent())!, new RegExp(`${inv.id}.*€18\\.70.*Unpaid`, 's'));
      await checkPage(page, dir, 'invoices');

      // Finnish words are longer: the invoice page still reads at 375 px.
      await page.goto(`${t.url}/panel/invoices/${inv.id}`);
      await tabTo(page, 'a[hreflang="fi"]');
      await Promise.all([page.waitForURL(`${t.url}/panel/invoices/${inv.id}`), page.keyboard.press('Enter')]);
      await page.waitForSelector('html[lang="fi"]');
      assert.match((await page.locator('table').textContent())!, /Maksettava yhteensä\s*18,70 €/);
      await checkPage(page, dir, 'invoice-fi');
      await tabTo(page, 'header a[href="/panel/invoices"]');
      await Promise.all([page.waitForURL(`${t.url}/panel/invoices`), page.keyboard.press('Enter')]);
      await checkPage(page, dir, 'invoices-fi');
      assert.deepEqual(blocked, [], 'nothing was refused by the CSP');
    } finally {
      await context.close();
    }
  });
});
