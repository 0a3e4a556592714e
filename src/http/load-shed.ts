import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Bounds beyond which the service answers 503 OVERLOADED instead of queueing (docs/operations.md). */
export interface LoadShedOptions {
  /** Requests being answered at once; one more is shed. 0 turns the bound off. Default 128. */
  readonly maxInFlight: number;
  /** Mean event-loop delay in ms over the last sample beyond which every request is shed. 0 turns it off. Default 500. */
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
 * loop lags beyond its bound, is answered at once with 503, `Retry-After` and
 * `{ code: "OVERLOADED" }`, before authentication or any handler runs. A shed check is not
 * an answer, so it never reaches the access log. Returns a live view of the counters.
 */
export async function registerLoadShedding(app: FastifyInstance, options: LoadShedOptions): Promise<LoadShedState> {
  // Only its event-loop sampling is used (every 100 ms): the decision to shed is taken below, in one place.
  await app.register(underPressure, { sampleInterval: 100 });
  const state = { inFlight: 0, shed: 0 };
  const retryAfter = String(options.retryAfterSeconds);
  const shed = (reply: FastifyReply, message: string): FastifyReply => {
    state.shed++;
    return reply
      .status(503)
      .header('retry-after', retryAfter)
      .send({ code: 'OVERLOADED', message: `${message}; retry after ${retryAfter} s` });
  };
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (EXEMPT.has(request.routeOptions.url ?? '')) return;
    if (options.maxEventLoopDelayMs > 0) {
      const delay = app.memoryUsage().eventLoopDelay;
      if (delay > options.maxEventLoopDelayMs)
        return shed(reply, `the event loop lags ${Math.round(delay)} ms (bound ${options.maxEventLoopDelayMs} ms)`);
    }
    if (options.maxInFlight > 0) {
      if (state.inFlight >= options.maxInFlight)
        return shed(reply, `${state.inFlight} requests in flight (bound ${options.maxInFlight})`);
      state.inFlight++;
      // 'close' comes once however the exchange ends: answered, failed, or the client gone.
      reply.raw.once('close', () => state.inFlight--);
    }
    return undefined;
  });
  return state;
}
