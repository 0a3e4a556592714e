import { addDuration, parseDuration } from '../../core/duration.js';
import { readOptionFile } from '../files.js';
import { fail } from '../../core/errors.js';
import { loadCheckpointKey } from '../../engine/audit/checkpoint.js';
import { runningClock, systemClock } from '../../engine/clock.js';
import { startServer } from '../../http/server.js';
import { smtpTransport } from '../../engine/mail/mailer.js';
import type { MailerOptions } from '../../engine/mail/outbox.js';
import { nonNegativeInt } from '../args.js';
import { dbPath, openStore, type CliContext } from '../context.js';

/** `standing serve`: the HTTP API on 127.0.0.1 (or --host), sweeping every 30 s, until SIGINT or SIGTERM. */
export async function serve(
  ctx: CliContext,
  opts: {
    db?: string;
    port: string;
    host: string;
    sweepSeconds: string;
    quiet?: boolean;
    replica?: string;
    maxReplicaLagMs: string;
    checkpointKey?: string;
    checkpointEvery: string;
  },
): Promise<number> {
  const checkpoint = checkpointOption(opts.checkpointKey, opts.checkpointEvery);
  const port = nonNegativeInt(opts.port, 'port', 65535);
  const sweepSeconds = Math.max(1, nonNegativeInt(opts.sweepSeconds, 'sweep-seconds', 3600));
  const replicaUrl = opts.replica ?? ctx.config.replica ?? undefined;
  const replica =
    replicaUrl === undefined
      ? undefined
      : { url: replicaUrl, maxLagMs: nonNegativeInt(opts.maxReplicaLagMs, 'max-replica-lag-ms', 3_600_000) };
  const db = dbPath(ctx, opts.db);
  const store = await openStore(db, false, replica);
  // STANDING_NOW is the instant at start, from which the clock runs on (SPEC §9).
  const { now, clockRate, clockOrigin } = ctx.config;
  const clock =
    now === null && clockRate === 1
      ? systemClock
      : runningClock(now ?? systemClock.now(), systemClock, clockRate, clockOrigin ?? undefined);
  const server = await startServer(
    { store, clock },
    {
      port,
      host: opts.host,
      sweepSeconds,
      db,
      logger: opts.quiet ? false : { level: 'info' },
      edge: {
        trustProxy: ctx.config.trustProxy,
        secureCookies: ctx.config.secureCookies,
        attemptLimits: ctx.config.attemptLimits,
      },
      checkpoint,
      loadShed: ctx.config.loadShed,
      mail: mailOption(ctx),
      webhooks: ctx.config.webhooks,
      simulationTimeoutMs: ctx.config.simulationTimeoutMs,
    },
  );
  ctx.output.err(`standing serving ${store.location} at ${server.url} (API reference ${server.url}/docs)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      ctx.output.err('shutting down: finishing requests and flushing the access log\n');
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/** The mail worker runs when STANDING_SMTP_URL is set (docs/email.md); links are signed either way. */
function mailOption(ctx: CliContext): { linkKey: string | null; sender?: MailerOptions } {
  const m = ctx.config.mail;
  if (m.smtpUrl === null) return { linkKey: m.linkKey };
  return {
    linkKey: m.linkKey,
    sender: { transport: smtpTransport(m.smtpUrl), from: m.from, publicUrl: m.publicUrl, linkKey: m.linkKey },
  };
}

/** `--checkpoint-key FILE --checkpoint-every DURATION`: the signer and the interval (at least a minute). */
function checkpointOption(
  keyFile: string | undefined,
  every: string,
): { signer: ReturnType<typeof loadCheckpointKey>; everyMs: number } | undefined {
  if (keyFile === undefined) return undefined;
  const text = readOptionFile(keyFile, 'checkpoint-key');
  const everyMs = addDuration(0, parseDuration(every, 'checkpoint-every'));
  if (everyMs < 60_000)
    fail('ARGUMENT_INVALID', `--checkpoint-every: ${every} is shorter than a minute`, { field: 'checkpoint-every' });
  return { signer: loadCheckpointKey(text), everyMs };
}
