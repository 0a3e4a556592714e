import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../engine/clock.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { setReports } from '../engine/reports/reports.js';
import { addAccount } from '../engine/tenancy/accounts.js';
import { setPassword } from '../engine/tenancy/auth.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { startServer, type RunningServer } from '../http/server.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { CHROMIUM, hasChromium, LAPTOP, launchChromium, openRoute, until } from '../test-support/browser.js';
import { CITY_TEST_SCHEME } from '../test-support/city-test-scheme.js';
import { ACTIONS } from '../test-support/engine.js';

/* Reports from the public in a real Chromium: a person files one in the portal, a reviewer accepts it on the triage page, the subject's records say who reported it; axe-core on both pages. */

if (!hasChromium) console.warn(`web reports test skipped: ${CHROMIUM} is missing`);

const PASSWORD = 'correct horse battery';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let server: RunningServer;
let browser: Browser;

async function signIn(page: Page, account: string): Promise<void> {
  await openRoute(page, server.url, '/sign-in');
  await page.getByLabel('Account', { exact: true }).fill(account);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForSelector('button:has-text("Sign out")', { state: 'attached' });
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const v = await page.evaluate<{ id: string; nodes: { target: string[] }[] }[]>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } }).then((r) => r.violations)",
  );
  return v.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!hasChromium)('reports from the public in the web UI', () => {
  beforeAll(async () => {
    const store = openSqliteStore(':memory:', { actions: ACTIONS });
    const deps = { store, clock: systemClock };
    await grantAction(deps, 'city', 'flight.board');
    await publishScheme(deps, CITY_TEST_SCHEME);
    await setReports(deps, 'city', { open: true });
    for (const [name, roles, extra] of [
      ['pat', ['subject'], { subject: 'person:pat' }],
      ['ann', ['subject'], { subject: 'person:ann' }],
      ['rev', ['reviewer'], { authority: 'city' }],
    ] as const) {
      await addAccount(deps, { name, roles: [...roles], ...extra });
      await setPassword(deps, name, PASSWORD);
    }
    server = await startServer(deps, { port: 0, host: '127.0.0.1', sweepSeconds: 30 });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a person reports; a reviewer accepts with reasons; the subject sees it reported by a member of the public', async () => {
    const ctx = await browser.newContext({ viewport: LAPTOP, bypassCSP: true });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openRoute(page, server.url, '/public');
    await page.waitForSelector('[data-reports="open"]');
    await expect(page.locator('[data-reports="open"]').innerText()).resolves.toContain(
      'Accepts reports from the public',
    );
    await signIn(page, 'pat');
    await openRoute(page, server.url, '/me/reports');
    await page.waitForSelector('form[data-report-form]');
    // Required fields are flagged before anything is sent.
    await page.getByRole('button', { name: 'Send report' }).click();
    await expect(page.locator('[data-field="subject"] .field-error').innerText()).resolves.toContain('Name who');
    await page.getByLabel('Who', { exact: true }).fill('person:ann');
    await page.getByLabel('What kind of conduct', { exact: true }).fill('traffic.jaywalking');
    const when = new Date(Date.now() - 3_600_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel('When it happened', { exact: true }).fill(when);
    await page.getByLabel('What happened', { exact: true }).fill('Crossed against the red light.');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForSelector('td:has-text("open")');
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Signing out ends on the public page: wait for it, or it would follow the next address.
    await until(page, "location.hash === '#/public'");

    await signIn(page, 'rev');
    await openRoute(page, server.url, '/review/reports');
    await page.waitForSelector('form[data-report]');
    await expect(page.locator('main').innerText()).resolves.toContain('none decided yet');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Reasons', { exact: true }).fill('Seen on camera 12.');
    await page.getByRole('button', { name: 'Accept: make it a record' }).click();
    await page.waitForSelector('text=No reports here.');
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Signing out ends on the public page: wait for it, or it would follow the next address.
    await until(page, "location.hash === '#/public'");

    await signIn(page, 'ann');
    await openRoute(page, server.url, '/me/records');
    await until(page, "document.querySelector('main').innerText.includes('reported by a member of the public')");
    expect(errors).toEqual([]);
    await ctx.close();
  }, 120_000);
});
