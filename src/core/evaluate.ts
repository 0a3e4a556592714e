import { recordsMatchedBy } from './condition-facts.js';
import { addDuration } from './duration.js';
import type { CompiledRule, CompiledScheme } from './scheme-types.js';
import type { RecordInput } from './record.js';
import { subjectType, type SubjectType } from './subject.js';
import { toCelRecord } from './cel-values.js';

/** A consent event: at instant `at` the subject opted in (`optIn`) or out. */
export interface ConsentEvent {
  readonly at: number;
  readonly optIn: boolean;
}

/** What evaluation needs to know about one subject. Records may include any authority and retracted ones are excluded by the caller. */
export interface SubjectFacts {
  readonly subject: string;
  /** Every non-retracted record about the subject from the scheme's sources, any instant. */
  readonly records: readonly RecordInput[];
  /** The subject's consent events for this scheme, any order. */
  readonly consents: readonly ConsentEvent[];
  /**
   * Records under a pending dispute, as "authority/key", with the instant their authority must
   * decide by: from it on, the record is not a candidate (SPEC §3 item 1, §6).
   */
  readonly disputed?: ReadonlyMap<string, number>;
}

/** Whether a record under a pending dispute with this deadline still counts at `at`: before the deadline only. */
export function countsWhileDisputed(deadline: number | undefined, at: number): boolean {
  return deadline === undefined || at < deadline;
}

export interface Contribution {
  readonly key: string;
  readonly authority: string;
  readonly rule: string;
  readonly points: number;
  readonly capped: number;
}

export type ErrorSite = 'when' | 'points' | 'grade' | 'list';

export interface RuleError {
  /** Rule, grade or list id. */
  readonly rule: string;
  readonly site: ErrorSite;
  readonly key?: string;
  readonly message: string;
}

export interface ListValue {
  readonly id: string;
  readonly value: boolean;
  readonly error?: string;
  /**
   * When the condition holds through comprehensions over `subject.records`: the records
   * they matched, as "authority/key" (SPEC §6: the notice names them). Absent otherwise.
   */
  readonly records?: string[];
}

export type NotJudgedReason = 'subject-type' | 'no-consent';

/** The outcome of evaluating one scheme version for one subject at one instant, with its explanation (SPEC §3 item 11). */
export interface Evaluation {
  readonly subject: string;
  readonly at: number;
  /** Why the scheme gives this subject no score, or null when it does. */
  readonly notJudged: NotJudgedReason | null;
  /** Number of candidate records (SPEC §3 item 1). */
  readonly candidates: number;
  readonly score: number | null;
  readonly grade: string | null;
  /** Ids of the lists the subject qualifies for, in scheme order. */
  readonly lists: readonly string[];
  readonly listValues: readonly ListValue[];
  readonly contributions: readonly Contribution[];
  readonly errors: readonly RuleError[];
  /** Keys of the live records (SPEC §3 item 7), as "authority/key". */
  readonly live: readonly string[];
  /** The next instant after `at` at which time alone can change this result, or null. */
  readonly nextChange: number | null;
}

export function compareRecords(a: RecordOrder, b: RecordOrder): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt - b.occurredAt;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.authority < b.authority ? -1 : a.authority > b.authority ? 1 : 0;
}

/** What orders a subject's records (SPEC §3): occurrence, then key, then authority. */
export interface RecordOrder {
  readonly occurredAt: number;
  readonly key: string;
  readonly authority: string;
}

const MAX_POINTS = Number.MAX_SAFE_INTEGER;

/** Rounds half away from zero (SPEC §3 item 3). */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

type PointsResult = { ok: true; points: number } | { ok: false; error: string };

export function toPoints(raw: unknown): PointsResult {
  const value = isUint(raw) ? raw.valueOf() : raw;
  if (typeof value === 'bigint') {
    if (value > BigInt(MAX_POINTS) || value < -BigInt(MAX_POINTS))
      return { ok: false, error: `points ${value} out of range` };
    return { ok: true, points: Number(value) };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, error: `points ${value} is not finite` };
    const p = roundHalfAway(value);
    if (Math.abs(p) > MAX_POINTS) return { ok: false, error: `points ${value} out of range` };
    return { ok: true, points: p === 0 ? 0 : p };
  }
  return { ok: false, error: `points must be a number, got ${value === null ? 'null' : typeof value}` };
}

/** A CEL uint (the library does not export its class): numeric, so valid points. */
function isUint(v: unknown): v is { valueOf(): bigint } {
  return typeof v === 'object' && v !== null && v.constructor.name === 'UnsignedInt' && typeof v.valueOf() === 'bigint';
}

