/**
 * Seeded pseudo-randomness for the demo (STYLE.md: randomness is a port). Not for
 * secrets: the point is that one seed always yields one sequence, on every platform.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly; the array must not be empty. */
  pick<T>(items: readonly T[]): T;
  /** One value, with probability proportional to its weight; weights must not all be 0. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
  /** A normal variate (Box–Muller); defaults mean 0, sd 1. */
  normal(mean?: number, sd?: number): number;
  /** A log-normal variate with the given median and log-space sd: skewed, long right tail. */
  lognormal(median: number, sigma: number): number;
  /** A Poisson count with the given mean (exact below 30, normal approximation above). */
  poisson(mean: number): number;
  /** Failures before the first success of a trial with probability p: 0, 1, 2, … */
  geometric(p: number): number;
  /**
   * An independent stream named by `label`: the same seed and label always give the
   * same stream, whatever was drawn from this one before.
   */
  fork(label: string | number): Random;
}

/** cyrb128: a fast string hash spreading a seed over four 32-bit words of state. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32 (Chris Doty-Humphrey's small fast chaotic generator), 32-bit words only. */
function sfc32(seed: readonly [number, number, number, number]): () => number {
  let [a, b, c, d] = seed;
  const step = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of a freshly seeded sfc32 are poorly mixed; discard them.
  for (let i = 0; i < 12; i++) step();
  return step;
}

/** A Random from a seed; equal seeds (as text: 42 and "42" are one seed) give equal sequences. */
export function seededRandom(seed: number | string): Random {
  const name = String(seed);
  const next = sfc32(cyrb128(name));
  let spare: number | null = null;

  const normal = (mean = 0, sd = 1): number => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return mean + sd * z;
    }
    const u = 1 - next(); // (0, 1]: log(0) would be -Infinity
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  };

  const random: Random = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted<T>(choices: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const [, w] of choices) total += w;
      if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight');
      let x = next() * total;
      for (const [value, w] of choices) {
        if (x < w) return value;
        x -= w;
      }
      // Floating-point leftovers land on the last choice with weight.
      return choices.findLast(([, w]) => w > 0)![0];
    },
    normal,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    poisson(mean) {
      if (!(mean > 0)) return 0;
      if (mean >= 30) return Math.max(0, Math.round(normal(mean, Math.sqrt(mean))));
      // Knuth: multiply uniforms until the product drops below e^-mean.
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    geometric(p) {
      if (p >= 1) return 0;
      if (!(p > 0)) throw new RangeError('geometric needs 0 < p <= 1');
      return Math.floor(Math.log(1 - next()) / Math.log(1 - p));
    },
    fork: (label) => seededRandom(`${name}/${label}`),
  };
  return random;
}
