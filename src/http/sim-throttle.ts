/**
 * A cooperative throttle for the simulations' process (long-reads.ts): while the server is
 * answering requests, the process may use `minShare` of one CPU's time in every `periodMs`
 * window; once it has, it is paused (SIGSTOP) until the window ends (SIGCONT), as a cgroup's
 * `cpu.max` would hold it. The share is of CPU time, measured (its main thread's run time in
 * /proc/PID/schedstat), not of wall-clock time: under a load that keeps every CPU busy the
 * process, at a priority that competes (long-reads.ts: SCHED_BATCH), still gets its share and
 * progresses; without requests it is never paused at all (docs/decisions.md, "Simulations
 * yield to requests").
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface ThrottleOptions {
  /** How often the throttle looks at the server and the process, in ms. */
  readonly tickMs: number;
  /** The window over which `minShare` holds, in ms. */
  readonly periodMs: number;
  /**
   * While the server is busy, the process may use this share of one CPU's time in every window
   * before it is paused (0 < share ≤ 1; 1: never paused).
   */
  readonly minShare: number;
}

/** 5 ms looks; 10 ms of CPU in every 100 ms (10% of one CPU) while requests are answered. */
export const DEFAULT_THROTTLE: ThrottleOptions = Object.freeze({ tickMs: 5, periodMs: 100, minShare: 0.1 });

/** What a throttle did: how long it held the process paused, how many times it paused it, and the CPU it used while throttled. */
export interface ThrottleStats {
  pausedMs: number;
  pauses: number;
  /** CPU time (ms) the process used in windows in which the server was busy, as far as it was measured. */
  busyCpuMs: number;
}

export interface Throttle {
  readonly stats: Readonly<ThrottleStats>;
  /** Stops throttling and resumes the process if it is paused. */
  stop(): void;
}

/** How the throttle signals the process: `kill(2)`, replaceable in tests. */
export type Signaller = (pid: number, signal: 'SIGSTOP' | 'SIGCONT') => void;

/** The CPU time a process has used so far, in ms, or null where it cannot be read. */
export type CpuClock = (pid: number) => number | null;

const signalProcess: Signaller = (pid, signal) => {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already: its exit is the runner's business.
  }
};

/**
 * The run time of process `pid`'s main thread, in ms, from /proc/PID/schedstat (nanoseconds,
 * exact; /proc/PID/stat's utime and stime count all threads but only in 10 ms ticks). A
 * simulation judges on its main thread; V8's helper threads are not counted.
 */
export const mainThreadCpuMs: CpuClock = (pid) => {
  try {
    const ns = Number(readFileSync(`/proc/${pid}/schedstat`, 'latin1').split(' ', 1)[0]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
  } catch {
    return null;
  }
};

/**
 * Throttles process `pid` while `busy()` says the server is answering requests. Every `tickMs`,
 * while the server is busy, it reads the CPU time the process has used in this window and pauses
 * it once that reaches `minShare × periodMs` (over by at most one look's worth), until the window
 * ends; while the server is idle the process runs. Where the CPU time cannot be read, the time
 * the process was left running counts as CPU (a share of wall-clock time, as before). If this
 * process exits, the paused one is resumed first (a paused process would hold its read snapshot,
 * and the WAL could not be checkpointed past it).
 */
export function throttleProcess(
  pid: number,
  busy: () => boolean,
  options: ThrottleOptions = DEFAULT_THROTTLE,
  signal: Signaller = signalProcess,
  cpuClock: CpuClock = mainThreadCpuMs,
): Throttle {
  const stats: ThrottleStats = { pausedMs: 0, pauses: 0, busyCpuMs: 0 };
  if (!(options.minShare < 1)) return { stats, stop: () => undefined };
  const budgetMs = options.periodMs * options.minShare;
  let windowStart = performance.now();
  let pausedAt: number | null = null;
  let pausedInWindow = 0;
  // The CPU time used so far, or where unreadable the time left running in this window (its start then reads 0).
  const used = (now: number): number => cpuClock(pid) ?? now - windowStart - pausedInWindow;
  let cpuAtStart = used(windowStart);
  let lastCpu = cpuAtStart;
  let busyInWindow = false;
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
      // A new window, a new budget: a paused process runs again.
      if (busyInWindow) stats.busyCpuMs += Math.max(0, lastCpu - cpuAtStart);
      resume(now);
      windowStart = now;
      pausedInWindow = 0;
      busyInWindow = false;
      cpuAtStart = lastCpu = used(now);
    }
    if (!busy()) {
      resume(now);
      return;
    }
    busyInWindow = true;
    // Paused: it uses no CPU until the window ends.
    if (pausedAt !== null) return;
    lastCpu = used(now);
    if (lastCpu - cpuAtStart >= budgetMs) {
      signal(pid, 'SIGSTOP');
      pausedAt = now;
      stats.pauses++;
    }
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
