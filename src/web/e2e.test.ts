import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, LAPTOP, launchChromium, openRoute, PHONE, until } from '../test-support/browser.js';
import { startWebCity, WEB_PASSWORD, type WebCity } from '../test-support/web-city.js';

/*
 * The web UI end to end, in a real headless Chromium against a real server over a small
 * seed city: an operator publishes a scheme version (after fixing an error shown at its
 * line), a subject appeals a notice, a reviewer overturns it, another reviewer is stopped
 * by the four-eyes rule, an airline checks the subject, and the subject sees the outcome
 * and the check. Every page is saved at laptop and phone sizes: to docs/screenshots with
 * STANDING_SCREENSHOTS=1 (to refresh the committed pictures), else to a temporary directory.
 */

if (!hasChromium)
  console.warn(`web e2e skipped: ${CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)`);
if (!existsSync(new URL('../../web/dist/index.html', import.meta.url)))
  console.warn('web e2e: web/dist is not built; run `npm run build:web` first');

const SHOTS =
  process.env.STANDING_SCREENSHOTS === '1'
    ? new URL('../../docs/screenshots/', import.meta.url)
    : pathToFileURL(`${mkdtempSync(join(tmpdir(), 'standing-shots-'))}/`);

let city: WebCity;
let browser: Browser;

async function context(viewport = LAPTOP): Promise<BrowserContext> {
  return browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: 'reduce' });
}

async function open(page: Page, hash: string): Promise<void> {
  await openRoute(page, city.url, hash);
}

/** Waits for late parts of a page (charts, lists) to finish loading, then saves it. */
async function shot(page: Page, name: string): Promise<void> {
  await until(page, "[...document.querySelectorAll('.loading')].every((e) => !e.checkVisibility())");
  // The whole page, up to a height that keeps the committed images small.
  const width = page.viewportSize()?.width ?? LAPTOP.width;
  await page.evaluate('window.scrollTo(0, 0)');
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  await page.screenshot({
    path: new URL(`${name}.png`, SHOTS).pathname,
    fullPage: true,
    clip: { x: 0, y: 0, width, height: Math.min(height, width < 600 ? 2400 : 2000) },
  });
}

async function signIn(page: Page, account: string): Promise<void> {
  await open(page, '/sign-in');
  await page.getByLabel('Account').fill(account);
  await page.getByLabel('Password').fill(WEB_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await until(page, "!location.hash.startsWith('#/sign-in')");
  await page.waitForSelector('button:has-text("Sign out")', { state: 'attached' });
}

async function signOut(page: Page): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForSelector('a:has-text("Sign in")', { state: 'attached' });
}

