import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { artifactsDir, checkPage, launchBrowser, tabTo, keyboardLogin, phonePage, enterTo } from '../helpers/browser.js';
import { dig, requireDnsClients, type DigResult } from '../servers/dns/helpers.js';

/**
 * The DNS editor in chromium at 375 px, keyboard only: from the domain page to the records, an MX and
 * a TXT record added through their forms (and a mistake shown at its field), and dig asking the
 * server's own DNS for them. Every editor page is checked by axe-core and photographed.
 */
describe('panel DNS editor in chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let dir: string;
  before(async () => {
    requireDnsClients();
    [t, browser] = await Promise.all([startTestServer({ env: { DNS_PORT: '0' } }), launchBrowser()]);
    dir = artifactsDir('panel-dns-editor');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });


  /** Asks dig until the answer has `want` (the zone is published by the outbox just after the commit). */
  async function digUntil(port: number, name: string, type: string, want: RegExp): Promise<DigResult> {
    let last: DigResult | undefined;
    for (let i = 0; i < 50; i++) {
      last = await dig(port, name, type);
      if (last.answer.some((rr) => want.test(rr.join(' ')))) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`dig ${name} ${type} never answered ${want}: ${last?.raw}`);
  }

  /** Chooses a type on the records page with the keyboard and opens its form. */
  async function openForm(page: Page, domain: string, typed: string, type: string): Promise<void> {
    await tabTo(page, 'select#type');
    await page.keyboard.type(typed);
    assert.equal(await page.locator('select#type').inputValue(), type);
    await tabTo(page, 'form[action$="/records/new"] button[type="submit"]');
    await enterTo(page, `${t.url}/panel/domains/${domain}/records/new?type=${type}`);
  }

  test('a customer adds an MX and a TXT record with the keyboard, and dig answers them', async () => {
    const u = await t.user({ postpaid: true });
    const domain = 'selain-dns.fi';
    await purchase(t, u.token, domain);
    const port = t.server.dns!.port;
    const { context, page, blocked } = await phonePage(browser);
    try {
      await keyboardLogin(page, t.url, u.username, u.password);

      await page.goto(`${t.url}/panel/domains/${domain}`);
      await tabTo(page, `a[href="/panel/domains/${domain}/records"]`);
      await enterTo(page, `${t.url}/panel/domains/${domain}/records`);
      await checkPage(page, dir, 'records');

      // MX, first with a mistake: the preference left empty.
      await openForm(page, domain, 'MX', 'MX');
      await checkPage(page, dir, 'record-new-mx');
      await tabTo(page, '#host');
      await page.keyboard.type('@');
      await page.keyboard.press('Tab');
      await page.keyboard.type('mail.example.net');
      await tabTo(page, 'main button[type="submit"]');
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('.error-summary');
      assert.equal(await page.locator('#pref-error').textContent(), 'The pref is required');
      assert.equal(await page.locator('#pref').getAttribute('aria-invalid'), 'true');
      await checkPage(page, dir, 'record-new-mx-errors');
      await tabTo(page, '#pref');
      await page.keyboard.type('10');
      await tabTo(page, 'main button[type="submit"]');
      await enterTo(page, `${t.url}/panel/domains/${domain}/records?done=added`);
      assert.match((await page.locator('.notice').textContent())!, /The record was added/);

      // TXT, in its text area.
      await openForm(page, domain, 'T', 'TXT');
      await checkPage(page, dir, 'record-new-txt');
      await tabTo(page, '#host');
      await page.keyboard.type('@');
      await tabTo(page, 'textarea#content');
      await page.keyboard.type('v=spf1 mx -all');
      await tabTo(page, 'main button[type="submit"]');
      await enterTo(page, `${t.url}/panel/domains/${domain}/records?done=added`);
      const table = (await page.locator('table.records').textContent())!;
      assert.match(table, /mail\.example\.net/);
      assert.match(table, /v=spf1 mx -all/);
      await checkPage(page, dir, 'records-added');

      const mx = await digUntil(port, domain, 'MX', /\bMX 10 mail\.example\.net\.$/);
      assert.equal(mx.status, 'NOERROR');
      assert.ok(mx.flags.includes('aa'), 'an authoritative answer');
      const txt = await digUntil(port, domain, 'TXT', /"v=spf1 mx -all"$/);
      assert.equal(txt.status, 'NOERROR');

      // The edit form and the delete confirmation, checked as pages.
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
