import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LAPTOP, launchChromium, openRoute, until } from '../test-support/browser.js';
import { startWebCity, WEB_PASSWORD, type WebCity } from '../test-support/web-city.js';

/*
 * Two staff pages in Simplified Chinese for docs/screenshots: the console and a review case
 * (the four-eyes rule, the notice, the decision form). Not part of the test suite.
 */

const SHOTS = new URL('../../docs/screenshots/', import.meta.url);
let city: WebCity;
let browser: Browser;

beforeAll(async () => {
  city = await startWebCity({ persons: 2000 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await city?.close();
});

async function settled(page: Page): Promise<void> {
  await until(page, "[...document.querySelectorAll('.loading')].every((e) => !e.checkVisibility())");
}

async function shot(page: Page, name: string): Promise<void> {
  await settled(page);
  await page.evaluate('window.scrollTo(0, 0)');
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  await page.screenshot({
    path: new URL(`${name}.png`, SHOTS).pathname,
    fullPage: true,
    clip: { x: 0, y: 0, width: LAPTOP.width, height: Math.min(height, 2000) },
  });
}

async function signIn(page: Page, account: string): Promise<void> {
  await openRoute(page, city.url, '/sign-in');
  await page.getByLabel('账户', { exact: true }).fill(account);
  await page.getByLabel('密码', { exact: true }).fill(WEB_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await until(page, "!location.hash.startsWith('#/sign-in')");
}

it('saves the console and a review case in Simplified Chinese', async () => {
  for (const [account, route, name, ready] of [
    ['city-admin', '/console', 'zh-console', 'figure svg rect'],
    ['city-reviewer', `/review/appeal/${city.conflict.appeal}`, 'zh-review-case', '[data-four-eyes]'],
  ] as const) {
    const ctx = await browser.newContext({
      viewport: LAPTOP,
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
      locale: 'zh-CN',
    });
    const page = await ctx.newPage();
    await signIn(page, account);
    await openRoute(page, city.url, route);
    await page.waitForSelector(ready);
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');
    await shot(page, name);
    await ctx.close();
  }
});
