/**
 * The measured phases and how they report. Each phase runs in a process of its own so
 * its peak RSS is its own; it sends one PhaseResult to the parent and exits.
 */
import { fork } from 'node:child_process';

export const PHASES = ['baseline-insert', 'standing-import', 'standing-reevaluate', 'baseline-group-by'] as const;
export type PhaseName = (typeof PHASES)[number];

export function isPhaseName(s: string): s is PhaseName {
  return (PHASES as readonly string[]).includes(s);
}

/** Seconds one scheme's full re-evaluation took. */
export interface SchemeTiming {
  readonly scheme: string;
  readonly seconds: number;
  readonly subjects: number;
}

export interface PhaseResult {
  readonly phase: PhaseName;
  /** Wall-clock seconds of the measured part only (setup and parsing before it excluded). */
  readonly seconds: number;
  /** Records the measured part wrote or read. */
  readonly records: number;
  /** Peak resident set of the whole phase process, KiB (process.resourceUsage().maxRSS). */
  readonly maxRssKiB: number;
  /** Phase-specific breakdown, shown in the report and kept in the JSON. */
  readonly detail: Readonly<Record<string, unknown>>;
  readonly schemes?: readonly SchemeTiming[];
}

/** Collects garbage left by setup, so the measured part does not pay for it. */
export function settle(): void {
  globalThis.gc?.();
}

export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}

/**
 * Runs `script --phase NAME ...args` in a child Node (with this process's flags, so
 * --expose-gc carries over) and resolves with the result it sends.
 */
export function runPhase(script: string, phase: PhaseName, args: readonly string[]): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(script, ['--phase', phase, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: PhaseResult | undefined;
    child.on('message', (m) => {
      result = m as PhaseResult;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result && code === 0) resolve(result);
      else
        reject(
          new Error(
            `phase ${phase} ended with ${signal ?? `exit code ${code}`} and ${result ? 'a result' : 'no result'}`,
          ),
        );
    });
  });
}

/** Sends the phase result to the parent (or prints it when run by hand) with the process's peak RSS. */
export function report(result: Omit<PhaseResult, 'maxRssKiB'>): Promise<void> {
  const full: PhaseResult = { ...result, maxRssKiB: process.resourceUsage().maxRSS };
  if (!process.send) {
    process.stdout.write(`${JSON.stringify(full)}\n`);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    process.send!(full, undefined, undefined, (e) => (e ? reject(e) : resolve()));
  });
}