export function latestConsent(consents: readonly ConsentEvent[], at: number): boolean {
  let best: ConsentEvent | undefined;
  for (const c of consents) {
    // Later events win; at one instant, an opt-out wins over an opt-in.
    if (c.at <= at && (best === undefined || c.at > best.at || (c.at === best.at && !c.optIn))) best = c;
  }
  return best?.optIn === true;
}

interface Applied {
  readonly record: RecordInput;
  readonly cel: Record<string, unknown>;
}

/**
 * Evaluates scheme version `scheme` for one subject at instant `at`, exactly as
 * SPEC §3 items 1–11 say. Pure: everything it needs comes in as arguments.
 */
export function evaluate(scheme: CompiledScheme, facts: SubjectFacts, at: number): Evaluation {
  const type = subjectType(facts.subject);
  const errors: RuleError[] = [];
  let nextChange: number | null = null;
  const soon = (t: number): void => {
    if (t > at && (nextChange === null || t < nextChange)) nextChange = t;
  };
  const base = {
    subject: facts.subject,
    at,
    candidates: 0,
    score: null,
    grade: null,
    lists: [],
    listValues: [],
    contributions: [],
    errors,
    live: [],
  };
  if (type === undefined || !scheme.doc.subjects.includes(type)) {
    return { ...base, notJudged: 'subject-type', nextChange: null };
  }
  const sources = scheme.doc.sources;
  const candidates: RecordInput[] = [];
  for (const r of facts.records) {
    if (r.subject !== facts.subject || !sources.includes(r.authority)) continue;
    const deadline = facts.disputed?.get(`${r.authority}/${r.key}`);
    if (deadline !== undefined) {
      // Under a dispute left undecided past its deadline: not a candidate (SPEC §3 item 1).
      if (!countsWhileDisputed(deadline, at)) continue;
      soon(deadline);
    }
    if (r.occurredAt <= at) candidates.push(r);
    else soon(r.occurredAt);
  }
  if (scheme.doc.consent === 'required') {
    for (const c of facts.consents) soon(c.at);
    if (!latestConsent(facts.consents, at)) {
      return { ...base, candidates: candidates.length, notJudged: 'no-consent', nextChange };
    }
  }
  candidates.sort(compareRecords);

  const subjectCel = { id: facts.subject, type };
  const applied: Applied[][] = scheme.rules.map(() => []);
  const live: Applied[] = [];
  for (const r of candidates) {
    let cel: Record<string, unknown> | undefined;
    let matched = false;
    let applies = false;
    for (const rule of scheme.rules) {
      if (rule.when.recordKinds !== null && !rule.when.recordKinds.has(r.kind)) continue;
      cel ??= toCelRecord(r);
      const res = rule.when.evaluate({ record: cel, subject: subjectCel });
      if (!res.ok) {
        errors.push({ rule: rule.def.id, site: 'when', key: r.key, message: res.error });
        continue;
      }
      if (res.value !== true) {
        if (res.value !== false)
          errors.push({
            rule: rule.def.id,
            site: 'when',
            key: r.key,
            message: `when must be a bool, got ${typeof res.value}`,
          });
        continue;
      }
      matched = true;
      if (rule.lapse !== null) {
        const end = addDuration(r.occurredAt, rule.lapse);
        if (!(at < end)) continue;
        soon(end);
      }
      applies = true;
      applied[rule.index]!.push({ record: r, cel });
    }
    if (applies || !matched) live.push({ record: r, cel: cel ?? toCelRecord(r) });
  }

  const contributions: Contribution[] = [];
  let total = 0;
  for (const rule of scheme.rules) {
    const list = applied[rule.index]!;
    if (list.length === 0) continue;
    const taken = rule.def.keep === 'latest' ? [list[list.length - 1]!] : list;
    const points = taken.map((a) => pointsFor(rule, a, subjectCel, errors));
    const capped = applyCap(
      rule,
      taken.map((a) => a.record.occurredAt),
      points,
    );
    for (let i = 0; i < taken.length; i++) {
      const rec = taken[i]!.record;
      // Members in code-unit order, as canonical JSON writes them (a notice's body is hashed so: no copy is made).
      contributions.push({
        authority: rec.authority,
        capped: capped[i]!,
        key: rec.key,
        points: points[i]!,
        rule: rule.def.id,
      });
      total += capped[i]!;
    }
  }

  const score = clampScore(scheme, total);

  const records = scheme.needsRecords ? live.map((a) => a.cel) : [];
  const { grade, lists, listValues } = gradeAndLists(scheme, facts.subject, type, score, records, errors);

  return {
    subject: facts.subject,
    at,
    notJudged: null,
    candidates: candidates.length,
    score,
    grade,
    lists,
    listValues,
    contributions,
    errors,
    live: live.map((a) => `${a.record.authority}/${a.record.key}`),
    nextChange,
  };
}

