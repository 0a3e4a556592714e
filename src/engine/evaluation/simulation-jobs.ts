import { randomUUID } from 'node:crypto';
import { fail, isStandingError } from '../../core/errors.js';

/** Jobs running at once per authority; more are refused (SIMULATION_JOBS_FULL). */
export const JOBS_RUNNING_PER_AUTHORITY = 2;
/** Finished jobs kept per authority, newest first; older ones are dropped. */
export const JOBS_KEPT_PER_AUTHORITY = 10;
/** A finished job is dropped this long after it finished. */
export const JOB_KEPT_MS = 60 * 60 * 1000;

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
 * (docs/decisions.md, Simulation).
 */
export class SimulationJobs {
  private readonly jobs = new Map<string, SimulationJob>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts `run` as a job of `authority`; it reports progress through the callback it is given. */
  start(authority: string, run: (progress: (done: number, total: number) => void) => Promise<string>): SimulationJob {
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
    run((done, total) => {
      job.done = done;
      job.total = total;
    }).then(
      (result) => {
        job.state = 'done';
        job.result = result;
        job.finishedAt = this.now();
      },
      (e: unknown) => {
        job.state = 'failed';
        job.error = isStandingError(e)
          ? { code: e.code, message: e.message }
          : { code: 'INTERNAL', message: 'the simulation failed; the server log has the cause' };
        job.finishedAt = this.now();
      },
    );
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
