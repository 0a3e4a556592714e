/** The clock port: every time-driven step asks it, so tests and replays control time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock stopped at one instant (STANDING_NOW for one-shot CLI commands). */
export function fixedClock(at: number): Clock {
  return { now: () => at };
}

/**
 * A clock that reads `start` at the real instant `origin` (default: now) and runs on with
 * real time (STANDING_NOW for serve and demo), `rate` times as fast (default 1).
 */
export function runningClock(start: number, real: Clock = systemClock, rate = 1, origin: number = real.now()): Clock {
  return { now: () => start + Math.floor((real.now() - origin) * rate) };
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
