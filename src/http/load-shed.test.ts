import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../test-support/engine.js';
import { createApiKey } from '../engine/tenancy/auth.js';
import { entitle, partyAdd } from '../engine/decisions/check.js';
import { fixedClock } from '../engine/clock.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { startServer } from './server.js';
import { loadConfig } from '../config.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-shed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens a connection and sends a check's headers but not its body: the request stays in flight until `finish`. */
async function halfSent(url: URL, secret: string, body: string): Promise<{ finish: () => Promise<string> }> {
  const socket: Socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString()));
  socket.write(
    `POST /v1/checks HTTP/1.1\r\nhost: ${url.host}\r\nauthorization: Bearer ${secret}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`,
  );
  return {
    finish: async () => {
      socket.write(body);
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      return received;
    },
  };
}

describe('load shedding', () => {
  it('answers 503 OVERLOADED with Retry-After beyond the in-flight bound, logs only answered checks, and keeps /healthz', async () => {
    const db = join(dir, 'shed.db');
    const deps = {
      store: openSqliteStore(db, { create: true, actions: ACTIONS }),
      clock: fixedClock(Date.parse('2026-05-01T00:00:00Z')),
    };
    await partyAdd(deps, 'airline');
    await entitle(deps, 'airline', 'flight.board');
    const { secret } = await createApiKey(deps, { party: 'airline' });
    const server = await startServer(deps, {
      port: 0,
      loadShed: { maxInFlight: 2, maxEventLoopDelayMs: 0, retryAfterSeconds: 7 },
    });
    try {
      const url = new URL(server.url);
      const body = JSON.stringify({ subject: 'person:pat', action: 'flight.board' });
      const check = (): Promise<Response> =>
        fetch(`${server.url}/v1/checks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body,
        });
      // Two checks in flight fill the bound.
      const held = [await halfSent(url, secret, body), await halfSent(url, secret, body)];
      await new Promise((r) => setTimeout(r, 100));
      const shed = await Promise.all([check(), check(), check()]);
      for (const r of shed) {
        expect(r.status).toBe(503);
        expect(r.headers.get('retry-after')).toBe('7');
        const shedBody = (await r.json()) as { code: string; message: string };
        expect(shedBody.code).toBe('OVERLOADED');
        expect(shedBody.message).toMatch(/2 requests in flight/);
      }
      // Liveness and readiness still answer at the bound.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      // The held checks are answered; then the bound has room again.
      for (const h of held) expect(await h.finish()).toMatch(/^HTTP\/1\.1 200 /);
      const after = await check();
      expect(after.status).toBe(200);
      // Concurrent checks: every one is answered or shed, and only the answered ones are logged.
      const burst = await Promise.all(Array.from({ length: 60 }, () => check()));
      const answered = burst.filter((r) => r.status === 200).length;
      expect(answered + burst.filter((r) => r.status === 503).length).toBe(60);
      await server.close();
      const store = openSqliteStore(db);
      expect(await store.transaction((tx) => tx.countAccess())).toBe(2 + 1 + answered);
      await store.close();
    } finally {
      await server.close();
    }
  });

  it('reads its bounds from the environment, with documented defaults, and names a bad one', () => {
    expect(loadConfig({}).loadShed).toEqual({ maxInFlight: 512, maxEventLoopDelayMs: 500, retryAfterSeconds: 1 });
    expect(
      loadConfig({
        STANDING_MAX_IN_FLIGHT: '0',
        STANDING_MAX_EVENT_LOOP_DELAY_MS: '200',
        STANDING_RETRY_AFTER_SECONDS: '5',
      }).loadShed,
    ).toEqual({ maxInFlight: 0, maxEventLoopDelayMs: 200, retryAfterSeconds: 5 });
    expect(() => loadConfig({ STANDING_MAX_IN_FLIGHT: 'lots', STANDING_RETRY_AFTER_SECONDS: '0' })).toThrow(
      /STANDING_MAX_IN_FLIGHT.*STANDING_RETRY_AFTER_SECONDS/,
    );
  });

  it('sheds while the event loop lags beyond its bound for three windows in a row, not after one long block', async () => {
    const deps = {
      store: openSqliteStore(join(dir, 'lag.db'), { create: true, actions: ACTIONS }),
      clock: fixedClock(Date.parse('2026-05-01T00:00:00Z')),
    };
    const server = await startServer(deps, {
      port: 0,
      loadShed: { maxInFlight: 0, maxEventLoopDelayMs: 50, retryAfterSeconds: 2 },
    });
    const busy = (ms: number): void => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));
    try {
      const url = `${server.url}/v1/schemes`;
      await new Promise((r) => setTimeout(r, 300));
      // One long block (a sweep): the next window is calm again, nothing is shed.
      busy(400);
      await new Promise((r) => setTimeout(r, 150));
      expect((await fetch(url)).status).not.toBe(503);
      // Sustained lag: every turn of the loop takes 150 ms, for a second.
      for (let i = 0; i < 7; i++) {
        busy(150);
        await tick();
      }
      const during = fetch(url);
      busy(150);
      const r = await during;
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('2');
      expect(((await r.json()) as { message: string }).message).toMatch(/event loop lags/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