describe.skipIf(!hasChromium)('web UI in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    city = await startWebCity({ persons: 2000 });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await city?.close();
    if (process.env.STANDING_SCREENSHOTS !== '1') rmSync(SHOTS, { recursive: true, force: true });
  });

  it('loads the first page fast and small', async () => {
    interface Load {
      bytes: number;
      files: number;
      wire: number;
      domContentLoaded: number;
      ready: number;
    }
    /** One first visit in a fresh context (empty cache, no cookie) to the transparency page. */
    const firstLoad = async (): Promise<Load> => {
      const ctx = await context();
      const page = await ctx.newPage();
      const bodies: Promise<number>[] = [];
      page.on('response', (r) => {
        const type = r.request().resourceType();
        if (type === 'document' || type === 'script' || type === 'stylesheet')
          bodies.push(
            r.body().then(
              (b) => b.length,
              () => 0,
            ),
          );
      });
      await open(page, '/public');
      // Milliseconds from the start of navigation: the HTML parsed, and the page drawn with its data (the app's ready mark).
      const t = await page.evaluate<{ ready: number; domContentLoaded: number; wire: number }>(
        `({ ready: performance.getEntriesByName('standing-ready')[0]?.startTime ?? NaN,
            domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
            wire: [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource').filter((e) => /\\.(js|css)$/.test(new URL(e.name).pathname))]
              .reduce((a, e) => a + e.encodedBodySize, 0) })`,
      );
      const sizes = await Promise.all(bodies);
      await ctx.close();
      return { bytes: sizes.reduce((a, b) => a + b, 0), files: sizes.length, ...t };
    };
    await firstLoad(); // warms the browser process and the server, not the page's cache
    const runs: Load[] = [];
    for (let i = 0; i < 5; i++) runs.push(await firstLoad());
    const median = (f: (l: Load) => number): number => runs.map(f).sort((a, b) => a - b)[2]!;
    const r = runs[0]!;
    console.log(
      `web first load of #/public (median of 5): ${r.files} files, ${r.bytes} bytes of HTML+JS+CSS, ${r.wire} on the wire (Brotli); ` +
        `DOMContentLoaded ${median((l) => l.domContentLoaded).toFixed(0)} ms; interactive with its data drawn ${median((l) => l.ready).toFixed(0)} ms`,
    );
    expect(r.bytes).toBeGreaterThan(1000);
    // 170 kB: the ICU MessageFormat library (67 kB as shipped, 14 kB with Brotli) and the English catalogue's common part are part of every page
    // since the pages speak two languages; the staff pages' and the subject's pages' words load with those pages (web/src/i18n.ts loadMessages),
    // so this page does not carry them (166 kB measured). The wire budget below is unchanged.
    expect(r.bytes).toBeLessThan(170_000);
    expect(r.wire).toBeLessThan(60_000);
    // Generous: CI runs other test files beside this one.
    expect(median((l) => l.ready)).toBeLessThan(5_000);
  });

  it('runs due process end to end: publish, appeal, overturn, four eyes, check, outcome', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // Anyone: the transparency register.
    await open(page, '/public');
    await page.getByRole('heading', { name: 'Transparency register' }).waitFor();
    expect(await page.locator('figure svg rect').count()).toBeGreaterThan(3);
    await shot(page, 'public');
    await page.getByRole('link', { name: 'Citizen trustworthiness' }).first().click();
    await page.waitForSelector('text=How this scheme works');
    await shot(page, 'public-scheme');
    await open(page, '/sign-in');
    await shot(page, 'sign-in');

    // The operator (the city's admin) sees the console, then publishes a new version.
    await signIn(page, 'city-admin');
    expect(page.url()).toContain('#/console');
    await page.waitForSelector('text=Change over the last year');
    await shot(page, 'console');
    await open(page, `/console/subjects/${encodeURIComponent(city.appellant.subject)}`);
    await page.waitForSelector('text=Every contribution');
    await page.waitForSelector('.chart svg path');
    await shot(page, 'console-subject');
    await open(page, '/console/schemes/city/city-citizen');
    await page.waitForSelector('text=Proportionality report');
    await shot(page, 'console-scheme');
    await page.getByRole('link', { name: 'Publish a new version' }).click();
    await page.waitForSelector('#source');
    const source = await page.locator('#source').inputValue();
    expect(source).toContain('scheme: city-citizen');
    // A broken rule first: the error is shown at its line.
    const lines = source.split('\n');
    const bad = lines.findIndex((l) => l.trim() === 'points: -5');
    expect(bad).toBeGreaterThan(0);
    lines[bad] = lines[bad]!.replace('points: -5', 'points: -5 * record.data.severity +');
    await page.locator('#source').fill(lines.join('\n'));
    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.waitForSelector('.problems li');
    expect(await page.locator('.gutter span.err').allInnerTexts()).toContain(String(bad + 1));
    expect(await page.locator('.problems').innerText()).toContain(`Line ${bad + 1}`);
    await shot(page, 'console-publish-error');
    const fixed = source.replace('en: Citizen trustworthiness', 'en: Citizen trustworthiness (revised)');
    await page.locator('#source').fill(fixed);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.waitForSelector('text=is valid');
    await page.getByRole('button', { name: 'Publish version' }).click();
    // The demo city already holds a shadow version and a pending one (seed-shadow.ts): this is the next number.
    await page.getByText(/^Published city-citizen version \d+$/).waitFor();
    await shot(page, 'console-publish');
    await signOut(page);

    // The subject reads its file and appeals its notice.
    await signIn(page, city.appellant.account);
    expect(page.url()).toContain('#/me');
    await page.waitForSelector('text=Higher than');
    await shot(page, 'me-scores');
    await open(page, '/me/notices');
    const form = page.locator(`form[aria-label="Appeal listing ${city.appellant.listing}"]`);
    const details = page.locator('details.appeal', { has: form });
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await form.getByLabel('Your statement').fill('I sold that car in 2025; the violations after that are not mine.');
    await form.getByRole('button', { name: 'File the appeal' }).click();
    await page.waitForSelector('text=Suspended: you appealed in time');
    await shot(page, 'me-notices');
    await open(page, '/me/records');
    await shot(page, 'me-records');
    await signOut(page);

    // A reviewer finds it in the queue and overturns it with reasons and an exemption.
    await signIn(page, 'city-reviewer');
    await open(page, '/review');
    await shot(page, 'review-queue');
    const link = page.getByRole('link', { name: new RegExp(`· listing ${city.appellant.listing}$`) });
    await link.click();
    await page.waitForSelector('[data-four-eyes="clear"]');
    await expect(page.locator('.statement').first().innerText()).resolves.toContain('I sold that car');
    await shot(page, 'review-case');
    await page.getByLabel(/^Overturn/).check();
    await page.getByLabel(/^Exempt the subject/).check();
    await page
      .getByLabel('Written reasons')
      .fill(
        'The vehicle was sold before the later violations; the listing rests on records that are not the subject’s.',
      );
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForSelector('text=overturned');
    // The case shows the listing as the decision left it (ended), not as it was when the page opened.
    await page.waitForSelector('[data-listing-state="ended"]');
    await shot(page, 'review-decided');
    await signOut(page);

    // Rita submitted the records of another case: the four-eyes rule is shown, and enforced.
    await signIn(page, city.conflict.reviewer);
    await open(page, `/review/appeal/${city.conflict.appeal}`);
    await page.waitForSelector('[data-four-eyes="conflict"]');
    await page.getByLabel(/^Uphold/).check();
    await page.getByLabel('Written reasons').fill('The records are accurate.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForSelector('text=REVIEW_CONFLICT');
    await expect(page.locator('form .alert').innerText()).resolves.toContain('Four-eyes rule');
    await shot(page, 'review-four-eyes');
    await signOut(page);

    // The airline checks the subject.
    const check = await fetch(`${city.url}/v1/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${city.airlineKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: city.appellant.subject, action: 'flight.board' }),
    });
    expect(check.status).toBe(200);

    // The subject sees the outcome and who checked it.
    await signIn(page, city.appellant.account);
    await open(page, '/me/cases');
    await page.waitForSelector('text=overturned');
    await expect(page.locator('main').innerText()).resolves.toContain('The vehicle was sold');
    await shot(page, 'me-cases');
    await open(page, '/me/access');
    const row = page.locator('tr', { hasText: 'airline' }).first();
    await expect(row.innerText()).resolves.toMatch(/flight board/);
    await shot(page, 'me-access');
    await open(page, '/me/inbox');
    await shot(page, 'me-inbox');
    await open(page, '/me/consent');
    await shot(page, 'me-consent');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 240_000);

  it('simulates a draft before publishing: grade bars, transition table, backtest chart', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'city-admin');
    await open(page, '/console/simulate?from=city/city-citizen/1');
    const source = await page.locator('#source').inputValue();
    expect(source).toContain('scheme: city-citizen');
    await page.locator('#source').fill(source.replace('when: subject.score < 600', 'when: subject.score < 900'));
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.waitForSelector('text=Nothing was written', { timeout: 60_000 });
    expect(await page.locator('figure svg rect').count()).toBeGreaterThan(3);
    await page.waitForSelector('caption:has-text("Transitions")');
    await page.waitForSelector('text=higher-education-bar (blacklist, changed)');
    await shot(page, 'console-simulate');
    await page.locator('#bt-from').fill('2025-06-01');
    await page.locator('#bt-to').fill('2026-01-01');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.waitForSelector('text=Backtest', { timeout: 60_000 });
    await page.waitForSelector('.chart svg path', { state: 'attached' });
    await shot(page, 'console-simulate-backtest');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('works on a phone: the menu collapses and the pages fit', async () => {
    const ctx = await context(PHONE);
    const page = await ctx.newPage();
    await open(page, '/public');
    await expect(page.locator('#nav').isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect(page.locator('#nav').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Menu' }).click();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'phone-public');
    await signIn(page, city.appellant.account);
    await page.waitForSelector('text=Higher than');
    await shot(page, 'phone-me-scores');
    await open(page, '/me/notices');
    await shot(page, 'phone-me-notices');
    await open(page, '/me/records');
    await shot(page, 'phone-me-records');
    await signOut(page);
    await signIn(page, 'city-admin');
    await page.waitForSelector('text=Change over the last year');
    await shot(page, 'phone-console');
    await signOut(page);
    await signIn(page, 'city-reviewer');
    await open(page, '/review');
    await shot(page, 'phone-review-queue');
    await open(page, `/review/appeal/${city.conflict.appeal}`);
    await page.waitForSelector('[data-four-eyes]');
    await shot(page, 'phone-review-case');
    await ctx.close();
  }, 120_000);

  it('reads in Simplified Chinese on a laptop and a phone: sign-in, the register, a subject’s notice', async () => {
    for (const [viewport, prefix] of [
      [LAPTOP, 'zh'],
      [PHONE, 'phone-zh'],
    ] as const) {
      const ctx = await browser.newContext({
        viewport,
        deviceScaleFactor: 1,
        reducedMotion: 'reduce',
        locale: 'zh-CN',
      });
      const page = await ctx.newPage();
      await open(page, '/sign-in');
      await expect(page.evaluate<string>('document.documentElement.lang')).resolves.toBe('zh-CN');
      await shot(page, `${prefix}-sign-in`);
      await open(page, '/public');
      await page.waitForSelector('text=公开透明登记册');
      await page.waitForSelector('figure svg rect');
      await shot(page, `${prefix}-public`);
      await open(page, '/sign-in');
      await page.getByLabel('账户', { exact: true }).fill(city.reader.account);
      await page.getByLabel('密码', { exact: true }).fill(WEB_PASSWORD);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await until(page, "!location.hash.startsWith('#/sign-in')");
      await open(page, '/me/notices');
      await page.waitForSelector('text=您的救济途径');
      // The appeal form open, when the notice still takes one (the e2e story above may have republished the scheme).
      const details = page.locator('details.appeal').first();
      if ((await details.count()) > 0 && (await details.getAttribute('open')) === null)
        await details.locator('summary').click();
      await shot(page, `${prefix}-me-notices`);
      await ctx.close();
    }
  }, 120_000);

  it('is usable from the keyboard: skip link, labelled fields, focus on the page heading', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await open(page, '/sign-in');
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe('Skip to content');
    // Every form control has an accessible name.
    const unlabeled = await page.evaluate<number>(
      "[...document.querySelectorAll('input, textarea, select')].filter((el) => !el.labels?.length && !el.getAttribute('aria-label')).length",
    );
    expect(unlabeled).toBe(0);
    await page.getByLabel('Account').fill('nobody');
    await page.getByLabel('Password').fill('wrong password');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role="alert"]');
    await expect(page.locator('[role="alert"]').innerText()).resolves.toContain('CREDENTIALS_INVALID');
    await ctx.close();
  });
});
