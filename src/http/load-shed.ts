import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyServerOptions } from 'fastify';

/** Bounds beyond which the service answers 503 OVERLOADED instead of queueing (docs/operations.md). */
export interface LoadShedOptions {
  /** Requests being answered at once; one more is shed. 0 turns the bound off. Default 512. */
  readonly maxInFlight: number;
  /**
   * Checks (POST /v1/checks) being answered at once; one more is shed. Admitted checks move
   * together (one read batch, one access-log batch, their answers on one event loop), so each
   * waits about this many ÷ checks answered per second: this bound, not `maxInFlight`, keeps the
   * p99 of answered checks near its unloaded value (docs/bench.md, *Overload*). Other requests do
   * not take its slots, nor checks theirs beyond `maxInFlight`. 0 turns it off. Default 16, in
   * force only while the checks' queue stands (`checkTargetMs`).
   */
  readonly maxChecksInFlight?: number;
  /**
   * CoDel-style gate of `maxChecksInFlight`: the bound applies only once, for three 100 ms
   * windows in a row, every check answered took longer than this from its arrival to its answer
   * (a standing queue, not a burst or a stall), and until a second in which at most 2% of the
   * checks were shed at it. Without a standing queue checks are bounded by `maxInFlight` only, so
   * that they share large access-log commits. 0 applies the bound at all times. Default 20
   * (docs/decisions.md).
   */
  readonly checkTargetMs?: number;
  /** Event-loop delay in ms (the median of 100 ms windows, sustained for SUSTAINED windows in a row) beyond which every request is shed. 0 turns it off. Default 500. */
  readonly maxEventLoopDelayMs: number;
  /**
   * Latency-based admission: the median time an admitted request takes, from its arrival to its
   * answer, that the service keeps to by lowering its bound on requests in flight below
   * `maxInFlight` (and raising it again while answers are quicker). 0 keeps the bound fixed at `maxInFlight`. Default 0 (off).
   */
  readonly targetMs?: number;
  /** The Retry-After of a shed request, in seconds. Default 1. */
  readonly retryAfterSeconds: number;
  /** Answer a re-ask that comes before its connection's Retry-After has passed only when it has (below). Default true; false in the bench's comparison. */
  readonly pace?: boolean;
}

export { DEFAULT_LOAD_SHED } from '../config.js';

// Liveness and readiness answer under any load: an orchestrator that saw them fail would restart
// or drain a process that is working at its bound, and move its load onto the others.
const EXEMPT = new Set(['/healthz', '/readyz']);
const CHECKS = '/v1/checks';

/** What the service has shed and is answering, for tests, the bench and the periodic log line. */
export interface LoadShedState {
  readonly inFlight: number;
  /** Of those, checks (POST /v1/checks). */
  readonly checksInFlight: number;
  /** Whether the bound on checks in flight is in force now (always, without `checkTargetMs`; while the checks' queue stands, with it). */
  readonly checksBounded: boolean;
  /** The bound on requests in flight now: `maxInFlight`, or below it while answers take longer than `targetMs`. */
  readonly limit: number;
  /** Requests answered 503 OVERLOADED since the start. */
  readonly shed: number;
  /** Of those, re-asks on a connection before its Retry-After had passed, answered when it had. */
  readonly paced: number;
}

/** Where the shedder reports what it shed, once per REPORT_MS window in which it shed anything. */
export type ShedReport = (counts: { shed: number; paced: number; inFlight: number; windowMs: number }) => void;

export interface LoadShedder {
  readonly state: LoadShedState;
  /** Fastify's `serverFactory`: an HTTP server whose request listener sheds before Fastify's handler runs. */
  readonly serverFactory: (handler: RequestListener, options: FastifyServerOptions) => Server;
  /** Starts the report of what was shed (app.log once Fastify exists). */
  report(to: ShedReport): void;
  stop(): void;
}

const REPORT_MS = 10_000;
/**
 * Load shedding below Fastify: the HTTP server's own request listener answers a request beyond
 * the in-flight bound, or arriving while the event loop has lagged beyond its bound for
 * SUSTAINED windows in a row, with a precomputed 503, `Retry-After` and `{ code: "OVERLOADED" }`.
 * Fastify's routing, hooks, request log and serialiser never see it, so a shed costs the parse
 * of its request line and headers and one write (docs/bench.md, *Overload*). A shed check is not
 * an answer: it never reaches a handler, so never the access log.
 *
 * A connection that asks again before the Retry-After it was given has passed gets its 503
 * when it has passed, not at once: a client that ignores Retry-After (a closed loop re-asking
 * at once) is paced to what it was told, instead of taking the event loop from the checks
 * that were admitted. The re-ask after that one is judged afresh.
 */
