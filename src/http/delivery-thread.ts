/**
 * The webhook delivery worker's thread (deliveries.ts): opens its own connection to the store
 * and runs the delivery worker there (src/engine/webhooks/worker.ts), so that its fan-out
 * transactions, claims and recorded attempts run neither on the event loop that answers
 * checks nor in its connection's queue of transactions. Runs as dist/http/delivery-thread.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startDeliveryWorker, type WebhookSettings } from '../engine/webhooks/worker.js';
import { isPostgresUrl, openPostgresStore } from '../store/postgres/postgres-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { DeliveryThreadData, ToDeliveryThread } from './deliveries.js';
import { DELIVERY_NICE, lowerThreadPriority } from './thread-priority.js';

const port = parentPort!;
// Deliveries may wait a little; checks may not.
lowerThreadPriority(DELIVERY_NICE);
const { db, settings, clock } = workerData as DeliveryThreadData;
// The server's clock, carried over: its reading at `at` (real time `real`), running at `rate`.
let base = clock;
const now = (): number => base.at + Math.floor((Date.now() - base.real) * base.rate);
const store = isPostgresUrl(db) ? await openPostgresStore(db) : openSqliteStore(db);
const failure = (e: unknown): { message: string; stack?: string } =>
  e instanceof Error
    ? { message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) }
    : { message: String(e) };
const worker = startDeliveryWorker(
  { store, clock: { now } },
  { ...(settings as WebhookSettings), onError: (e) => port.postMessage({ error: failure(e) }) },
);
let stopping = false;
port.on('message', (m: ToDeliveryThread) => {
  if ('stop' in m) {
    if (stopping) return;
    stopping = true;
    // The attempts in flight finish and are recorded before the connection closes: none is lost or made twice.
    void worker
      .stop()
      .then(() => store.close())
      .then(() => port.close());
    return;
  }
  if (m.clock !== undefined) base = { ...m.clock, rate: base.rate };
  worker.wake();
});
port.postMessage({ ready: true });
