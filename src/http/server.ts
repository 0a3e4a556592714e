import pino from 'pino';
import { createAccessLogWriter } from '../engine/decisions/access-log-writer.js';
import { knownKeyPrincipal, requireKey, requireSession } from '../engine/tenancy/auth.js';
import type { EngineDeps } from '../engine/deps.js';
import { sweep } from '../engine/evaluation/sweep.js';
import { writeCheckpoints, type CheckpointSigner } from '../engine/audit/checkpoint.js';
import { buildApp, type App, type AppOptions } from './app.js';
import { threadedLongReads } from './long-reads.js';
import { serverPressure } from './sim-throttle.js';
import { threadedDeliveries } from './deliveries.js';
import { DEFAULT_LOAD_SHED, type LoadShedOptions } from './load-shed.js';
import { sendPendingMail, type MailerOptions } from '../engine/mail/outbox.js';
import { startDeliveryWorker, type WebhookSettings } from '../engine/webhooks/worker.js';

export interface ServeOptions {
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Seconds between sweeps of time-driven steps; default 30 (SPEC §6). */
  readonly sweepSeconds?: number;
  /**
   * Request logs (pino JSON lines, one per request): false (the default) for none; true or
   * pino options for logs on stdout, written asynchronously unless the options name a `stream`.
   */
  readonly logger?: boolean | Record<string, unknown>;
  /**
   * The database path or URL the store was opened from: long reads (audit verify, the subject's
   * file) and simulations then run on threads with their own connections (long-reads.ts). Absent or
   * `:memory:`: in the request.
   */
  readonly db?: string;
  /** The HTTP edge's settings (config.ts): trusted proxies, Secure cookies, attempt limits. */
  readonly edge?: Pick<AppOptions, 'trustProxy' | 'secureCookies' | 'attemptLimits'>;
  /** Sign every chain's checkpoint at start and then every `everyMs` (docs/audit.md). Default: none. */
  readonly checkpoint?: { readonly signer: CheckpointSigner; readonly everyMs: number };
  /** Load-shedding bounds; default DEFAULT_LOAD_SHED (512 in flight, 500 ms event-loop delay, Retry-After 1 s). */
  readonly loadShed?: LoadShedOptions;
  /**
   * Notice e-mail (docs/email.md): the key notice links are signed with (null: the database's
   * own), and, when SMTP is configured, the mail worker's sender, run every `everyMs` (default 10 s).
   */
  readonly mail?: { readonly linkKey: string | null; readonly sender?: MailerOptions; readonly everyMs?: number };
  /** Webhook settings: the delivery worker runs inside the server (docs/webhooks.md). Default: none configured (no key). */
  readonly webhooks?: WebhookSettings;
  /** How long a simulation or backtest job may run before it is stopped (SIMULATION_TIMED_OUT); default 15 minutes. */
  readonly simulationTimeoutMs?: number;
  /**
   * Whether the delivery worker runs on a thread of its own with its own connection to the store
   * (deliveries.ts), so that it takes nothing from the event loop that answers checks. Default:
   * yes when `db` names a file or a URL; otherwise (and with false) on the event loop, over `deps.store`.
   */
  readonly deliveryThread?: boolean;
}

/**
 * Pino options with stdout as an asynchronous destination: lines are handed to the OS by
 * libuv's thread pool in blocks of at least LOG_BLOCK bytes, not one write per line, and
 * whatever is held is written every LOG_FLUSH_MS, so a quiet server's last lines wait at most
 * that long (docs/decisions.md, "The decision path: one message per turn …"). Pino flushes what is held
 * when the process exits; a process killed with SIGKILL loses at most the held block, of the
 * request log only (the access log is written before a check is answered).
 */
