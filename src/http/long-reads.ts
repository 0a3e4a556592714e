import { fork, spawn, type ChildProcess, type ForkOptions, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { StandingError, type ErrorCode, type ErrorLocation } from '../core/errors.js';
import type { AuditReport } from '../engine/audit/audit.js';
import type { StorageCheck } from '../store/store.js';
import type { SubjectFile } from '../engine/due-process/subject-file.js';
import { throttleFromEnv, throttleProcess, type ThrottleOptions } from './sim-throttle.js';

/** A simulation or backtest of a draft (SPEC §12), everything decided on the thread that asked. */
export interface SimulationRead {
  readonly source: string;
  /** The instant to judge at (a simulation), or null with `instants` (a backtest). */
  readonly at: number | null;
  readonly instants: readonly number[] | null;
  readonly defaultAuthority: string;
  readonly onlyAuthority: string;
  readonly actor: string;
  readonly against?: string;
}

/** A read that walks a whole store or a whole subject: run off the thread that answers checks. */
export type LongRead =
  | { readonly kind: 'audit-verify' }
  | { readonly kind: 'subject-file'; readonly subject: string; readonly now: number }
  | { readonly kind: 'simulation'; readonly simulation: SimulationRead };

/** What a long-read thread posts: progress (simulations), then one value or error. */
export type ThreadMessage<T = unknown> =
  | { readonly progress: readonly [done: number, total: number] }
  | { readonly value: T }
  | { readonly error: Failure };

/**
 * Long reads of the HTTP service (SPEC §8 `audit verify`, §7 the subject's file, §12
 * simulations and backtests) on threads of their own, each with its own connection to the
 * store (SQLite: the same file, read in a WAL snapshot; PostgreSQL: its own pool), so the
 * event loop — and the store's queue of transactions — keep answering checks while they run.
 */
export interface LongReads {
  /** The storage's quick check, then the log unless the storage failed. */
  verifyAudit(): Promise<{ storage: StorageCheck; report?: AuditReport }>;
  subjectFile(subject: string, now: number): Promise<SubjectFile>;
  /**
   * A simulation (or backtest) of a draft; `onProgress` hears the thread's progress. Aborting
   * `signal` stops the thread and rejects.
   */
  simulate(
    read: SimulationRead,
    onProgress: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<string>;
}

/** The thread's module: beside this one in dist/, or the built one when running from src/ (tests). */
const THREAD = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/http/long-read-thread.js' : './long-read-thread.js',
  import.meta.url,
);

/** The simulations' process module (long-read-process.ts), found as THREAD is. */
const PROCESS = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/http/long-read-process.js' : './long-read-process.js',
  import.meta.url,
);

/**
 * Where simulations and backtests run: a process of their own under SCHED_BATCH at
 * `SIMULATION_NICE` where `chrt` is installed (the default: it competes for the CPU, and the
 * throttle holds it to its share of CPU time while requests are answered), under SCHED_IDLE
 * (`idle-process`, the policy before: it gets only what the checks leave, nothing under a
 * sustained load), at nice 19 alone, or a thread of the server's process (the last three are
 * what the bench compares it with).
 */
export type SimulationsIn = 'process' | 'idle-process' | 'nice-process' | 'thread';

const SIMULATIONS_IN: SimulationsIn =
  process.env.STANDING_SIMULATIONS_IN === 'thread' ||
  process.env.STANDING_SIMULATIONS_IN === 'nice-process' ||
  process.env.STANDING_SIMULATIONS_IN === 'idle-process'
    ? process.env.STANDING_SIMULATIONS_IN
    : 'process';

/**
 * The nice value of the simulations' process under SCHED_BATCH (STANDING_SIMULATION_NICE, 0–19,
 * for measuring; docs/bench.md, *A CPU share*): the throttle, not the priority, keeps it from the
 * checks while they are answered, and it must win some CPU in its windows to use its share.
 */
export const SIMULATION_NICE: number = 10;

