import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECOND_ADMIN } from '../engine/seed/shadow.js';
import { CHROMIUM, hasChromium, LAPTOP, launchChromium, openRoute, PHONE, until } from '../test-support/browser.js';
import { startWebCity, WEB_PASSWORD, type WebCity } from '../test-support/web-city.js';

/*
 * The console page of versions under test and awaiting approval (SPEC §12), in Chromium over
 * the seed city, which holds a shadow city-citizen version and a version held by the publish
 * gate (src/engine/seed/shadow.ts): the author sees the divergence and the held version's
 * simulation and cannot approve it; a second admin can.
 */

if (!hasChromium) console.warn(`web candidates skipped: ${CHROMIUM} is missing`);

let city: WebCity;
let browser: Browser;

async function signIn(page: Page, account: string): Promise<void> {
  await openRoute(page, city.url, '/sign-in');
  await page.getByLabel('Account', { exact: true }).fill(account);
  await page.getByLabel('Password', { exact: true }).fill(WEB_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await until(page, "!location.hash.startsWith('#/sign-in')");
  await page.waitForSelector('button:has-text("Sign out")', { state: 'attached' });
}

/** Waits until the page's late parts (the held version's simulation) have loaded. */
const settled = (page: Page): Promise<void> =>
  until(page, "[...document.querySelectorAll('.loading')].every((e) => !e.checkVisibility())");

const pending = (page: Page) =>
  page.locator('section', { has: page.getByRole('heading', { name: /awaiting approval/ }) });

describe.skipIf(!hasChromium)('versions under test and awaiting approval, in Chromium', () => {
  beforeAll(async () => {
    city = await startWebCity({ persons: 2000 });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await city?.close();
  });

  it('the author sees the divergence and the held version, whose Approve is refused; a second admin approves it, then withdraws the shadow', async () => {
    const ctx = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'city-admin');

    // From the console, by keyboard-reachable link; focus lands on the new page's heading.
    await page.getByRole('link', { name: 'Versions under test' }).click();
    await until(page, "location.hash === '#/console/candidates'");
    await until(page, "document.activeElement?.tagName === 'H1'");
    await expect(page.locator('h1').innerText()).resolves.toBe('Versions under test and awaiting approval');

    // The shadow version: subjects whose grade or lists differ, with the explanation under both versions.
    const shadow = page.locator('section', {
      has: page.getByRole('heading', { name: 'city-citizen, shadow version 2' }),
    });
    const table = shadow.getByRole('table', { name: /Live against shadow for city-citizen/ });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const first = rows.first();
    await expect(first.locator('td').nth(0).innerText()).resolves.toMatch(/^person:/);
    const live = (await first.locator('td').nth(1).textContent()) ?? '';
    const under = (await first.locator('td').nth(2).textContent()) ?? '';
    expect(live).toMatch(/score/);
    expect(under).toMatch(/score/);
    expect(live).not.toBe(under);
    // The shadow's bad-driving rule weighs 12 per severity point, the live one 10: the points differ.
    expect(under).toMatch(/bad-driving/);
    await expect(shadow.getByRole('button', { name: 'Promote version 2' }).isEnabled()).resolves.toBe(true);

    // The held version: what the gate saw, and the simulation of approving it now (transitions, lists).
    const held = pending(page);
    await expect(
      held.getByRole('heading', { name: 'city-citizen, version 3 awaiting approval' }).count(),
    ).resolves.toBe(1);
    await expect(held.innerText()).resolves.toMatch(
      /Its simulation opens \d+ and ends \d+ listings, over the threshold/,
    );
    await settled(page);
    await expect(held.getByRole('table', { name: 'Transitions: rows before, columns after' }).count()).resolves.toBe(1);
    const lists = held.getByRole('table', { name: /Per list: qualifying subjects/ });
    const bar = lists.locator('tr', { hasText: 'higher-education-bar' });
    expect(Number((await bar.locator('td').nth(1).innerText()).replace(/\D/g, ''))).toBeGreaterThan(0);

    // Its author's Approve is disabled, with the reason read with the button; the server refuses it too.
    const mine = held.getByRole('button', { name: 'Approve version 3' });
    await expect(mine.isDisabled()).resolves.toBe(true);
    const describedBy = await mine.getAttribute('aria-describedby');
    const why = await page.locator(`#${describedBy ?? 'none'}`).innerText();
    expect(why).toContain('a second admin of city approves it');
    const refused = await page.evaluate<{ status: number; code: string }>(
      "fetch('/v1/schemes/city/city-citizen/versions/3/approve', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(async (r) => ({ status: r.status, code: (await r.json()).code }))",
    );
    expect(refused).toEqual({ status: 403, code: 'APPROVER_IS_AUTHOR' });

    // At phone width nothing scrolls sideways.
    await page.setViewportSize(PHONE);
    await settled(page);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await ctx.close();

    // A second admin of the city: Approve works, and the version is live.
    const ctx2 = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const page2 = await ctx2.newPage();
    page2.on('pageerror', (e) => errors.push(e.message));
    await signIn(page2, SECOND_ADMIN);
    await openRoute(page2, city.url, '/console/candidates');
    await settled(page2);
    const approve = pending(page2).getByRole('button', { name: 'Approve version 3' });
    await expect(approve.isEnabled()).resolves.toBe(true);
    await approve.click();
    await page2.waitForSelector('text=city-citizen@3 is approved and live.');
    await expect(page2.locator('main').innerText()).resolves.toContain('No version is waiting for approval.');
    const versions = await page2.evaluate<{ versions: { version: number }[] }>(
      "fetch('/v1/schemes/city/city-citizen').then((r) => r.json())",
    );
    expect(versions.versions.map((v) => v.version)).toContain(3);
    // The shadow version is withdrawn from the page: no longer under test.
    await page2
      .locator('section', { has: page2.getByRole('heading', { name: 'city-citizen, shadow version 2' }) })
      .getByRole('button', { name: 'Withdraw version 2' })
      .click();
    await page2.waitForSelector('text=city-citizen@2 is withdrawn.');
    await expect(page2.locator('main').innerText()).resolves.not.toContain('shadow version 2');
    const left = await page2.evaluate<{ versions: unknown[] }>("fetch('/v1/schemes/candidates').then((r) => r.json())");
    expect(left.versions).toEqual([]);
    expect(errors).toEqual([]);
    await ctx2.close();
  }, 180_000);
});
