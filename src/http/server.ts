import { createAccessLogWriter } from '../engine/access-log-writer.js';
import { authenticateKey, authenticateSession } from '../engine/auth.js';
import type { EngineDeps } from '../engine/deps.js';
import { sweep } from '../engine/sweep.js';
import { buildApp, type App } from './app.js';

export interface ServeOptions {
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Seconds between sweeps of time-driven steps; default 30 (SPEC §6). */
  readonly sweepSeconds?: number;
  readonly logger?: boolean | Record<string, unknown>;
}

export interface RunningServer {
  readonly app: App;
  readonly url: string;
  /** Stops accepting, finishes in-flight requests, flushes the access log, closes the store. */
  close(): Promise<void>;
}

/** Builds the app over the engine, starts the sweep timer and listens. */
export async function startServer(deps: EngineDeps, options: ServeOptions): Promise<RunningServer> {
  const accessLog = createAccessLogWriter(deps.store);
  let closing = false;
  const app = await buildApp(
    {
      ...deps,
      accessLog,
      auth: { key: (secret) => authenticateKey(deps, secret), session: (token) => authenticateSession(deps, token) },
    },
    { logger: options.logger ?? false, ready: () => !closing },
  );
  let sweeping: Promise<unknown> = sweep(deps);
  await sweeping;
  const timer = setInterval(() => {
    sweeping = sweeping.then(() => sweep(deps)).catch((err: unknown) => app.log.error({ err }, 'sweep failed'));
  }, (options.sweepSeconds ?? 30) * 1000);
  timer.unref();
  const url = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  return {
    app,
    url,
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(timer);
      await app.close();
      await sweeping.catch(() => undefined);
      await accessLog.close();
      await deps.store.close();
    },
  };
}