function simulationNice(env: NodeJS.ProcessEnv): number {
  const n = Number(env.STANDING_SIMULATION_NICE);
  return env.STANDING_SIMULATION_NICE !== undefined && Number.isInteger(n) && n >= 0 && n <= 19 ? n : SIMULATION_NICE;
}

/** At most this many long reads (audit verify, subject files) run at once; more wait their turn. */
export const LONG_READ_THREADS = 2;
/**
 * At most this many simulations run at once, on threads apart from the long reads' (a subject's
 * file never waits behind an admin's simulation); more wait their turn, reported as running with
 * no progress.
 */
export const SIMULATION_THREADS = 1;

export type Failure = { code?: ErrorCode; message: string; at?: ErrorLocation };

/** A bound on how many run at once: `take` waits for a turn, `give` hands it on. */
function turns(size: number): { take(signal?: AbortSignal): Promise<void>; give(): void } {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async take(signal) {
      if (running >= size) await new Promise<void>((go) => waiting.push(go));
      running++;
      signal?.throwIfAborted();
    },
    give() {
      running--;
      waiting.shift()?.();
    },
  };
}

/** What the runner needs of a thread or a process: its events (message, error, exit), and a way to stop it. */
type Runner = EventEmitter & { terminate(): unknown };

/**
 * Linux's `chrt`, when installed: it starts the simulations' process under SCHED_BATCH (a thread
 * that never preempts another on waking; the throttle pauses it once it has had its share) or
 * SCHED_IDLE (`idle-process`: threads that give way to any other at once).
 */
const CHRT = process.platform === 'linux' ? (['/usr/bin/chrt', '/bin/chrt'].find((p) => existsSync(p)) ?? null) : null;

/**
 * util-linux's `setpriv`, when installed: it starts the simulations' process with a parent-death
 * signal (SIGKILL), so that a process the throttle has paused (sim-throttle.ts) cannot outlive a
 * server killed outright, stopped and holding its snapshot (a stopped process hears no IPC close).
 */
