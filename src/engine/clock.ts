/** The clock port: every time-driven step asks it, so tests and replays control time. */
export interface Clock {
  now(): number;
  /**
   * How fast it runs against real time (1: the system clock, 0: stopped), when that is known: a
   * thread of its own (the delivery thread) then runs a copy of it. Absent: hand-driven.
   */
  readonly rate?: number;
}

export const systemClock: Clock = { now: () => Date.now(), rate: 1 };

/** A clock stopped at one instant (STANDING_NOW for one-shot CLI commands). */
export function fixedClock(at: number): Clock {
  return { now: () => at, rate: 0 };
}

/**
 * A clock that reads `start` at the real instant `origin` (default: now) and runs on with
 * real time (STANDING_NOW for serve and demo), `rate` times as fast (default 1).
 */
export function runningClock(start: number, real: Clock = systemClock, rate = 1, origin: number = real.now()): Clock {
  const now = (): number => start + Math.floor((real.now() - origin) * rate);
  return real === systemClock ? { now, rate } : { now };
}

/** A clock a test moves by hand. */
export function manualClock(start: number): Clock & { set(t: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    set(v) {
      t = v;
    },
    advance(ms) {
      t += ms;
    },
  };
}
