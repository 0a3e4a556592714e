import type { EngineDeps } from '../deps.js';
import type { AttemptOutcome, ClaimedDelivery } from '../../store/outbox-port.js';
import { onEmit } from './events.js';
import { fanOutStep } from './fan-out.js';
import { webhookSecret } from './secrets.js';
import { sendWebhook } from './send.js';

/** What the delivery worker needs beyond the engine: the server key and the delivery bounds. */
export interface WebhookSettings {
  /** STANDING_WEBHOOK_KEY: secrets are derived from it (secrets.ts). */
  readonly key: string | null;
  /** STANDING_WEBHOOK_ALLOW_PRIVATE: private and loopback addresses allowed (tests, private deployments). */
  readonly allowPrivate: boolean;
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number;
  /** Poll interval (default 1 s); commits in this process wake the worker at once. */
  readonly pollMs?: number;
  /** Attempts in flight at once (default 16). */
  readonly concurrency?: number;
  /** Attempts in flight at once to one endpoint (default 2): endpoints that never answer cannot hold every slot. */
  readonly perEndpoint?: number;
  /** The jitter's randomness, [0, 1) (tests pin it). */
  readonly random?: () => number;
  /** Told of every failure of a round or of recording an attempt (the server logs them); the worker goes on. */
  readonly onError?: (err: unknown) => void;
}

/** Failed deliveries are retried for this long from their first attempt (or last replay), then dead-lettered. */
export const RETRY_WINDOW_MS = 3 * 86_400_000;
const BASE_MS = 10_000;
const CAP_MS = 6 * 3_600_000;

/**
 * The delay before attempt `attempts + 1`: 10 s doubling per failure, at most 6 h, times a
 * jitter in [0.5, 1) so that endpoints that failed together do not all come back together.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const exp = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempts, 20));
  return Math.max(1000, Math.floor(exp * (0.5 + random() / 2)));
}

export interface DeliveryWorker {
  /** A round soon (an event was written, or the poll): what the worker does after an emit in its own process. */
  wake(): void;
  /** Claims and sends every due delivery until none is left and none is in flight. */
  drain(): Promise<void>;
  /** Stops polling and waits for the attempts in flight. */
  stop(): Promise<void>;
}

/**
 * The delivery worker of `standing serve`: fans new events out to their endpoints (fan-out.ts:
 * small transactions, yielding to the event loop between them; on PostgreSQL, events other
 * servers hold are skipped), claims due deliveries (each the earliest pending of its endpoint
 * and subject, none while an earlier event of its subject is not fanned out yet; on
 * PostgreSQL, rows other servers hold are skipped), sends them side by side, at most
 * `perEndpoint` to one endpoint at once, so that slow endpoints hold up nothing else, and
 * records each attempt. A claim leases a delivery for the timeout plus a minute: a server
 * that dies mid-attempt leaves it to be retried when the lease runs out (at least once).
 */