const SETPRIV =
  process.platform === 'linux' ? (['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p)) ?? null) : null;

/** How a simulation's process is scheduled: its policy, and the nice value every thread of it takes. */
export interface SimulationPriority {
  readonly policy: 'batch' | 'idle' | 'other';
  readonly nice: number;
}

/**
 * Starts `script` (built JavaScript) as a simulation's process is started: with the parent-death
 * signal, under `priority`'s policy where `chrt` is installed, and told its nice value
 * (STANDING_SIMULATION_NICE in its environment; long-read-process.ts sets it on every thread
 * before anything else loads). Exported for the throttle's tests.
 */
export function startSimulationProcess(script: string, priority: SimulationPriority): ChildProcess {
  const options: SpawnOptions = {
    // Structured clone: the result's JSON text crosses as a string, not escaped into JSON again.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, STANDING_SIMULATION_NICE: String(priority.nice) },
  };
  // Each of setpriv and chrt sets what it sets and execs the next: the process is node itself.
  const prefix = [
    ...(SETPRIV !== null ? [SETPRIV, '--pdeathsig', 'SIGKILL'] : []),
    ...(priority.policy !== 'other' && CHRT !== null ? [CHRT, `--${priority.policy}`, '0'] : []),
  ];
  const child =
    prefix.length > 0
      ? spawn(prefix[0]!, [...prefix.slice(1), process.execPath, script], options)
      : // Not the asking process's flags (a test runner's loaders): the module is built JavaScript.
        fork(script, [], { ...(options as ForkOptions), execArgv: [] });
  // At once, while setpriv and chrt exec: the threads node starts then inherit it (the process sets
  // every thread of it again first thing; a nice value above this one's needs privileges, and is skipped).
  try {
    if (child.pid !== undefined) setPriority(child.pid, priority.nice);
  } catch {
    // Not allowed (a nice value below ours), or gone already.
  }
  return child;
}

/** The priority of a simulation's process for each way of running it in one. */
function processPriority(
  how: Exclude<SimulationsIn, 'thread'>,
  env: NodeJS.ProcessEnv = process.env,
): SimulationPriority {
  if (how === 'idle-process') return { policy: 'idle', nice: 19 };
  if (how === 'nice-process') return { policy: 'other', nice: 19 };
  return { policy: 'batch', nice: simulationNice(env) };
}

/** A process for one long read (long-read-process.ts), handed the read once it is listening. */
function forked(db: string, read: LongRead, priority: SimulationPriority): Runner {
  const child = startSimulationProcess(fileURLToPath(PROCESS), priority);
  child.send({ db, read });
  return Object.assign(child, { terminate: () => child.kill('SIGKILL') });
}

/**
 * Long reads on threads over the store at `db` (a SQLite file or a postgres:// URL); simulations
 * and backtests in a process of their own unless `simulationsIn` is 'thread'. With `busy` (whether
 * the server is answering requests; sim-throttle.ts), a simulation's process is paused while it
 * is, down to the throttle's minimum share.
 */
export function threadedLongReads(
  db: string,
  threads = LONG_READ_THREADS,
  simulations = SIMULATION_THREADS,
  simulationsIn: SimulationsIn = SIMULATIONS_IN,
  busy?: () => boolean,
  throttle: ThrottleOptions = throttleFromEnv(process.env),
): LongReads {
  const reads = turns(threads);
  const sims = turns(simulations);
  const run = async <T>(
    pool: ReturnType<typeof turns>,
    read: LongRead,
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
    inProcess: SimulationPriority | false = false,
  ): Promise<T> => {
    await pool.take(signal).catch((e: unknown) => {
      pool.give();
      throw e;
    });
    try {
      return await new Promise<T>((resolve, reject) => {
        const worker: Runner = inProcess
          ? forked(db, read, inProcess)
          : new Worker(THREAD, { workerData: { db, read } });
        // Paused while the server answers requests (a process only: a thread cannot be stopped alone).
        const pid = (worker as { pid?: number }).pid;
        const throttled = inProcess && busy && pid !== undefined ? throttleProcess(pid, busy, throttle) : undefined;
        worker.once('exit', () => throttled?.stop());
        let settled = false;
        const stop = () => {
          if (settled) return;
          settled = true;
          throttled?.stop();
          reject(signal?.reason instanceof Error ? signal.reason : new Error('the long read was stopped'));
          void worker.terminate();
        };
        signal?.addEventListener('abort', stop, { once: true });
        worker.on('message', (m: ThreadMessage<T>) => {
          if (settled) return;
          if ('progress' in m) {
            onProgress?.(m.progress[0], m.progress[1]);
            return;
          }
          settled = true;
          // Its answer is in: the process only closes now, unpaused.
          throttled?.stop();
          signal?.removeEventListener('abort', stop);
          if ('value' in m) resolve(m.value);
          else if (m.error.code !== undefined) reject(new StandingError(m.error.code, m.error.message, m.error.at));
          else reject(new Error(m.error.message));
        });
        worker.once('error', (e: Error) => {
          throttled?.stop();
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', stop);
          reject(e);
        });
        worker.once('exit', (code: number | null) => {
          signal?.removeEventListener('abort', stop);
          if (!settled) {
            settled = true;
            reject(
              new Error(
                `the long read's ${inProcess ? 'process' : 'thread'} exited with code ${code} before answering`,
              ),
            );
          }
        });
      });
    } finally {
      pool.give();
    }
  };
  return {
    verifyAudit: () => run<{ storage: StorageCheck; report?: AuditReport }>(reads, { kind: 'audit-verify' }),
    subjectFile: (subject, now) => run<SubjectFile>(reads, { kind: 'subject-file', subject, now }),
    simulate: (simulation, onProgress, signal) =>
      run<string>(
        sims,
        { kind: 'simulation', simulation },
        onProgress,
        signal,
        simulationsIn === 'thread' ? false : processPriority(simulationsIn),
      ),
  };
}
