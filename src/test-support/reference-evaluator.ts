/**
 * A deliberately naive second implementation of SPEC §3 items 1–11, written from the
 * SPEC text and used only by the evaluator's property test. It shares nothing with
 * src/core/evaluate.ts but the CEL library itself: its own calendar arithmetic, its own
 * JSON → CEL conversion, O(n²) caps, no kind pre-filter, records always built.
 *
 * Where SPEC §3 is silent, it follows the choices written down in the property test:
 * ties at one consent instant go to the opt-out; records equal in (occurredAt, key) are
 * ordered by authority; points beyond ±(2^53 − 1) are a rule error.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { RecordInput } from '../core/record.js';
import type { SchemeDoc } from '../core/scheme-types.js';

export interface RefRecord {
  readonly key: string;
  readonly authority: string;
  readonly subject: string;
  readonly kind: string;
  readonly occurredAt: number;
  readonly data: string;
  readonly evidence: string | null;
}

export interface RefConsent {
  readonly at: number;
  readonly optIn: boolean;
}

export interface RefContribution {
  readonly key: string;
  readonly authority: string;
  readonly rule: string;
  readonly points: number;
  readonly capped: number;
}

export interface RefError {
  readonly rule: string;
  readonly site: 'when' | 'points' | 'grade' | 'list';
  readonly key?: string;
}

export interface RefEvaluation {
  readonly notJudged: 'subject-type' | 'no-consent' | null;
  readonly candidates: number;
  readonly score: number | null;
  readonly grade: string | null;
  readonly lists: string[];
  readonly listValues: { id: string; value: boolean }[];
  readonly contributions: RefContribution[];
  readonly errors: RefError[];
  readonly live: string[];
  readonly nextChange: number | null;
}

// ---------------------------------------------------------------- calendar

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): { y: number; m: number; d: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function monthLength(y: number, m: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** instant + ISO 8601 duration, as SPEC §3 item 2 describes the addition. */
export function refAddDuration(instant: number, text: string): number {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (m === null) throw new Error(`bad duration ${text}`);
  const n = (i: number): number => Number(m[i] ?? '0');
  const months = n(1) * 12 + n(2);
  const dayNumber = Math.floor(instant / DAY_MS);
  const msOfDay = instant - dayNumber * DAY_MS;
  const { y, m: mon, d } = civilFromDays(dayNumber);
  const index = y * 12 + (mon - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  const td = Math.min(d, monthLength(ty, tm));
  const afterMonths = daysFromCivil(ty, tm, td) * DAY_MS + msOfDay;
  const afterDays = afterMonths + (n(3) * 7 + n(4)) * DAY_MS;
  return afterDays + ((n(5) * 60 + n(6)) * 60 + n(7)) * 1000;
}

// ---------------------------------------------------------------- CEL

const env = new Environment({ homogeneousAggregateLiterals: false })
  .registerVariable('record', 'dyn')
  .registerVariable('subject', 'dyn');
const programs = new Map<string, (ctx: Record<string, unknown>) => unknown>();

type Outcome = { ok: true; value: unknown } | { ok: false };

function run(source: string, ctx: Record<string, unknown>): Outcome {
  let p = programs.get(source);
  if (p === undefined) {
    const parsed = env.parse(source);
    p = (c) => parsed(c) as unknown;
    programs.set(source, p);
  }
  try {
    return { ok: true, value: p(ctx) };
  } catch {
    return { ok: false };
  }
}

function jsonToCel(v: unknown): unknown {
  // SPEC §3 item 3: no fractional part → int, as long as it fits CEL's int64.
  if (typeof v === 'number') return Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63 ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(jsonToCel);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonToCel(x)]));
  }
  return v;
}

function celRecord(r: RefRecord): Record<string, unknown> {
  return {
    key: r.key,
    authority: r.authority,
    subject: r.subject,
    kind: r.kind,
    occurredAt: new Date(r.occurredAt),
    data: jsonToCel(JSON.parse(r.data)),
    evidence: r.evidence,
  };
}

/** Half away from zero, via the exact fractional part rather than Math.round. */
function roundAway(x: number): number {
  const whole = Math.trunc(x);
  const frac = Math.abs(x - whole);
  const r = frac >= 0.5 ? whole + Math.sign(x) : whole;
  return r === 0 ? 0 : r;
}

function isUint(v: unknown): v is { valueOf(): bigint } {
  return typeof v === 'object' && v !== null && v.constructor.name === 'UnsignedInt';
}

function pointsOf(value: unknown): number | undefined {
  const v = isUint(value) ? value.valueOf() : value;
  let p: number;
  if (typeof v === 'bigint') p = Number(v);
  else if (typeof v === 'number' && Number.isFinite(v)) p = roundAway(v);
  else return undefined;
  return Math.abs(p) > Number.MAX_SAFE_INTEGER ? undefined : p;
}

// ---------------------------------------------------------------- evaluation

function before(a: RefRecord, b: RefRecord): number {
  if (a.occurredAt < b.occurredAt) return -1;
  if (a.occurredAt > b.occurredAt) return 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.authority !== b.authority) return a.authority < b.authority ? -1 : 1;
  return 0;
}

