import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core; the browser tests skip (with a reason) where it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Waits until `expression` is true in the page. Polls with page.evaluate rather than
 * page.waitForFunction, whose predicate is compiled in the page and so refused by the pages'
 * Content-Security-Policy (no 'unsafe-eval').
 */
export async function until(page: Page, expression: string, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((go) => setTimeout(go, 50));
  }
}

/** Opens a route of the app (`/public`) and waits until its page is drawn. */
export async function openRoute(page: Page, base: string, hash: string): Promise<void> {
  await page.goto(`${base}/#${hash}`);
  await page.waitForSelector('html[data-ready]');
  await until(page, "!document.querySelector('main[aria-busy]')");
}
