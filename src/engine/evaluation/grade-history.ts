import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { evaluate } from '../../core/evaluate.js';
import type { SchemeVersionRow, Store } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { resolveScheme } from './schemes.js';
import { disputedRecords } from './disputed.js';

/**
 * How a scheme's population by grade changed over time, for the operator console: the
 * latest version's rules applied to the records as they stood at each past instant.
 * Evaluating everyone at several instants would cost a full rescoring per instant, so a
 * deterministic sample (every k-th subject in id order) is evaluated once per instant,
 * loading each subject's records once for all instants. Shares are what the chart shows.
 */

export interface GradeHistoryOptions {
  readonly authority: string;
  readonly scheme: string;
  /** Instants (epoch ms) to evaluate at, any order. */
  readonly instants: readonly number[];
  /** Most subjects evaluated; default DEFAULT_SAMPLE. Below it, everyone is. */
  readonly sample?: number;
}

export interface GradePoint {
  readonly at: number;
  /** Judged subjects of the sample at this instant. */
  readonly judged: number;
  /** Judged subjects of the sample by grade id; `(none)` when no grade entry matched. */
  readonly grades: Readonly<Record<string, number>>;
}

export interface GradeHistory {
  readonly version: SchemeVersionRow;
  /** Grade ids in scheme order (best first, as the scheme lists them). */
  readonly gradeIds: readonly string[];
  /** Subjects with records from the scheme's sources. */
  readonly population: number;
  /** Subjects evaluated at each instant. */
  readonly sampled: number;
  readonly points: readonly GradePoint[];
}

/** About ±2.5 points of share at 95% confidence, and a few seconds of evaluation for seven instants of the 100,000-person seed city. */
export const DEFAULT_SAMPLE = 1500;
/** Subjects evaluated between two turns of the event loop, so that requests (checks above all) are not held up. */
const SLICE = 20;
const PAGE = 5000;
const BATCH = 500;
/** Answers are kept this long: past instants change only when records arrive late or are retracted. */
const CACHE_MS = 5 * 60_000;

const caches = new WeakMap<Store, Map<string, { until: number; value: Promise<GradeHistory> }>>();

export async function gradeHistory(deps: EngineDeps, options: GradeHistoryOptions): Promise<GradeHistory> {
  const now = deps.clock.now();
  let cache = caches.get(deps.store);
  if (!cache) caches.set(deps.store, (cache = new Map<string, { until: number; value: Promise<GradeHistory> }>()));
  const { row } = await deps.store.read((tx) => resolveScheme(tx, options.scheme, options.authority));
  const key = `${row.authority}\u0000${row.scheme}\u0000${row.version}\u0000${[...options.instants].sort((a, b) => a - b).join(',')}\u0000${options.sample ?? DEFAULT_SAMPLE}`;
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.value;
  for (const [k, v] of cache) if (v.until <= now) cache.delete(k);
  const value = compute(deps, options);
  cache.set(key, { until: now + CACHE_MS, value });
  value.catch(() => cache.delete(key));
  return value;
}

async function compute(deps: EngineDeps, options: GradeHistoryOptions): Promise<GradeHistory> {
  const { row, compiled } = await deps.store.read((tx) => resolveScheme(tx, options.scheme, options.authority));
  const sources = compiled.doc.sources;
  const everyone: string[] = [];
  for (let after: string | null = null; ; ) {
    const page = await deps.store.read((tx) => tx.subjectsAfter(sources, after, PAGE));
    everyone.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1]!;
  }
  const limit = Math.max(1, options.sample ?? DEFAULT_SAMPLE);
  const step = Math.max(1, Math.ceil(everyone.length / limit));
  const sample = everyone.filter((_, i) => i % step === 0);
  const instants = [...new Set(options.instants)].sort((a, b) => a - b);
  const counts = instants.map(() => new Map<string, number>());
  const judged = instants.map(() => 0);
  for (let i = 0; i < sample.length; i += BATCH) {
    const subjects = sample.slice(i, i + BATCH);
    // One short transaction per batch, so checks and other requests interleave.
    const { records, consents, disputed } = await deps.store.read(async (tx) => ({
      records: await tx.recordsOfSubjects(subjects, sources),
      consents: compiled.doc.consent === 'required' ? await tx.consentsOf(row, subjects) : undefined,
      disputed: await disputedRecords(tx, subjects),
    }));
    for (const [k, subject] of subjects.entries()) {
      if (k % SLICE === SLICE - 1) await yieldToLoop();
      const facts = {
        subject,
        records: records.get(subject) ?? [],
        consents: consents?.get(subject) ?? [],
        disputed: disputed.get(subject),
      };
      instants.forEach((at, j) => {
        const e = evaluate(compiled, facts, at);
        if (e.notJudged !== null || e.candidates === 0 || e.score === null) return;
        judged[j]!++;
        const g = e.grade ?? '(none)';
        counts[j]!.set(g, (counts[j]!.get(g) ?? 0) + 1);
      });
    }
  }
  return {
    version: row,
    gradeIds: compiled.doc.grades.map((g) => g.id),
    population: everyone.length,
    sampled: sample.length,
    points: instants.map((at, j) => ({ at, judged: judged[j]!, grades: Object.fromEntries(counts[j]!) })),
  };
}