export function loadShedder(options: LoadShedOptions): LoadShedder {
  const lag = options.maxEventLoopDelayMs > 0 ? eventLoopLag(options.maxEventLoopDelayMs) : undefined;
  const maxChecks = options.maxChecksInFlight ?? 0;
  const checkTarget = options.checkTargetMs ?? 0;
  const state = {
    inFlight: 0,
    checksInFlight: 0,
    checksBounded: maxChecks > 0 && checkTarget <= 0,
    limit: options.maxInFlight,
    shed: 0,
    paced: 0,
  };
  const gate = maxChecks > 0 && checkTarget > 0 ? standingQueue(checkTarget, state) : undefined;
  const adapt = options.maxInFlight > 0 && (options.targetMs ?? 0) > 0 ? admission(options, state) : undefined;
  const retryMs = options.retryAfterSeconds * 1000;
  const pace = options.pace ?? true;
  const answer = (message: string): { headers: Record<string, string>; body: Buffer } => {
    const body = Buffer.from(
      JSON.stringify({ code: 'OVERLOADED', message: `${message}; retry after ${options.retryAfterSeconds} s` }),
    );
    return {
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(body.length),
        'retry-after': String(options.retryAfterSeconds),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    };
  };
  const inFlightAnswer = answer('the requests in flight are at their bound');
  const checksAnswer = answer('the checks in flight are at their bound');
  const lagAnswer = answer(`the event loop lags beyond ${options.maxEventLoopDelayMs} ms`);
  // When each connection was last shed (performance.now()), until its next request.
  const shedAt = new WeakMap<Socket, number>();
  const send = (res: ServerResponse, a: { headers: Record<string, string>; body: Buffer }): void => {
    state.shed++;
    res.writeHead(503, a.headers).end(a.body);
  };
  const release = (): void => void state.inFlight--;
  const releaseCheck = (): void => {
    state.inFlight--;
    state.checksInFlight--;
  };

  const admit = (handler: RequestListener) => (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (EXEMPT.has(path)) return handler(req, res);
    const check = path === CHECKS && req.method === 'POST';
    const socket = req.socket;
    const last = shedAt.get(socket);
    if (last !== undefined && pace) {
      shedAt.delete(socket);
      const wait = last + retryMs - performance.now();
      if (wait > 0) {
        const a = lag?.over() === true ? lagAnswer : inFlightAnswer;
        const timer = setTimeout(() => {
          state.paced++;
          send(res, a);
        }, wait);
        res.once('close', () => clearTimeout(timer));
        return;
      }
    }
    const refusal =
      lag?.over() === true
        ? lagAnswer
        : // The bound in force: `maxInFlight`, or lower while the latency-driven bound holds it down.
          options.maxInFlight > 0 && state.inFlight >= state.limit
          ? inFlightAnswer
          : check && state.checksBounded && state.checksInFlight >= maxChecks
            ? checksAnswer
            : undefined;
    if (refusal !== undefined) {
      if (adapt) adapt.refused();
      if (gate && refusal === checksAnswer) gate.refused();
      if (pace) shedAt.set(socket, performance.now());
      return send(res, refusal);
    }
    state.inFlight++;
    if (check) state.checksInFlight++;
    if (adapt) {
      const arrived = performance.now();
      res.once('close', () => adapt.answered(performance.now() - arrived));
    }
    if (check && gate) {
      const arrived = performance.now();
      res.once('close', () => {
        releaseCheck();
        gate.answered(performance.now() - arrived);
      });
    } else res.once('close', check ? releaseCheck : release);
    handler(req, res);
  };

  let reporter: NodeJS.Timeout | undefined;
  return {
    state,
    serverFactory(handler, fastifyOptions) {
      // What Fastify does to the server it makes itself (fastify/lib/server.js), around our listener.
      const server = createServer((fastifyOptions as { http?: ServerOptions }).http ?? {}, admit(handler));
      if (fastifyOptions.keepAliveTimeout !== undefined) server.keepAliveTimeout = fastifyOptions.keepAliveTimeout;
      if (fastifyOptions.requestTimeout !== undefined) server.requestTimeout = fastifyOptions.requestTimeout;
      if (fastifyOptions.connectionTimeout !== undefined) server.setTimeout(fastifyOptions.connectionTimeout);
      if ((fastifyOptions.maxRequestsPerSocket ?? 0) > 0)
        server.maxRequestsPerSocket = fastifyOptions.maxRequestsPerSocket!;
      return server;
    },
    report(to) {
      let shed = state.shed;
      let paced = state.paced;
      reporter = setInterval(() => {
        if (state.shed !== shed)
          to({ shed: state.shed - shed, paced: state.paced - paced, inFlight: state.inFlight, windowMs: REPORT_MS });
        shed = state.shed;
        paced = state.paced;
      }, REPORT_MS);
      reporter.unref();
    },
    stop() {
      if (reporter) clearInterval(reporter);
      adapt?.stop();
      gate?.stop();
      lag?.stop();
    },
  };
}

/** The lowest bound latency-based admission goes to, and how it moves per window: down by a quarter, up by a tenth. */
const MIN_LIMIT = 8;
const DECREASE = 0.75;
const INCREASE = 0.1;

