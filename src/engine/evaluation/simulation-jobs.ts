import { randomUUID } from 'node:crypto';
import { StandingError, fail, isStandingError } from '../../core/errors.js';

/** Jobs running at once per authority; more are refused (SIMULATION_JOBS_FULL). */
export const JOBS_RUNNING_PER_AUTHORITY = 2;
/** Finished jobs kept per authority, newest first; older ones are dropped. */
export const JOBS_KEPT_PER_AUTHORITY = 10;
/** A finished job is dropped this long after it finished. */
export const JOB_KEPT_MS = 60 * 60 * 1000;
/** How long a simulation or backtest may run when STANDING_SIMULATION_TIMEOUT_MS says nothing. */
export const DEFAULT_SIMULATION_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * A time limit of `ms`: its signal aborts then with SIMULATION_TIMED_OUT (a simulation looks at
 * it after each page; a simulation's process is killed on it, long-reads.ts). `clear` ends it.
 */
export function timeLimit(ms: number): { readonly signal: AbortSignal; readonly clear: () => void } {
  const limit = new AbortController();
  const timer = setTimeout(
    () =>
      limit.abort(
        new StandingError(
          'SIMULATION_TIMED_OUT',
          `the simulation ran longer than its time limit of ${ms} ms (STANDING_SIMULATION_TIMEOUT_MS) and was stopped`,
        ),
      ),
    ms,
  );
  timer.unref();
  return { signal: limit.signal, clear: () => clearTimeout(timer) };
}

export interface SimulationJob {
  readonly id: string;
  readonly authority: string;
  readonly startedAt: number;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  finishedAt: number | null;
  /** When done: the simulation or backtest as JSON text (made once, off the thread answering checks when it can be). */
  result: string | null;
  error: { code: string; message: string } | null;
}

/**
 * Simulation jobs held in the memory of one server (SPEC §12: over HTTP a simulation is an
 * asynchronous job with progress). Bounded per authority; lost when the server stops
 * (docs/decisions.md, Simulation). A job still running `timeoutMs` after it started fails with
 * SIMULATION_TIMED_OUT, and its run's signal is aborted with that error.
 */
export class SimulationJobs {
  private readonly jobs = new Map<string, SimulationJob>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly timeoutMs: number = DEFAULT_SIMULATION_TIMEOUT_MS,
  ) {}

  /**
   * Starts `run` as a job of `authority`; it reports progress through the callback it is given,
   * and is to stop when the signal it is given aborts (the time limit).
   */
  start(
    authority: string,
    run: (progress: (done: number, total: number) => void, signal: AbortSignal) => Promise<string>,
  ): SimulationJob {
    this.prune();
    const mine = [...this.jobs.values()].filter((j) => j.authority === authority);
    if (mine.filter((j) => j.state === 'running').length >= JOBS_RUNNING_PER_AUTHORITY)
      fail(
        'SIMULATION_JOBS_FULL',
        `${authority} has ${JOBS_RUNNING_PER_AUTHORITY} simulations running; retry when one has finished`,
      );
    const job: SimulationJob = {
      id: randomUUID(),
      authority,
      startedAt: this.now(),
      state: 'running',
      done: 0,
      total: 0,
      finishedAt: null,
      result: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    const limit = timeLimit(this.timeoutMs);
    const failed = (e: unknown): void => {
      if (job.state !== 'running') return;
      job.state = 'failed';
      job.error = isStandingError(e)
        ? { code: e.code, message: e.message }
        : { code: 'INTERNAL', message: 'the simulation failed; the server log has the cause' };
      job.finishedAt = this.now();
    };
    // Over the limit the job fails at once, whether or not its run has stopped yet.
    limit.signal.addEventListener('abort', () => failed(limit.signal.reason), { once: true });
    run((done, total) => {
      job.done = done;
      job.total = total;
    }, limit.signal)
      .then((result) => {
        if (job.state !== 'running') return;
        job.state = 'done';
        job.result = result;
        job.finishedAt = this.now();
      }, failed)
      .finally(limit.clear);
    return job;
  }

  /** The job, if it is the caller's authority's (another authority's is not found either). */
  get(id: string, authority: string): SimulationJob {
    this.prune();
    const job = this.jobs.get(id);
    if (job === undefined || job.authority !== authority)
      fail('SIMULATION_NOT_FOUND', `no simulation ${id} on this server for ${authority}`, { field: 'id' });
    return job;
  }

  private prune(): void {
    const now = this.now();
    const finished = new Map<string, SimulationJob[]>();
    for (const j of this.jobs.values()) {
      if (j.finishedAt === null) continue;
      if (now - j.finishedAt > JOB_KEPT_MS) {
        this.jobs.delete(j.id);
        continue;
      }
      let list = finished.get(j.authority);
      if (!list) finished.set(j.authority, (list = []));
      list.push(j);
    }
    for (const list of finished.values())
      for (const j of list.sort((a, b) => b.finishedAt! - a.finishedAt!).slice(JOBS_KEPT_PER_AUTHORITY))
        this.jobs.delete(j.id);
  }
}