export function startDeliveryWorker(deps: EngineDeps, settings: WebhookSettings, autoStart = true): DeliveryWorker {
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const concurrency = settings.concurrency ?? 16;
  const perEndpoint = Math.max(1, settings.perEndpoint ?? 2);
  /** Attempts in flight per endpoint id. */
  const busy = new Map<string, number>();
  const random = settings.random ?? Math.random;
  const inflight = new Set<Promise<void>>();
  let pumping: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const idle = async (): Promise<void> => {
    for (let p = pumping; p !== null; p = pumping) await p;
  };

  const attempt = async (c: ClaimedDelivery): Promise<void> => {
    let result: { ok: boolean; status: string; latencyMs: number };
    try {
      result = await sendWebhook({
        url: c.endpoint.url,
        secret: webhookSecret(settings.key, c.endpoint.id, c.endpoint.secretGeneration),
        event: c.event,
        allowPrivate: settings.allowPrivate,
        timeoutMs,
        signedAt: new Date(),
      });
    } catch (e) {
      result = { ok: false, status: `error: ${(e as Error).message}`, latencyMs: 0 };
    }
    const at = deps.clock.now();
    const dead = !result.ok && at - c.delivery.windowStart >= RETRY_WINDOW_MS;
    await finish(c.delivery.id, {
      at,
      ok: result.ok,
      status: result.status,
      latencyMs: result.latencyMs,
      nextAt: result.ok || dead ? null : at + backoffMs(c.delivery.attempts, random),
    });
  };

  // Outcomes are group-committed: the attempts that end while one commit runs share the next.
  let queued: { id: number; outcome: AttemptOutcome; done: () => void; fail: (e: unknown) => void }[] = [];
  let committing: Promise<void> | null = null;
  const commit = async (): Promise<void> => {
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      try {
        await deps.store.transaction(async (tx) => {
          for (const q of batch) await tx.finishDelivery(q.id, q.outcome);
        });
        for (const q of batch) q.done();
      } catch (e) {
        for (const q of batch) q.fail(e);
      }
    }
    committing = null;
  };
  const finish = (id: number, outcome: AttemptOutcome): Promise<void> =>
    new Promise<void>((done, fail) => {
      queued.push({ id, outcome, done, fail });
      committing ??= commit();
    });

  /**
   * Fans new events out, step by step, for about 100 ms at most (then claims get their turn);
   * after each step it waits three times as long as the step took, so that fan-out takes at
   * most a quarter of the event loop however fast events come (deliveries lag instead of
   * checks). True when events are left to fan out.
   */
  const fanOut = async (): Promise<boolean> => {
    const until = performance.now() + 100;
    for (;;) {
      const t = performance.now();
      const { more } = await deps.store.transaction((tx) => fanOutStep(tx));
      if (!more || stopped) return false;
      const spent = performance.now() - t;
      await new Promise<void>((r) => setTimeout(r, Math.max(1, Math.round(spent * 3))));
      if (performance.now() > until) return true;
    }
  };

  const pumpOnce = async (): Promise<void> => {
    do {
      again = false;
      const behind = await fanOut();
      // Claim in batches: when at least half the slots are free (or nothing is in flight).
      while (!stopped && (inflight.size === 0 || inflight.size <= concurrency / 2)) {
        const now = deps.clock.now();
        // An endpoint with an attempt in flight gets none more until it is free: at most `perEndpoint` at once.
        const claimed = await deps.store.transaction((tx) =>
          tx.claimDeliveries(now, now + timeoutMs + 60_000, concurrency - inflight.size, {
            exclude: [...busy.keys()],
            perEndpoint,
          }),
        );
        if (claimed.length === 0) break;
        for (const c of claimed) {
          const ep = c.endpoint.id;
          busy.set(ep, (busy.get(ep) ?? 0) + 1);
          const p: Promise<void> = attempt(c)
            .catch((e: unknown) => settings.onError?.(e))
            .finally(() => {
              inflight.delete(p);
              const n = (busy.get(ep) ?? 1) - 1;
              if (n > 0) busy.set(ep, n);
              else busy.delete(ep);
              wake();
            });
          inflight.add(p);
        }
      }
      if (behind) again = true;
    } while (again && !stopped);
  };

  const wake = (): void => {
    if (stopped) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = pumpOnce()
      .catch((e: unknown) => settings.onError?.(e))
      .finally(() => {
        pumping = null;
      });
  };

  const unsubscribe = autoStart ? onEmit(wake) : () => undefined;
  const timer = autoStart ? setInterval(wake, settings.pollMs ?? 1000) : undefined;
  timer?.unref();
  if (autoStart) wake();

  return {
    wake,
    async drain() {
      for (;;) {
        wake();
        await idle();
        if (inflight.size === 0) {
          // One more claim: nothing due may remain.
          wake();
          await idle();
          if (inflight.size === 0) return;
        }
        await Promise.race(inflight);
      }
    },
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearInterval(timer);
      await idle();
      await Promise.allSettled([...inflight]);
    },
  };
}
