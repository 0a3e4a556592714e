import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Bounds beyond which the service answers 503 OVERLOADED instead of queueing (docs/operations.md). */
export interface LoadShedOptions {
  /** Requests being answered at once; one more is shed. 0 turns the bound off. Default 512. */
  readonly maxInFlight: number;
  /** Event-loop delay in ms (the median of 100 ms windows, sustained for SUSTAINED windows in a row) beyond which every request is shed. 0 turns it off. Default 500. */
  readonly maxEventLoopDelayMs: number;
  /** The Retry-After of a shed request, in seconds. Default 1. */
  readonly retryAfterSeconds: number;
}

export { DEFAULT_LOAD_SHED } from '../config.js';

// Liveness and readiness answer under any load: an orchestrator that saw them fail would restart
// or drain a process that is working at its bound, and move its load onto the others.
const EXEMPT = new Set(['/healthz', '/readyz']);

/** What the service has shed and is answering, for tests and the bench. */
export interface LoadShedState {
  readonly inFlight: number;
  readonly shed: number;
}

/**
 * Registers load shedding: a request beyond the in-flight bound, or arriving while the event
 * loop has lagged beyond its bound for SUSTAINED windows in a row, is answered at once with 503, `Retry-After` and
 * `{ code: "OVERLOADED" }`, before authentication or any handler runs. A shed check is not
 * an answer, so it never reaches the access log. Returns a live view of the counters.
 */
export async function registerLoadShedding(app: FastifyInstance, options: LoadShedOptions): Promise<LoadShedState> {
  const lag = options.maxEventLoopDelayMs > 0 ? eventLoopLag(options.maxEventLoopDelayMs) : undefined;
  if (lag !== undefined) app.addHook('onClose', async () => lag.stop());
  const state = { inFlight: 0, shed: 0 };
  const retryAfter = String(options.retryAfterSeconds);
  const shed = (reply: FastifyReply, message: string): FastifyReply => {
    state.shed++;
    return reply
      .status(503)
      .header('retry-after', retryAfter)
      .send({ code: 'OVERLOADED', message: `${message}; retry after ${retryAfter} s` });
  };
  // A plain callback hook, not an async one: it runs for every request, the checks included.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (EXEMPT.has(request.routeOptions.url ?? '')) return done();
    if (lag?.over() === true)
      return void shed(
        reply,
        `the event loop lags ${Math.round(lag.ms())} ms (bound ${options.maxEventLoopDelayMs} ms)`,
      );
    if (options.maxInFlight > 0) {
      if (state.inFlight >= options.maxInFlight)
        return void shed(reply, `${state.inFlight} requests in flight (bound ${options.maxInFlight})`);
      state.inFlight++;
      reply.raw.once('close', () => state.inFlight--);
    }
    done();
  });
  return state;
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
