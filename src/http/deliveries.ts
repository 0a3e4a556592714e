import { Worker } from 'node:worker_threads';
import type { Clock } from '../engine/clock.js';
import { onEmit } from '../engine/webhooks/events.js';
import type { WebhookSettings } from '../engine/webhooks/worker.js';

/** The settings that cross to the thread: the worker's, without its functions. */
type PlainSettings = Omit<WebhookSettings, 'random' | 'onError'>;

/** What the delivery thread starts from (delivery-thread.ts). */
export interface DeliveryThreadData {
  readonly db: string;
  readonly settings: PlainSettings;
  /** The server's clock: its reading `at` at real time `real`, running `rate` times as fast as real time. */
  readonly clock: { readonly at: number; readonly real: number; readonly rate: number };
}

/** Messages to the thread: a wake-up (an event was written here), with the clock's reading when it is hand-driven; or stop. */
export type ToDeliveryThread =
  | { readonly wake: true; readonly clock?: { at: number; real: number } }
  | { readonly stop: true };

/** Where the thread's failures go: the server's logger. */
export interface DeliveryLog {
  error(obj: object, msg: string): void;
}

export interface DeliveryThread {
  /** Resolves once the first thread has opened its store and runs; rejects if it failed before that (nothing is restarted then). */
  readonly ready: Promise<void>;
  /** Stops the thread once the attempts in flight are recorded (at most the timeout plus 30 s, then it is ended). */
  stop(): Promise<void>;
  /** The thread running now (none while it waits to be restarted): for tests. */
  current(): Worker | null;
}

/** The thread's module: beside this one in dist/, or the built one when running from src/ (tests). */
const THREAD = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/http/delivery-thread.js' : './delivery-thread.js',
  import.meta.url,
);

/** A thread that ends unasked is started again after this long, doubling up to RESTART_MAX_MS while it keeps failing. */
export const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 60_000;
/** A thread that ran this long before it ended starts again after RESTART_MIN_MS. */
const RAN_WELL_MS = 60_000;

/**
 * The delivery worker of `standing serve` on a thread of its own, with its own connection to
 * the store at `db` (a SQLite file or a postgres:// URL), as the long reads are (long-reads.ts):
 * fan-out, claims, attempts and their records run beside the event loop that answers checks,
 * not on it. Events written in this process wake it at once; it polls besides. A failure of a
 * round is logged and the worker goes on; a thread that dies is logged and started again (a
 * delivery it had claimed is retried when its lease runs out: at least once).
 */
export function threadedDeliveries(
  db: string,
  settings: WebhookSettings,
  clock: Clock,
  log: DeliveryLog,
): DeliveryThread {
  const { random: _random, onError: _onError, ...plain } = settings;
  let worker: Worker | null = null;
  let stopping = false;
  let delay = RESTART_MIN_MS;
  let restart: NodeJS.Timeout | undefined;
  const reading = (): { at: number; real: number } => ({ at: clock.now(), real: Date.now() });
  let started = false;
  let isReady: () => void = () => undefined;
  let notReady: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    isReady = resolve;
    notReady = reject;
  });
  let firstError: Error | undefined;
  const spawn = (): void => {
    const data: DeliveryThreadData = { db, settings: plain, clock: { ...reading(), rate: clock.rate ?? 0 } };
    const w = new Worker(THREAD, { workerData: data });
    const since = Date.now();
    worker = w;
    w.on('message', (m: { ready?: true; error?: { message: string; stack?: string } }) => {
      if (m.ready === true && !started) {
        started = true;
        isReady();
      } else if (m.error !== undefined)
        log.error(
          { err: Object.assign(new Error(m.error.message), { stack: m.error.stack }) },
          'webhook delivery round failed',
        );
    });
    w.on('error', (err) => {
      firstError ??= err;
      log.error({ err }, 'webhook delivery thread failed');
    });
    w.once('exit', (code) => {
      worker = null;
      if (!started) {
        // The first thread never ran (the store would not open, the module is missing): the server fails to start.
        stopping = true;
        unsubscribe();
        if (poll) clearInterval(poll);
        notReady(firstError ?? new Error(`the webhook delivery thread exited with code ${code} before it ran`));
        return;
      }
      if (stopping) return;
      if (Date.now() - since >= RAN_WELL_MS) delay = RESTART_MIN_MS;
      log.error({ code, restartInMs: delay }, 'webhook delivery thread ended; starting it again');
      restart = setTimeout(() => {
        restart = undefined;
        if (!stopping) spawn();
      }, delay);
      delay = Math.min(RESTART_MAX_MS, delay * 2);
    });
  };
  const send = (m: ToDeliveryThread): void => {
    worker?.postMessage(m);
  };
  // A hand-driven clock (tests) is read here and carried over with each wake-up and poll.
  const unsubscribe = onEmit(() => send(clock.rate === undefined ? { wake: true, clock: reading() } : { wake: true }));
  const poll =
    clock.rate === undefined
      ? setInterval(() => send({ wake: true, clock: reading() }), settings.pollMs ?? 1000)
      : undefined;
  poll?.unref();
  spawn();
  return {
    ready,
    current: () => worker,
    async stop() {
      if (stopping) return;
      stopping = true;
      unsubscribe();
      if (poll) clearInterval(poll);
      if (restart) clearTimeout(restart);
      const w = worker;
      if (w === null) return;
      await new Promise<void>((resolve) => {
        const end = setTimeout(
          () => {
            log.error({}, 'webhook delivery thread did not stop in time; ending it');
            void w.terminate();
          },
          (settings.timeoutMs ?? 10_000) + 30_000,
        );
        w.once('exit', () => {
          clearTimeout(end);
          resolve();
        });
        w.postMessage({ stop: true } satisfies ToDeliveryThread);
      });
    },
  };
}
