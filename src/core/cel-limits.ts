import { RE2JS } from 're2js';

/**
 * Bounds on evaluating CEL (SPEC §3, "Evaluation is bounded"; docs/decisions.md).
 * Costs are counted in units, about one evaluated AST node each: one comprehension step (one
 * element of a list an `all`, `exists`, `exists_one`, `map` or `filter` visits) costs one
 * unit plus the nodes of its body, and `matches` costs 1 + ⌈input length × regex program
 * size / 64⌉ units (RE2 runs in time linear in both).
 */

/**
 * Every expression's budget, in units: the most one evaluation may spend (past it the
 * expression fails), and the most its static estimate may reach at publish (cel-cost.ts).
 * A unit is about 0.1 µs of this machine's time, so an evaluation stops within ~10–20 ms.
 */
export const COST_LIMIT = 100_000;
/** The number of live records a subject is assumed to have for the estimate (the runtime limit holds past it). */
export const ASSUMED_RECORDS = 50;
/** The longest string (in UTF-16 code units) `matches` reads; record data is at most 16 KiB. */
export const MAX_MATCH_INPUT = 16_384;
/** The largest RE2 program (instructions) a pattern may compile to. */
export const MAX_REGEX_PROGRAM = 2_000;
/** Compiled patterns kept; past it the oldest is dropped. */
const REGEX_CACHE_SIZE = 1_000;
/** Input characters × program instructions per unit of `matches`. */
const MATCH_WORK_PER_UNIT = 64;

/** What an over-budget evaluation fails with (SPEC §3: a rule error, never a stall). */
export const OVER_BUDGET = `cost limit exceeded: the expression spent more than ${COST_LIMIT} units`;

// Evaluation is synchronous: one expression evaluates at a time, so one meter serves all.
let remaining = Number.POSITIVE_INFINITY;
let exhausted: Error | null = null;

/** Starts metering one evaluation. */
export function startMeter(): void {
  remaining = COST_LIMIT;
  exhausted = null;
}

/** Ends metering; whether the budget ran out (an error absorbed by `||` or `all` still fails the expression). */
export function stopMeter(): boolean {
  remaining = Number.POSITIVE_INFINITY;
  return exhausted !== null;
}

/** Spends `units`; throws once the budget is gone (and at every later charge, cheaply: one error object). */
export function charge(units: number): void {
  remaining -= units;
  if (remaining < 0) throw (exhausted ??= new Error(OVER_BUDGET));
}

const cache = new Map<string, RE2JS | string>();

/** The compiled pattern, or why it is refused (invalid RE2 syntax, too large). Cached per pattern. */
export function compileRegex(pattern: string): RE2JS | string {
  let re = cache.get(pattern);
  if (re !== undefined) return re;
  try {
    const compiled = RE2JS.compile(pattern);
    const size = compiled.programSize();
    re =
      size > MAX_REGEX_PROGRAM
        ? `regular expression too large: ${size} instructions, at most ${MAX_REGEX_PROGRAM}`
        : compiled;
  } catch (e) {
    re = `invalid regular expression ${JSON.stringify(pattern)}: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (cache.size >= REGEX_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

/** The units `matches` costs on an input of `length` with a program of `program` instructions. */
export function matchCost(length: number, program: number): number {
  return 1 + Math.ceil((length * program) / MATCH_WORK_PER_UNIT);
}

/** CEL's `string.matches(string)`: RE2 syntax, a match anywhere in the string, linear time, metered. */
export function re2Matches(input: string, pattern: string): boolean {
  const re = compileRegex(pattern);
  if (typeof re === 'string') throw new Error(re);
  if (input.length > MAX_MATCH_INPUT)
    throw new Error(`matches reads at most ${MAX_MATCH_INPUT} characters, got ${input.length}`);
  charge(matchCost(input.length, re.programSize()));
  return re.test(input);
}
