import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { artifactsDir, checkPage, launchBrowser, tabTo, keyboardLogin, phonePage, enterTo } from '../helpers/browser.js';
import { dig, requireDnsClients } from '../servers/dns/helpers.js';

/**
 * The domain page's settings in a real browser at 375 px, with the keyboard only: park the domain and
 * see the DNS server's NS answer become the park servers (dig), unpark it and see ours again; a
 * refused name server shown at its field; the auth code on its own page. Every page checked by axe-core
 * and kept as a screenshot.
 */
describe('panel domain settings in chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let dir: string;
  let dnsPort: number;
  before(async () => {
    requireDnsClients();
    [t, browser] = await Promise.all([startTestServer({ env: { DNS_PORT: '0' } }), launchBrowser()]);
    dnsPort = t.server.dns!.port;
    dir = artifactsDir('panel-domain-settings');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The zone's apex NS as dig gets them from the server, once they are `expected` (publishing is a job). */
  async function nsAnswerBecomes(name: string, expected: string[]): Promise<void> {
    const want = expected.map((ns) => `${ns}.`).sort();
    let last: string[] = [];
    for (const start = Date.now(); Date.now() - start < 10_000; await new Promise((r) => setTimeout(r, 100))) {
      const answer = await dig(dnsPort, name, 'NS');
      last = answer.answer.filter((rr) => rr[3] === 'NS').map((rr) => rr[4]!).sort();
      if (answer.status === 'NOERROR' && JSON.stringify(last) === JSON.stringify(want)) return;
    }
    assert.deepEqual(last, want, `the NS answer of ${name}`);
  }


  test('a customer parks and unparks a domain with the keyboard, and dig sees the NS answers change', async () => {
    const u = await t.user({ postpaid: true });
    const name = 'pysakointi-selain.fi';
    await purchase(t, u.token, name);
    const { nameservers, parkNameservers } = t.server.runtime.ctx.settings;
    await nsAnswerBecomes(name, nameservers);

    const { context, page, blocked } = await phonePage(browser);
    const domainUrl = `${t.url}/panel/domains/${name}`;
    try {
      await keyboardLogin(page, t.url, u.username, u.password);
      await tabTo(page, 'a[href="/panel/domains"]');
      await enterTo(page, `${t.url}/panel/domains`);
      await tabTo(page, `a[href="/panel/domains/${name}"]`);
      await enterTo(page, domainUrl);
      await checkPage(page, dir, 'domain-settings');

      await tabTo(page, '#parking', 60);
      assert.equal(await page.locator('#parking').textContent(), 'Park the domain');
      await enterTo(page, `${domainUrl}?saved=park`);
      assert.equal(await page.locator('.notice').textContent(), 'The domain is parked.');
      await checkPage(page, dir, 'domain-parked');
      await nsAnswerBecomes(name, parkNameservers);

      await tabTo(page, '#parking', 60);
      assert.equal(await page.locator('#parking').textContent(), 'Stop parking');
      await enterTo(page, `${domainUrl}?saved=unpark`);
      await checkPage(page, dir, 'domain-unparked');
      await nsAnswerBecomes(name, nameservers);

      // A name server that is no host name: the page again, the message at the field, nothing changed.
      await tabTo(page, '#ns-1', 60);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('not a host!');
      await tabTo(page, 'form[action$="/nameservers"] button[type="submit"]', 60);
      await Promise.all([page.waitForSelector('.error-summary'), page.keyboard.press('Enter')]);
      assert.equal(await page.locator('#ns-1').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#ns-1-error').textContent(), 'The nameservers.0 must be a valid host name');
      await checkPage(page, dir, 'domain-settings-refused');
      await nsAnswerBecomes(name, nameservers);

      await page.goto(domainUrl);
      await tabTo(page, '#authcode', 60);
      await Promise.all([page.waitForSelector('.secret code'), page.keyboard.press('Enter')]);
      const code = (await page.locator('.secret code').textContent())!;
      assert.ok(await t.server.runtime.ctx.registry.verifyAuthCode(name, code), 'the code shown is the registry\'s');
      await checkPage(page, dir, 'auth-code');
      assert.deepEqual(blocked, [], 'nothing was refused by the CSP');
    } finally {
      await context.close();
    }
  });
});
