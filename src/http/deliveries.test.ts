import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import { systemClock } from '../engine/clock.js';
import type { EngineDeps } from '../engine/deps.js';
import { addAuthority } from '../engine/tenancy/auth.js';
import { addWebhook } from '../engine/webhooks/endpoints.js';
import { emit } from '../engine/webhooks/events.js';
import type { WebhookSettings } from '../engine/webhooks/worker.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { ACTIONS } from '../test-support/engine.js';
import { threadedDeliveries } from './deliveries.js';
import { startServer } from './server.js';

// The delivery thread runs dist/http/delivery-thread.js (`npm test` builds first).

const SETTINGS: WebhookSettings = { key: 'k'.repeat(40), allowPrivate: true, timeoutMs: 5000, pollMs: 100 };

/**
 * A receiver on a thread of its own, so that it answers while the test's main thread is
 * blocked: counts requests received in slot 0 (and wakes Atomics.wait on it), answered in slot 1.
 */
const RECEIVER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const hits = new Int32Array(workerData.shared);
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    Atomics.add(hits, 0, 1);
    Atomics.notify(hits, 0);
    setTimeout(() => {
      res.writeHead(204);
      res.end();
      Atomics.add(hits, 1, 1);
    }, workerData.delayMs);
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => parentPort.close()));
`;

async function startThreadReceiver(delayMs = 0): Promise<{ url: string; hits: Int32Array; close(): Promise<void> }> {
  const shared = new SharedArrayBuffer(8);
  const w = new Worker(RECEIVER, { eval: true, workerData: { shared, delayMs } });
  const port = await new Promise<number>((resolve) => w.once('message', resolve));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hits: new Int32Array(shared),
    close: () =>
      new Promise<void>((resolve) => {
        w.once('exit', () => resolve());
        w.postMessage('close');
      }),
  };
}

/** Blocks this thread (its event loop does nothing meanwhile) until slot 0 reaches `n` or `ms` pass; returns the count. */
function blockUntil(hits: Int32Array, n: number, ms: number): number {
  const until = Date.now() + ms;
  for (let seen = Atomics.load(hits, 0); seen < n && Date.now() < until; seen = Atomics.load(hits, 0))
    Atomics.wait(hits, 0, seen, until - Date.now());
  return Atomics.load(hits, 0);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fileStore(endpoints: number, url: string): Promise<{ db: string; deps: EngineDeps }> {
  const dir = mkdtempSync(join(tmpdir(), 'standing-deliveries-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'hooks.db');
  const deps = { store: openSqliteStore(db, { create: true, actions: ACTIONS }), clock: systemClock };
  await addAuthority(deps, { name: 'city', kind: 'government' });
  for (let i = 0; i < endpoints; i++)
    await addWebhook(deps, SETTINGS, { type: 'operator' }, { url: `${url}?n=${i}`, events: ['*'] });
  return { db, deps };
}

const consent = (deps: EngineDeps, subject: string) =>
  deps.store.transaction((tx) =>
    emit(tx, { type: 'consent.changed', at: deps.clock.now(), authority: 'city', subject, data: {} }),
  );

/** Every delivery of the store at `db`, read by a connection of its own. */
async function deliveriesIn(db: string): Promise<{ state: string; attempts: number }[]> {
  const store = openSqliteStore(db);
  try {
    return await store.transaction(async (tx) =>
      (await Promise.all((await tx.listWebhookEndpoints()).map((w) => tx.deliveriesOf(w.id, 10_000)))).flat(),
    );
  } finally {
    await store.close();
  }
}

it('fans out and delivers an event to 1,000 endpoints while the main thread is blocked: the delivery worker of a file store runs on its own thread and connection', async () => {
  const receiver = await startThreadReceiver();
  cleanups.push(() => receiver.close());
  const { db, deps } = await fileStore(1000, receiver.url);
  const server = await startServer(deps, { port: 0, db, webhooks: SETTINGS });
  cleanups.push(() => server.close());
  await consent(deps, 'person:pat');
  // Nothing on this event loop runs from here until all 1,000 have arrived (or a minute passed):
  // neither the fan-out, nor the claims, nor the attempts or their records.
  expect(blockUntil(receiver.hits, 1000, 60_000)).toBe(1000);
  await server.close();
  const rows = await deliveriesIn(db);
  expect(rows).toHaveLength(1000);
  expect(rows.every((d) => d.state === 'delivered' && d.attempts === 1)).toBe(true);
}, 120_000);

it('closes cleanly: an attempt in flight when the server stops is finished and recorded once, before the store closes', async () => {
  const receiver = await startThreadReceiver(800);
  cleanups.push(() => receiver.close());
  const { db, deps } = await fileStore(1, receiver.url);
  const server = await startServer(deps, { port: 0, db, webhooks: SETTINGS });
  await consent(deps, 'person:pat');
  while (Atomics.load(receiver.hits, 0) === 0) await new Promise((r) => setTimeout(r, 10));
  // The receiver holds the request for 800 ms: the attempt is in flight now.
  expect(Atomics.load(receiver.hits, 1)).toBe(0);
  await server.close();
  expect(Atomics.load(receiver.hits, 1)).toBe(1);
  expect(await deliveriesIn(db)).toMatchObject([{ state: 'delivered', attempts: 1 }]);
  expect(Atomics.load(receiver.hits, 0)).toBe(1);
}, 60_000);

it('logs a delivery thread that dies and starts it again; deliveries go on', async () => {
  const receiver = await startThreadReceiver();
  cleanups.push(() => receiver.close());
  const { db, deps } = await fileStore(1, receiver.url);
  const logged: { obj: object; msg: string }[] = [];
  const thread = threadedDeliveries(db, SETTINGS, deps.clock, { error: (obj, msg) => logged.push({ obj, msg }) });
  cleanups.push(() => deps.store.close());
  cleanups.push(() => thread.stop());
  await thread.ready;
  const first = thread.current();
  expect(first).not.toBeNull();
  await first!.terminate();
  expect(logged.map((l) => l.msg)).toContain('webhook delivery thread ended; starting it again');
  // Started again after a short wait, and delivering.
  const until = Date.now() + 20_000;
  while ((thread.current() === null || thread.current() === first) && Date.now() < until)
    await new Promise((r) => setTimeout(r, 20));
  expect(thread.current()).not.toBeNull();
  expect(thread.current()).not.toBe(first);
  await consent(deps, 'person:pat');
  while (Atomics.load(receiver.hits, 1) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  expect(Atomics.load(receiver.hits, 0)).toBe(1);
}, 60_000);

it('does not start a server whose delivery thread cannot open its store: the failure is thrown, not left to stop deliveries silently', async () => {
  const receiver = await startThreadReceiver();
  cleanups.push(() => receiver.close());
  const { db, deps } = await fileStore(0, receiver.url);
  cleanups.push(() => deps.store.close());
  await expect(
    startServer(deps, { port: 0, db: `${db}.missing`, webhooks: SETTINGS, sweepSeconds: 3600 }),
  ).rejects.toThrow(/no database at/);
}, 30_000);
