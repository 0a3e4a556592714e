/**
 * A cooperative throttle for the simulations' process (long-reads.ts): while the server is
 * answering requests, the process is paused (SIGSTOP) and resumed (SIGCONT) when it is not, so
 * that on a small machine the CPU, its caches and the memory bus go to the checks first. It is
 * never paused for more than `1 - minShare` of any `periodMs` window, so a simulation always
 * finishes, however long the load lasts; without requests it is never paused at all
 * (docs/decisions.md, "A throttle for simulations while checks are answered").
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface ThrottleOptions {
  /** How often the throttle looks at the server, in ms. */
  readonly tickMs: number;
  /** The window over which `minShare` holds, in ms. */
  readonly periodMs: number;
  /** While the server is busy, the process still runs at least this share of every window (0 < share ≤ 1; 1: never paused). */
  readonly minShare: number;
}

/** 5 ms looks; at least 10% of every 100 ms (10 ms runs) while requests are answered. */
export const DEFAULT_THROTTLE: ThrottleOptions = Object.freeze({ tickMs: 5, periodMs: 100, minShare: 0.1 });

/** What a throttle did: how long it held the process paused, and how many times it paused it. */
export interface ThrottleStats {
  pausedMs: number;
  pauses: number;
}

export interface Throttle {
  readonly stats: Readonly<ThrottleStats>;
  /** Stops throttling and resumes the process if it is paused. */
  stop(): void;
}

/** How the throttle signals the process: `kill(2)`, replaceable in tests. */
export type Signaller = (pid: number, signal: 'SIGSTOP' | 'SIGCONT') => void;

const signalProcess: Signaller = (pid, signal) => {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already: its exit is the runner's business.
  }
};

/**
 * Throttles process `pid` while `busy()` says the server is answering requests. Every `tickMs`
 * it pauses the process if the server is busy and this window's pauses leave the process its
 * `minShare`, and resumes it otherwise. If this process exits, the paused one is resumed first
 * (a paused process would hold its read snapshot, and the WAL could not be checkpointed past it).
 */
export function throttleProcess(
  pid: number,
  busy: () => boolean,
  options: ThrottleOptions = DEFAULT_THROTTLE,
  signal: Signaller = signalProcess,
): Throttle {
  const stats: ThrottleStats = { pausedMs: 0, pauses: 0 };
  if (!(options.minShare < 1)) return { stats, stop: () => undefined };
  const maxPausedMs = options.periodMs * (1 - options.minShare);
  let windowStart = performance.now();
  let pausedInWindow = 0;
  let pausedAt: number | null = null;
  const resume = (now: number): void => {
    if (pausedAt === null) return;
    signal(pid, 'SIGCONT');
    pausedInWindow += now - pausedAt;
    stats.pausedMs += now - pausedAt;
    pausedAt = null;
  };
  const onExit = (): void => resume(performance.now());
  process.once('exit', onExit);
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - windowStart >= options.periodMs) {
      // A new window: what the pause under way has taken so far counts in the old one.
      if (pausedAt !== null) {
        stats.pausedMs += now - pausedAt;
        pausedAt = now;
      }
      windowStart = now;
      pausedInWindow = 0;
    }
    const paused = pausedInWindow + (pausedAt === null ? 0 : now - pausedAt);
    // A pause may run over by one look (a late timer), never by more.
    const may = paused + options.tickMs <= maxPausedMs;
    if (may && busy()) {
      if (pausedAt === null) {
        signal(pid, 'SIGSTOP');
        pausedAt = now;
        stats.pauses++;
      }
    } else resume(now);
  }, options.tickMs);
  timer.unref();
  return {
    stats,
    stop() {
      clearInterval(timer);
      process.removeListener('exit', onExit);
      resume(performance.now());
    },
  };
}

/**
 * Whether the HTTP server is answering requests: any in flight, or one arrived in the last
 * `recentMs`. Requests about simulations themselves (their polls) and liveness/readiness are not
 * counted, so that following a simulation does not slow it.
 */
export function serverPressure(server: Server, recentMs = 10): () => boolean {
  let inFlight = 0;
  let lastArrival = -Infinity;
  const done = (): void => void inFlight--;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    if (url.startsWith('/v1/schemes/simulations') || url === '/healthz' || url === '/readyz') return;
    lastArrival = performance.now();
    inFlight++;
    res.once('close', done);
  });
  return () => inFlight > 0 || performance.now() - lastArrival < recentMs;
}

/** STANDING_SIMULATION_SHARE (for measuring): the throttle's minimum share, 1 for no throttle. */
export function throttleFromEnv(env: NodeJS.ProcessEnv): ThrottleOptions {
  const share = Number(env.STANDING_SIMULATION_SHARE);
  return env.STANDING_SIMULATION_SHARE !== undefined && share > 0 && share <= 1
    ? { ...DEFAULT_THROTTLE, minShare: share }
    : DEFAULT_THROTTLE;
}
