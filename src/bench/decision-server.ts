/**
 * A child process of the decision benchmark: serves, on 127.0.0.1,
 * - `standing DB`: Standing, with the request log `standing serve` writes by default;
 * - `bare`: the baseline, a bare Fastify route answering a constant JSON object, without logs;
 * - `logged FILE`: the floor, the bare route plus what SPEC §4 asks of every answered check
 *   and nothing else: one row stored in an indexed SQLite table, committed in groups by a
 *   thread of its own, the answer sent once its row is committed;
 * - `unindexed FILE`: the floor without the index on `(subject, id)`, which shows what that
 *   index costs (without it a subject's access log could only be read by a scan);
 * sends its URL to the parent, and stops on SIGTERM.
 */
import Fastify from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { getHeapSpaceStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { fixedClock, runningClock } from '../engine/clock.js';
import type { EngineDeps } from '../engine/deps.js';
import { emit } from '../engine/webhooks/events.js';
import { startServer } from '../http/server.js';
import { loadConfig } from '../config.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';

const [mode, db, shedding] = process.argv.slice(2);

/** The webhook key of the benchmark's servers (secrets are derived from it). */
const BENCH_WEBHOOK_KEY = 'bench-webhook-key-0123456789abcdef';

/**
 * Writes `perSecond` events to subjects in turn: ten transactions a second from 10 a second up,
 * else one event a transaction. Returns a function that stops.
 */
function produceEvents(deps: EngineDeps, perSecond: number): () => void {
  if (!(perSecond > 0)) return () => undefined;
  const everyMs = perSecond >= 10 ? 100 : Math.round(1000 / perSecond);
  const count = perSecond >= 10 ? Math.round(perSecond / 10) : 1;
  let n = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void deps.store
      .transaction(async (tx) => {
        for (let i = 0; i < count; i++, n++)
          await emit(tx, {
            type: 'consent.changed',
            at: deps.clock.now(),
            authority: 'city',
            subject: `person:${n % 1000}`,
            data: { scheme: 'civic', optIn: n % 2 === 0, effectiveAt: new Date(0).toISOString() },
          });
      })
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  return () => clearInterval(timer);
}

async function main(): Promise<void> {
  let close: () => Promise<void>;
  let url: string;
  let httpServer: Server;
  if (mode === 'bare') {
    const app = Fastify({ logger: false });
    const answer = {
      subject: 'person:1',
      action: 'flight.board',
      effect: 'allow',
      limit: null,
      reasons: [],
      at: '2026-06-01T00:00:00.000Z',
    };
    app.post('/v1/checks', async () => answer);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    httpServer = app.server;
    close = () => app.close();
  } else if ((mode === 'logged' || mode === 'unindexed') && db !== undefined) {
    const app = Fastify({ logger: false });
    const answer = {
      subject: 'person:1',
      action: 'flight.board',
      effect: 'allow',
      limit: null,
      reasons: [],
      at: '2026-06-01T00:00:00.000Z',
    };
    const commit = groupCommit(db, mode === 'logged');
    app.post('/v1/checks', async (request) => {
      const body = request.body as { subject: string; action: string };
      await commit(body.subject, body.action);
      return answer;
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    httpServer = app.server;
    close = () => app.close();
  } else if (mode === 'standing' && db !== undefined) {
    // The request log `standing serve` writes by default (one JSON line per request, on stdout, which the parent sends to a file).
    const server = await startServer(
      { store: openSqliteStore(db), clock: fixedClock(Date.parse('2026-06-01T00:00:00Z')) },
      // `unbounded` (docs/bench.md, overload): no load shedding, every request queues.
      {
        port: 0,
        // As `standing serve` passes it: long reads and simulations then run on threads of their own.
        db,
        logger: { level: 'info' },
        // Otherwise the bounds `standing serve` reads from the environment (STANDING_MAX_IN_FLIGHT, …).
        // `unpaced`: the bounds without pacing re-asks that ignore Retry-After (load-shed.ts).
        loadShed:
          shedding === 'unbounded'
            ? { maxInFlight: 0, maxEventLoopDelayMs: 0, retryAfterSeconds: 1 }
            : { ...loadConfig(process.env).loadShed, pace: shedding !== 'unpaced' },
      },
    );
    url = server.url;
    httpServer = server.app.server;
    close = () => server.close();
  } else if (mode === 'standing-hooks' && db !== undefined) {
    // Standing with the delivery worker running and events produced while it serves (docs/bench.md,
    // webhooks and checks): `shedding` is the events per second, written as the sweep writes them.
    const deps = { store: openSqliteStore(db), clock: runningClock(Date.parse('2026-06-01T00:00:00Z')) };
    // `db` as `standing serve` passes it: the delivery worker runs on its thread, with its own connection.
    const server = await startServer(deps, {
      port: 0,
      db,
      logger: false,
      loadShed: { maxInFlight: 0, maxEventLoopDelayMs: 0, retryAfterSeconds: 1 },
      webhooks: { key: BENCH_WEBHOOK_KEY, allowPrivate: true },
    });
    const stopEvents = produceEvents(deps, Number(shedding ?? '20'));
    url = server.url;
    httpServer = server.app.server;
    close = async () => {
      stopEvents();
      await server.close();
    };
  } else {
    throw new Error('usage: decision-server bare | logged FILE | unindexed FILE | standing DB [unbounded | unpaced]');
  }
  // The overload bench's server-side latency (docs/bench.md, the floor at 2,000 connections): from the
  // moment Node has parsed a request's headers to the moment its response is handed to the socket.
  // Only when asked (the overload bench): other benches, paired with builds that do not time, keep their path as it was.
  const times = process.env.STANDING_BENCH_SERVER_TIMES === '1' ? recordTimes(httpServer) : undefined;
  process.send?.({ url });
  // The overload bench asks for a full collection before it reads the resident set after the load,
  // so that garbage not yet collected is told apart from memory kept (run with --expose-gc).
  process.on('message', (m) => {
    if (typeof m === 'object' && m !== null && 'times' in m)
      process.send?.({ times: times?.((m as { times: number }).times) ?? { n: 0, p50: Number.NaN, p99: Number.NaN } });
    if (m === 'gc' && typeof globalThis.gc === 'function') {
      globalThis.gc();
      process.send?.('gc-done');
    }
    // The overload bench's memory breakdown: after the server and its store have closed, what is left was not theirs.
    if (m === 'close')
      void close().then(() => {
        globalThis.gc?.();
        process.send?.('closed');
      });
    // What the resident set holds, as V8 and Node see it (docs/bench.md, overload: memory after the load).
    if (m === 'mem') {
      const u = process.memoryUsage();
      const space = (name: string): number =>
        getHeapSpaceStatistics().find((s) => s.space_name === name)?.space_size ?? 0;
      process.send?.({
        mem: {
          rss: u.rss,
          heapTotal: u.heapTotal,
          heapUsed: u.heapUsed,
          newSpace: space('new_space'),
          external: u.external,
          arrayBuffers: u.arrayBuffers,
        },
      });
    }
  });
  process.once('SIGTERM', () => {
    void close().then(() => process.exit(0));
  });
}

/**
 * The floor's log: a fresh SQLite file (WAL, synchronous NORMAL, SQLite's own checkpoints)
 * holding `log(id, subject, party, action, effect, at)`, indexed on `(subject, id)` as
 * Standing's access_log is when `indexed`. The rows of one turn of the event loop go to the
 * thread together; it commits whatever has arrived in one transaction and acknowledges it.
 */
function groupCommit(path: string, indexed: boolean): (subject: string, action: string) => Promise<void> {
  const thread = new Worker(
    `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const db = new (require(workerData.driver))(workerData.path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE log(id INTEGER PRIMARY KEY, subject TEXT NOT NULL, party TEXT NOT NULL, action TEXT NOT NULL, effect TEXT NOT NULL, at INTEGER NOT NULL)');
if (workerData.indexed) db.exec('CREATE INDEX log_subject ON log(subject, id)');
const insert = db.prepare('INSERT INTO log(subject, party, action, effect, at) VALUES (?, ?, ?, ?, ?)');
const store = db.transaction((batches) => {
  for (const flat of batches) for (let i = 0; i < flat.length; i += 2) insert.run(flat[i], 'airline', flat[i + 1], 'allow', Date.now());
});
parentPort.on('message', (first) => {
  const batches = [first];
  for (let m = receiveMessageOnPort(parentPort); m !== undefined; m = receiveMessageOnPort(parentPort)) batches.push(m.message);
  store(batches);
  parentPort.postMessage(batches.length);
});
`,
    { eval: true, workerData: { path, indexed, driver: createRequire(import.meta.url).resolve('better-sqlite3') } },
  );
  thread.unref();
  // Batches sent and not yet acknowledged, oldest first: the thread commits them in order.
  const waiting: (() => void)[][] = [];
  let flat: string[] = [];
  let done: (() => void)[] = [];
  thread.on('message', (n: number) => {
    for (const resolve of waiting.splice(0, n).flat()) resolve();
  });
  const send = (): void => {
    thread.postMessage(flat);
    waiting.push(done);
    flat = [];
    done = [];
  };
  return (subject, action) =>
    new Promise((resolve) => {
      if (flat.length === 0) setImmediate(send);
      flat.push(subject, action);
      done.push(resolve);
    });
}

/**
 * Records, for every response, when it finished (ms since the epoch), how long since Node emitted
 * its request (headers parsed) and its status; returns a function giving the p50/p99 of the 200s
 * finished after a time, and how many.
 */
function recordTimes(server: Server): (after: number) => { n: number; p50: number; p99: number } {
  let at: number[] = [];
  let ms: number[] = [];
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    const t0 = performance.now();
    res.once('finish', () => {
      if (res.statusCode !== 200) return;
      at.push(performance.timeOrigin + performance.now());
      ms.push(performance.now() - t0);
    });
  });
  return (after) => {
    const steady = ms.filter((_, i) => at[i]! > after).sort((a, b) => a - b);
    at = [];
    ms = [];
    const q = (x: number): number => steady[Math.min(steady.length - 1, Math.floor(x * steady.length))] ?? Number.NaN;
    return { n: steady.length, p50: q(0.5), p99: q(0.99) };
  };
}

await main();
