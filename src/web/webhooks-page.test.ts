import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emit } from '../engine/webhooks/events.js';
import { hasChromium, LAPTOP, launchChromium, openRoute, PHONE, until } from '../test-support/browser.js';
import { startWebCity, WEB_PASSWORD, type WebCity } from '../test-support/web-city.js';

/*
 * The console's webhooks page in Chromium against a real server and a receiver on
 * 127.0.0.1: the city's admin adds an endpoint and sees its secret once, rotates it,
 * reads the delivery log after an event (signed with the rotated secret), replays the
 * delivery, and disables the endpoint, after which nothing more is queued for it.
 */

interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
}

let city: WebCity;
let browser: Browser;
const received: Received[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (body += c));
  req.on('end', () => {
    received.push({
      id: String(req.headers['webhook-id']),
      timestamp: String(req.headers['webhook-timestamp']),
      signature: String(req.headers['webhook-signature']),
      body,
    });
    res.writeHead(204).end();
  });
});
let hookUrl: string;

async function waitFor(what: () => boolean, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((go) => setTimeout(go, 50));
  }
}

/** An event of the city, written as the engine writes every event. */
function cityEvent(subject: string): Promise<string> {
  return city.deps.store.transaction((tx) =>
    emit(tx, {
      type: 'consent.changed',
      at: city.deps.clock.now(),
      authority: 'city',
      subject,
      data: { scheme: 'city-citizen', optIn: false, effectiveAt: new Date(0).toISOString() },
    }),
  );
}

describe.skipIf(!hasChromium)('the webhooks page in Chromium', () => {
  beforeAll(async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/standing`;
    city = await startWebCity({ persons: 1000 });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await city?.close();
    receiver.close();
  });

  it('adds an endpoint, shows its secret once, rotates, logs and replays a delivery, disables', async () => {
    const ctx = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: city.url });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openRoute(page, city.url, '/sign-in');
    await page.getByLabel('Account').fill('city-admin');
    await page.getByLabel('Password').fill(WEB_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await until(page, "location.hash === '#/console'");
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await until(page, "location.hash === '#/console/webhooks'");
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.waitForSelector('text=No endpoint yet.');

    // Nothing chosen: the form says so at its event types, and sends nothing.
    await page.getByLabel('Endpoint URL').fill(hookUrl);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.waitForSelector('text=Choose at least one event type.');
    await page.getByLabel('consent.changed').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();

    // The secret, once: shown, focused, copied.
    await page.waitForSelector('[data-secret]');
    const first = await page.locator('[data-secret]').innerText();
    expect(first).toMatch(/^whsec_/);
    await expect(
      page.evaluate<boolean>("document.activeElement.contains(document.querySelector('[data-secret]'))"),
    ).resolves.toBe(true);
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.waitForSelector('text=Copied.');
    await expect(page.evaluate<string>('navigator.clipboard.readText()')).resolves.toBe(first);
    const card = page.locator('[data-endpoint]');
    await expect(card.locator('h2').innerText()).resolves.toContain(hookUrl);
    await expect(card.innerText()).resolves.toContain('consent.changed');

    // Gone once the page is opened again: Standing keeps no copy.
    await page.reload();
    await page.waitForSelector('html[data-ready]');
    await page.locator('[data-endpoint]').waitFor();
    expect(await page.locator('[data-secret]').count()).toBe(0);

    // Rotate: a new secret, shown once; generation 2.
    await page.getByRole('button', { name: `Rotate the secret of ${hookUrl}` }).click();
    await page.waitForSelector('text=The endpoint’s new signing secret');
    const rotated = await page.locator('[data-secret]').innerText();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(first);
    await expect(page.locator('[data-endpoint] .facts').innerText()).resolves.toMatch(/secret generation\s+2/i);

    // An event of the city: delivered to the receiver, signed with the rotated secret.
    const eventId = await cityEvent('person:990000000000000043');
    await waitFor(() => received.some((r) => r.id === eventId));
    const got = received.find((r) => r.id === eventId)!;
    const headers = { 'webhook-id': got.id, 'webhook-timestamp': got.timestamp, 'webhook-signature': got.signature };
    expect(new Webhook(rotated).verify(got.body, headers)).toMatchObject({ id: eventId, type: 'consent.changed' });
    expect(() => new Webhook(first).verify(got.body, headers)).toThrow();

    // The delivery log: delivered, its status, attempts and latency; then a replay.
    await page.locator('summary', { hasText: 'Delivery log' }).click();
    const row = page.locator('.delivery-log tbody tr');
    await row.first().waitFor();
    await until(page, "document.querySelector('.delivery-log tbody tr')?.textContent.includes('delivered')");
    expect(await row.count()).toBe(1);
    const text = await row.first().innerText();
    expect(text).toContain(eventId);
    expect(text).toContain('204');
    expect(text).toMatch(/\d+ ms/);
    await page.getByRole('button', { name: `Replay ${eventId}` }).click();
    await page.waitForSelector(`text=${eventId} is queued again.`);
    await waitFor(() => received.filter((r) => r.id === eventId).length === 2);
    await page.getByRole('button', { name: 'Refresh log' }).click();
    await until(page, "document.querySelector('.delivery-log tbody tr')?.textContent.includes('delivered')");

    // Disable: marked so, and an event afterwards queues nothing for it.
    await page.getByRole('button', { name: `Disable ${hookUrl}` }).click();
    await page.getByRole('button', { name: `Enable ${hookUrl}` }).waitFor();
    await expect(page.locator('[data-endpoint] h2').innerText()).resolves.toContain('disabled');
    const later = await cityEvent('person:990000000000000043');
    await page.locator('summary', { hasText: 'Delivery log' }).click();
    await page.locator('.delivery-log tbody tr').first().waitFor();
    expect(await page.locator('.delivery-log tbody tr').count()).toBe(1);
    expect(received.some((r) => r.id === later)).toBe(false);

    // At a phone's width the page does not scroll sideways.
    await page.setViewportSize(PHONE);
    await expect(page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).resolves.toBe(
      true,
    );
    expect(errors).toEqual([]);
    await ctx.close();
  }, 120_000);
});
