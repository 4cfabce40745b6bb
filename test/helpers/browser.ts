import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO } from './paths.js';

/**
 * Browser tests of the panel: Debian's chromium driven by playwright-core (nothing downloads a
 * browser). One browser per test file, like one server per file. Pages are checked with axe-core
 * (no serious or critical violation), for horizontal scrolling, and photographed into
 * test-artifacts/<suite>/ (ignored by git), whose path the suite prints. Code run in the page reaches
 * the DOM through globalThis: the project's TypeScript has no DOM types.
 */
const ROOT = REPO;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI containers run as root, where chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** The folder a suite's screenshots go to, made and printed once. */
export function artifactsDir(suite: string): string {
  const dir = join(ROOT, 'test-artifacts', suite);
  mkdirSync(dir, { recursive: true });
  console.log(`# screenshots: ${dir}`);
  return dir;
}

/**
 * axe-core's serious and critical violations on the page, asserted to be none. The source is
 * evaluated through the DevTools protocol, which the page's CSP (no script at all) does not govern.
 */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] });
    return (result.violations as Array<{ id: string; impact: string; help: string; nodes: Array<{ target: unknown }> }>)
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
  assert.deepEqual(violations, [], `${label}: accessibility violations`);
}

/** The page is no wider than the window (nothing to scroll sideways). */
export async function assertNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => {
    const root = (globalThis as any).document.documentElement;
    return { scroll: root.scrollWidth as number, client: root.clientWidth as number };
  });
  assert.ok(scroll <= client, `${label}: ${scroll} px wide in a ${client} px window`);
}

/** Presses Tab until the element matching `selector` has the focus (keyboard only, no clicks). */
/** Presses Enter on what has the focus and waits for the page it leads to. */
export async function enterTo(page: Page, url: string | RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.keyboard.press('Enter')]);
}

export async function tabTo(page: Page, selector: string, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => ((globalThis as any).document.activeElement?.matches(s) as boolean | undefined) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** Checks a page the way every panel page is checked, and keeps its screenshot. */
export async function checkPage(page: Page, dir: string, name: string): Promise<void> {
  await assertAccessible(page, name);
  await assertNoHorizontalScroll(page, name);
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * A page the size of a phone (375 px wide), in `locale`, with every complaint of the page's console
 * about the Content-Security-Policy collected in `blocked` (a walk asserts it empty at the end).
 */
export async function phonePage(browser: Browser, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page; blocked: string[] }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale });
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && blocked.push(m.text()));
  return { context, page, blocked };
}

/** Logs in at `${base}/panel/login` with the keyboard only, and waits for the start page. */
export async function keyboardLogin(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/panel/login`);
  await tabTo(page, '#username');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL(`${base}/panel`), page.keyboard.press('Enter')]);
}
