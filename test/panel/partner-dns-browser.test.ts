import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { partnerPerson } from '../helpers/panel.js';
import { artifactsDir, checkPage, keyboardLogin, launchBrowser, phonePage, tabTo, enterTo } from '../helpers/browser.js';

/**
 * A partner's person in chromium at 375 px, keyboard only: from the clients to a client, its domain,
 * the domain's DNS records, and an SRV record added in the partner API's fields (a mistake first, shown
 * at its field in the partner API's words). Every page is checked by axe-core and photographed.
 */
describe("panel: a partner's DNS editor in chromium", () => {
  let t: TestServer;
  let browser: Browser;
  let dir: string;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    dir = artifactsDir('panel-partner-dns');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });


  test('from a client to its domain and an SRV record, with the keyboard', async () => {
    const p = await t.partner();
    const person = await partnerPerson(t, p.id, `selain-${p.id}@partner.example`);
    const c = await t.user({ partnerId: p.id, clientType: 'Managed Client', postpaid: true });
    const domain = 'kumppani-selain.fi';
    await purchase(t, c.token, domain);
    const records = `${t.url}/panel/partner/domains/${domain}/records`;
    const { context, page, blocked } = await phonePage(browser);
    try {
      await keyboardLogin(page, t.url, person.email, person.password);
      await tabTo(page, `a[href="/panel/clients/${c.id}"]`);
      await enterTo(page, `${t.url}/panel/clients/${c.id}`);
      await checkPage(page, dir, 'client');
      await tabTo(page, `a[href="/panel/partner/domains/${domain}"]`);
      await enterTo(page, `${t.url}/panel/partner/domains/${domain}`);
      await checkPage(page, dir, 'domain');
      await tabTo(page, `a[href="/panel/partner/domains/${domain}/records"]`);
      await enterTo(page, records);
      await checkPage(page, dir, 'records');

      await tabTo(page, 'select#type');
      await page.keyboard.type('SRV');
      assert.equal(await page.locator('select#type').inputValue(), 'SRV');
      await tabTo(page, 'form[action$="/records/new"] button[type="submit"]');
      await enterTo(page, `${records}/new?type=SRV`);
      await checkPage(page, dir, 'record-new-srv');
      await tabTo(page, '#record_name');
      await page.keyboard.type('_sip._tcp');
      await tabTo(page, '#record_data');
      await page.keyboard.type('sip.example.net');
      await tabTo(page, '#priority');
      await page.keyboard.type('10');
      await tabTo(page, 'main button[type="submit"]');
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('.error-summary');
      assert.match((await page.locator('#record_data-error').textContent())!, /^The record_data of an SRV record must be: weight port target/);
      assert.equal(await page.locator('#record_data').getAttribute('aria-invalid'), 'true');
      await checkPage(page, dir, 'record-new-srv-errors');
      await tabTo(page, '#record_data');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('5 5060 sip.example.net');
      await tabTo(page, 'main button[type="submit"]');
      await enterTo(page, `${records}?done=added`);
      assert.match((await page.locator('table.records').textContent())!, /5 5060 sip\.example\.net/);
      await checkPage(page, dir, 'records-added');

      await tabTo(page, 'a[href$="/edit"]');
      await enterTo(page, /\/records\/\d+\/edit$/);
      await checkPage(page, dir, 'record-edit');
      await page.goBack();
      await tabTo(page, 'a[href$="/delete"]');
      await enterTo(page, /\/records\/\d+\/delete$/);
      await checkPage(page, dir, 'record-delete');
      assert.deepEqual(blocked, [], 'nothing was refused by the CSP');
    } finally {
      await context.close();
    }
  });
});