function pointsFor(
  rule: CompiledRule,
  a: Applied,
  subject: { id: string; type: SubjectType },
  errors: RuleError[],
): number {
  if (typeof rule.points === 'number') return rule.points;
  const res = rule.points.evaluate({ record: a.cel, subject });
  const p = res.ok ? toPoints(res.value) : res;
  if (p.ok) return p.points;
  errors.push({ rule: rule.def.id, site: 'points', key: a.record.key, message: p.error });
  return 0;
}

/** SPEC §3 item 5, over records already in (occurredAt, key) order, given by their instants. */
export function applyCap(rule: CompiledRule, occurred: readonly number[], points: readonly number[]): number[] {
  const cap = rule.def.cap;
  if (cap === undefined) return points.slice();
  const n = cap.points;
  const per = rule.capPer;
  // Month clamping makes occurredAt_j + W not monotonic in j (Jan 30 23:00 + P1M ends after
  // Jan 31 01:00 + P1M), so records leave the window in order of their end, not of occurrence.
  const ends = per === null ? [] : occurred.map((t) => addDuration(t, per));
  const byEnd = ends.map((_, j) => j).sort((a, b) => ends[a]! - ends[b]!);
  const left: boolean[] = [];
  let next = 0;
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < occurred.length; i++) {
    const occ = occurred[i]!;
    // A record whose end is ≤ occ is outside this window and every later one (occ never decreases).
    while (next < byEnd.length && !(ends[byEnd[next]!]! > occ)) {
      const j = byEnd[next++]!;
      left[j] = true;
      if (j < i) s -= out[j]!;
    }
    const p = points[i]!;
    let c = p;
    if (n > 0 && p > 0) c = Math.min(p, Math.max(0, n - s));
    else if (n < 0 && p < 0) c = Math.max(p, Math.min(0, n - s));
    out.push(c);
    if (left[i] !== true) s += c;
  }
  return out;
}

/** Base plus the rules' total, clamped to the scheme's bounds (SPEC §3 item 6). */
export function clampScore(scheme: CompiledScheme, total: number): number {
  const { min, max } = scheme.doc.score;
  let score = scheme.doc.score.base + total;
  if (min !== undefined && score < min) score = min;
  if (max !== undefined && score > max) score = max;
  return score;
}

/**
 * SPEC §3 items 8–9: the first grade whose conditions hold, then every list's condition.
 * `explain` false: a verdict's caller reads `grade` and `lists` only, so the records each
 * true condition came through (a notice's, SPEC §6) are not looked for.
 */
export function gradeAndLists(
  scheme: CompiledScheme,
  id: string,
  type: SubjectType,
  score: number,
  records: readonly Record<string, unknown>[],
  errors: RuleError[],
  explain = true,
): { grade: string | null; lists: string[]; listValues: ListValue[] } {
  const subjectForGrades = { id, type, score: BigInt(score), records };
  let grade: string | null = null;
  for (const g of scheme.grades) {
    if (g.def.min !== undefined && !(g.def.min <= score)) continue;
    if (g.def.max !== undefined && !(score <= g.def.max)) continue;
    if (g.when !== null) {
      const res = g.when.evaluate({ subject: subjectForGrades });
      if (!res.ok || res.value !== true) {
        if (!res.ok) errors.push({ rule: g.def.id, site: 'grade', message: res.error });
        else if (res.value !== false)
          errors.push({ rule: g.def.id, site: 'grade', message: `when must be a bool, got ${typeof res.value}` });
        continue;
      }
    }
    grade = g.def.id;
    break;
  }

  const subjectForLists = { ...subjectForGrades, grade };
  const listValues: ListValue[] = [];
  const lists: string[] = [];
  for (const l of scheme.lists) {
    const res = l.when.evaluate({ subject: subjectForLists });
    if (!res.ok) {
      errors.push({ rule: l.def.id, site: 'list', message: res.error });
      listValues.push({ error: res.error, id: l.def.id, value: false });
      continue;
    }
    const value = res.value === true;
    if (res.value !== true && res.value !== false) {
      const error = `when must be a bool, got ${typeof res.value}`;
      errors.push({ rule: l.def.id, site: 'list', message: error });
      listValues.push({ error, id: l.def.id, value: false });
      continue;
    }
    if (!value) {
      listValues.push({ id: l.def.id, value });
      continue;
    }
    const matched = explain && l.when.readsRecords ? recordsMatchedBy(l.when.source, subjectForLists) : [];
    listValues.push({
      id: l.def.id,
      ...(matched.length > 0 ? { records: matched } : {}),
      value,
    });
    lists.push(l.def.id);
  }
  return { grade, lists, listValues };
}