export function referenceEvaluate(
  doc: SchemeDoc,
  subject: string,
  records: readonly (RefRecord | RecordInput)[],
  consents: readonly RefConsent[],
  t: number,
): RefEvaluation {
  const empty = { score: null, grade: null, lists: [], listValues: [], contributions: [], errors: [], live: [] };
  const type = subject.slice(0, subject.indexOf(':'));
  if (!(doc.subjects as readonly string[]).includes(type)) {
    return { ...empty, notJudged: 'subject-type', candidates: 0, nextChange: null };
  }
  const mine = records.filter((r) => r.subject === subject && doc.sources.includes(r.authority));
  const candidates = mine.filter((r) => r.occurredAt <= t);
  const future: number[] = mine.filter((r) => r.occurredAt > t).map((r) => r.occurredAt);

  if (doc.consent === 'required') {
    for (const c of consents) if (c.at > t) future.push(c.at);
    const past = consents.filter((c) => c.at <= t);
    const latestAt = Math.max(...past.map((c) => c.at));
    const atLatest = past.filter((c) => c.at === latestAt);
    const consented = atLatest.length > 0 && atLatest.every((c) => c.optIn);
    if (!consented) {
      return { ...empty, notJudged: 'no-consent', candidates: candidates.length, nextChange: earliest(future) };
    }
  }

  const sorted = [...candidates].sort(before);
  const subj = { id: subject, type };
  const errors: RefError[] = [];
  const cels = sorted.map(celRecord);
  // applies[ruleIndex] = indices into `sorted`
  const applies: number[][] = doc.rules.map(() => []);
  const matchedAny = sorted.map(() => false);
  const appliesAny = sorted.map(() => false);
  doc.rules.forEach((rule, ri) => {
    sorted.forEach((r, i) => {
      const res = run(rule.when, { record: cels[i], subject: subj });
      if (!res.ok || typeof res.value !== 'boolean') {
        errors.push({ rule: rule.id, site: 'when', key: r.key });
        return;
      }
      if (!res.value) return;
      matchedAny[i] = true;
      if (rule.lapse !== undefined) {
        const end = refAddDuration(r.occurredAt, rule.lapse);
        if (t >= end) return;
        future.push(end);
      }
      appliesAny[i] = true;
      applies[ri]!.push(i);
    });
  });

  const contributions: RefContribution[] = [];
  doc.rules.forEach((rule, ri) => {
    let taken = applies[ri]!;
    if (rule.keep === 'latest' && taken.length > 0) {
      let best = taken[0]!;
      for (const i of taken) {
        const a = sorted[i]!;
        const b = sorted[best]!;
        if (a.occurredAt > b.occurredAt || (a.occurredAt === b.occurredAt && before(a, b) > 0)) best = i;
      }
      taken = [best];
    }
    const pts = taken.map((i) => {
      if (typeof rule.points === 'number') return rule.points;
      const res = run(rule.points, { record: cels[i], subject: subj });
      const p = res.ok ? pointsOf(res.value) : undefined;
      if (p === undefined) {
        errors.push({ rule: rule.id, site: 'points', key: sorted[i]!.key });
        return 0;
      }
      return p;
    });
    const out: number[] = [];
    for (let i = 0; i < taken.length; i++) {
      const p = pts[i]!;
      let c = p;
      if (rule.cap !== undefined) {
        const N = rule.cap.points;
        const per = rule.cap.per;
        const me = sorted[taken[i]!]!;
        let s = 0;
        for (let j = 0; j < i; j++) {
          const other = sorted[taken[j]!]!;
          if (per === undefined || refAddDuration(other.occurredAt, per) > me.occurredAt) s += out[j]!;
        }
        if (N > 0 && p > 0) c = Math.min(p, Math.max(0, N - s));
        else if (N < 0 && p < 0) c = Math.max(p, Math.min(0, N - s));
      }
      out.push(c);
      const r = sorted[taken[i]!]!;
      contributions.push({ key: r.key, authority: r.authority, rule: rule.id, points: p, capped: c });
    }
  });

  let score = doc.score.base + contributions.reduce((acc, c) => acc + c.capped, 0);
  if (doc.score.min !== undefined) score = Math.max(score, doc.score.min);
  if (doc.score.max !== undefined) score = Math.min(score, doc.score.max);

  const liveIdx = sorted.map((_, i) => i).filter((i) => appliesAny[i] || !matchedAny[i]);
  const liveCel = liveIdx.map((i) => cels[i]);
  const gradeSubject = { id: subject, type, score: BigInt(score), records: liveCel };
  let grade: string | null = null;
  for (const g of doc.grades) {
    const minOk = g.min === undefined || g.min <= score;
    const maxOk = g.max === undefined || score <= g.max;
    if (!minOk || !maxOk) continue;
    if (g.when !== undefined) {
      const res = run(g.when, { subject: gradeSubject });
      if (!res.ok || typeof res.value !== 'boolean') {
        errors.push({ rule: g.id, site: 'grade' });
        continue;
      }
      if (!res.value) continue;
    }
    grade = g.id;
    break;
  }

  const listSubject = { ...gradeSubject, grade };
  const listValues = doc.lists.map((l) => {
    const res = run(l.when ?? 'false', { subject: listSubject });
    if (!res.ok || typeof res.value !== 'boolean') {
      errors.push({ rule: l.id, site: 'list' });
      return { id: l.id, value: false };
    }
    return { id: l.id, value: res.value };
  });

  return {
    notJudged: null,
    candidates: candidates.length,
    score,
    grade,
    lists: listValues.filter((v) => v.value).map((v) => v.id),
    listValues,
    contributions,
    errors,
    live: liveIdx.map((i) => `${sorted[i]!.authority}/${sorted[i]!.key}`),
    nextChange: earliest(future),
  };
}

function earliest(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : Math.min(...xs);
}