/**
 * Latency-based admission (in the spirit of CoDel and of adaptive concurrency limits): every
 * 100 ms window, if more than half of the requests answered in it took longer than `targetMs`
 * from arrival to answer, the bound on
 * requests in flight drops by a quarter (not below MIN_LIMIT); if they were quicker and
 * requests were shed at the bound, it rises by a tenth (not above `maxInFlight`). It starts
 * low and rises, so that a first burst does not admit more than the service answers in time.
 */
export function admission(
  options: LoadShedOptions,
  state: { inFlight: number; limit: number },
): { answered(ms: number): void; refused(): void; stop(): void } {
  const target = options.targetMs ?? 0;
  state.limit = Math.min(options.maxInFlight, 4 * MIN_LIMIT);
  let answered = 0;
  let slow = 0;
  let refused = false;
  const timer = setInterval(() => {
    if (answered > 0 && slow * 2 > answered)
      state.limit = Math.max(Math.min(MIN_LIMIT, options.maxInFlight), Math.floor(state.limit * DECREASE));
    else if (refused && answered > 0)
      state.limit = Math.min(options.maxInFlight, state.limit + Math.ceil(state.limit * INCREASE));
    answered = 0;
    slow = 0;
    refused = false;
  }, WINDOW_MS);
  timer.unref();
  return {
    answered(ms) {
      answered++;
      if (ms > target) slow++;
    },
    refused: () => void (refused = true),
    stop: () => clearInterval(timer),
  };
}

/** While the checks' queue stands: the windows (of WINDOW_MS) over which the share of checks shed is judged, and the share at or below which it no longer stands. */
const STANDING_WINDOWS = 10;
const STANDING_EXIT_SHARE = 0.02;
/** Windows in a row over the target before the queue counts as standing: CoDel's interval, as SUSTAINED is the event-loop rule's. */
const STANDING_ENTRY_WINDOWS = 3;

/**
 * The gate of the bound on checks in flight, after CoDel (Nichols and Jacobson, "Controlling
 * Queue Delay", 2012): a queue that drains within an interval is a burst and is let through; one
 * in which even the quickest check of each WINDOW_MS window, STANDING_ENTRY_WINDOWS windows in a
 * row, waited longer than `targetMs` (from its arrival to its answer) is standing, and from then
 * on the bound applies. A window in which no check was answered while some were in flight
 * counts as over the target (they are all waiting); one with none in flight ends the run. The
 * target is a wait a relying party's client notices (default 20 ms), not a few times the
 * unloaded latency: a closed loop of 50 connections keeps ~50 checks queued at 5–15 ms each
 * without being overloaded, and shedding there only costs (docs/decisions.md).
 *
 * The bound stays in force until a second (STANDING_WINDOWS windows) in which at most
 * STANDING_EXIT_SHARE of the checks were shed at it: the demand then fits under the bound, or it
 * was a stall (a long collection, a checkpoint) rather than overload, and checks are again
 * bounded by `maxInFlight` only. The bound itself keeps the admitted checks' time short, so that
 * time cannot say when to lift it; the share shed can.
 */
export function standingQueue(
  targetMs: number,
  state: { checksBounded: boolean; readonly checksInFlight: number },
): { answered(ms: number): void; refused(): void; stop(): void } {
  let quickest = Number.POSITIVE_INFINITY;
  let answered = 0;
  let refused = 0;
  let windows = 0;
  let over = 0;
  const timer = setInterval(() => {
    if (!state.checksBounded) {
      over = (answered > 0 ? quickest > targetMs : state.checksInFlight > 0) ? over + 1 : 0;
      if (over >= STANDING_ENTRY_WINDOWS) {
        state.checksBounded = true;
        over = 0;
        windows = 0;
      }
      answered = 0;
      refused = 0;
    } else if (++windows >= STANDING_WINDOWS) {
      if (refused <= STANDING_EXIT_SHARE * (answered + refused)) state.checksBounded = false;
      windows = 0;
      answered = 0;
      refused = 0;
    }
    quickest = Number.POSITIVE_INFINITY;
  }, WINDOW_MS);
  timer.unref();
  return {
    answered(ms) {
      answered++;
      if (ms < quickest) quickest = ms;
    },
    refused: () => void refused++,
    stop: () => clearInterval(timer),
  };
}

/** Windows of event-loop delay over the bound, in a row, before requests are shed: one long sweep is not overload. */
const SUSTAINED = 3;
const WINDOW_MS = 100;
const RESOLUTION_MS = 10;

/**
 * Samples the event loop's delay (Node's own histogram, 10 ms resolution) in 100 ms windows.
 * `over()` is true once SUSTAINED windows in a row had a median delay beyond `boundMs`; a window
 * in which the histogram saw nothing (a loop blocked throughout) counts as over.
 */
function eventLoopLag(boundMs: number): { over(): boolean; ms(): number; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let last = 0;
  let streak = 0;
  const timer = setInterval(() => {
    last = histogram.count === 0 ? Number.POSITIVE_INFINITY : histogram.percentile(50) / 1e6 - RESOLUTION_MS;
    streak = last > boundMs ? streak + 1 : 0;
    histogram.reset();
  }, WINDOW_MS);
  timer.unref();
  return {
    over: () => streak >= SUSTAINED,
    ms: () => last,
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
