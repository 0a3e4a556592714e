import { readdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of threads doing batch work (simulations, backtests, audit verify): the lowest priority. */
export const BATCH_NICE = 19;
/** The nice value of the webhook delivery thread: below the checks, above batch work. */
export const DELIVERY_NICE = 10;

/**
 * Lowers the calling thread's CPU priority, so that the thread answering checks wins the CPU
 * when both want it (a simulation otherwise takes a whole CPU of a small machine). On Linux a
 * thread has a nice value of its own (setpriority on its thread id); elsewhere this does nothing.
 * Returns whether it was lowered.
 */
export function lowerThreadPriority(nice: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // "PID/task/TID" for the calling thread.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}

/**
 * Lowers every thread of this process (on Linux each has its own nice value; threads started
 * later inherit their starter's), so that V8's helper threads — garbage collection, compilation —
 * are batch work too. Elsewhere lowers the process. Returns whether it was lowered.
 */
export function lowerProcessPriority(nice: number): boolean {
  try {
    if (process.platform !== 'linux') {
      setPriority(nice);
      return true;
    }
    for (const tid of readdirSync('/proc/self/task')) setPriority(Number(tid), nice);
    return true;
  } catch {
    return false;
  }
}