/** Pending connections the listening socket queues (listen(2)'s backlog). */
const LISTEN_BACKLOG = 4096;
const LOG_BLOCK = 4096;
const LOG_FLUSH_MS = 100;
function logOptions(logger: boolean | Record<string, unknown>): false | Record<string, unknown> {
  if (logger === false) return false;
  const given = logger === true ? {} : logger;
  return 'stream' in given
    ? given
    : {
        ...given,
        stream: pino.destination({ dest: 1, sync: false, minLength: LOG_BLOCK, periodicFlush: LOG_FLUSH_MS }),
      };
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
  // Whether requests are being answered, once the HTTP server exists: simulations yield to them (sim-throttle.ts).
  let busy: () => boolean = () => false;
  const app = await buildApp(
    {
      ...deps,
      accessLog,
      linkKey: options.mail?.linkKey ?? null,
      webhooks: options.webhooks ?? { key: null, allowPrivate: false },
      ...(options.simulationTimeoutMs !== undefined ? { simulationTimeoutMs: options.simulationTimeoutMs } : {}),
      ...(options.db !== undefined && options.db !== ':memory:'
        ? { longReads: threadedLongReads(options.db, undefined, undefined, undefined, () => busy()) }
        : {}),
      auth: {
        // KEY_REVOKED and SESSION_EXPIRED say what happened to a credential that was once good; anything else is UNAUTHENTICATED.
        key: (secret) => requireKey(deps, secret),
        session: (token) => requireSession(deps, token),
        knownKey: (secret) => knownKeyPrincipal(deps, secret),
      },
    },
    {
      logger: logOptions(options.logger ?? false),
      ready: () => !closing,
      ...options.edge,
      loadShed: options.loadShed ?? DEFAULT_LOAD_SHED,
    },
  );
  busy = serverPressure(app.server);
  let sweeping: Promise<unknown> = sweep(deps);
  await sweeping;
  const timer = setInterval(
    () => {
      sweeping = sweeping.then(() => sweep(deps)).catch((err: unknown) => app.log.error({ err }, 'sweep failed'));
    },
    (options.sweepSeconds ?? 30) * 1000,
  );
  timer.unref();
  let signing: Promise<unknown> = Promise.resolve();
  const cp = options.checkpoint;
  const sign = (): void => {
    if (!cp) return;
    signing = signing
      .then(() => writeCheckpoints(deps, cp.signer))
      .catch((err: unknown) => app.log.error({ err }, 'checkpoint failed'));
  };
  sign();
  const signer = cp ? setInterval(sign, cp.everyMs) : undefined;
  signer?.unref();
  // The mail worker: one round at a time, off the request path (sending happens outside any transaction).
  let mailing: Promise<unknown> = Promise.resolve();
  const sender = options.mail?.sender;
  const mailTimer = sender
    ? setInterval(() => {
        mailing = mailing
          .then(() => sendPendingMail(deps, sender))
          .then((r) => {
            if (r.sent + r.retrying + r.failed > 0) app.log.info(r, 'notice e-mail round');
          })
          .catch((err: unknown) => app.log.error({ err }, 'mail round failed'));
      }, options.mail?.everyMs ?? 10_000)
    : undefined;
  mailTimer?.unref();
  // Deliveries run beside the requests, never in them: a slow endpoint delays no check; on a
  // thread of their own, neither does the worker's own work.
  const webhooks = options.webhooks ?? { key: null, allowPrivate: false };
  const threadDb = options.db !== undefined && options.db !== ':memory:' ? options.db : undefined;
  const deliveries =
    threadDb !== undefined && options.deliveryThread !== false
      ? threadedDeliveries(threadDb, webhooks, deps.clock, app.log)
      : startDeliveryWorker(deps, {
          ...webhooks,
          onError: (err) => app.log.error({ err }, 'webhook delivery round failed'),
        });
  // A delivery thread that cannot start (its store does not open) stops the server from starting, visibly.
  if ('ready' in deliveries)
    await deliveries.ready.catch(async (e: unknown) => {
      clearInterval(timer);
      if (signer) clearInterval(signer);
      if (mailTimer) clearInterval(mailTimer);
      await app.close();
      throw e;
    });
  // A queue of pending connections for a flood of clients connecting at once: Node's default (511)
  // overflowed at 2,000 connections, and a connection the kernel drops is retried only after 1 s,
  // then 3 s (docs/bench.md, "The floor at 2,000 connections"). The kernel caps it at somaxconn.
  const url = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1', backlog: LISTEN_BACKLOG });
  return {
    app,
    url,
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(timer);
      if (signer) clearInterval(signer);
      if (mailTimer) clearInterval(mailTimer);
      await app.close();
      await mailing;
      await deliveries.stop();
      await signing;
      await sweeping.catch(() => undefined);
      await accessLog.close();
      await deps.store.close();
      // The request log's held block (logOptions), written now rather than at the next flush or at exit.
      (app.log as { flush?: () => void }).flush?.();
    },
  };
}
