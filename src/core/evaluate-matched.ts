import { addDuration } from './duration.js';
import { toCelRecord } from './cel-values.js';
import {
  applyCap,
  clampScore,
  compareRecords,
  gradeAndLists,
  latestConsent,
  toPoints,
  type ConsentEvent,
  type NotJudgedReason,
  type RecordOrder,
} from './evaluate.js';
import type { RecordInput } from './record.js';
import type { CompiledScheme } from './scheme-types.js';
import { subjectType } from './subject.js';

/**
 * What one rule makes of one record: it matched, with these points, until `ends` (its
 * lapse, or null for never). None of it depends on the instant of evaluation, so it is
 * computed once per scheme version and record and kept (SPEC §3 items 1–3).
 */
export interface RuleMatch {
  /** The rule's index in the scheme. */
  readonly rule: number;
  /** Its points for this record, rounded; 0 where the points expression failed. */
  readonly points: number;
  /** The instant the record lapses under this rule, or null. */
  readonly ends: number | null;
}

/** A record reduced to what scoring needs: its header and the rules it matched (maybe none). */
export interface MatchedRecord extends RecordOrder {
  readonly kind: string;
  readonly matches: readonly RuleMatch[];
}

/**
 * The rules of `scheme` that match `record`, in rule order, with their points and lapse
 * instants: exactly what `evaluate` computes for the record, less the explanation.
 */
export function matchRecord(scheme: CompiledScheme, record: RecordInput): RuleMatch[] {
  const out: RuleMatch[] = [];
  let cel: Record<string, unknown> | undefined;
  let subject: { id: string; type: string } | undefined;
  for (const rule of scheme.rules) {
    if (rule.when.recordKinds !== null && !rule.when.recordKinds.has(record.kind)) continue;
    cel ??= toCelRecord(record);
    subject ??= { id: record.subject, type: subjectType(record.subject) ?? '' };
    const res = rule.when.evaluate({ record: cel, subject });
    if (!res.ok || res.value !== true) continue;
    let points = 0;
    if (typeof rule.points === 'number') points = rule.points;
    else {
      const raw = rule.points.evaluate({ record: cel, subject });
      const p = raw.ok ? toPoints(raw.value) : raw;
      if (p.ok) points = p.points;
    }
    out.push({ rule: rule.index, points, ends: rule.lapse === null ? null : addDuration(record.occurredAt, rule.lapse) });
  }
  return out;
}

/** The derived state of one subject under one scheme at one instant: what `evaluate` decides, without the explanation. */
export interface Verdict {
  readonly subject: string;
  readonly notJudged: NotJudgedReason | null;
  readonly candidates: number;
  readonly score: number | null;
  readonly grade: string | null;
  readonly lists: readonly string[];
  readonly nextChange: number | null;
}

/**
 * Scores one subject from its matched records (every non-retracted record of the scheme's
 * sources about the subject, any instant), as `evaluate` does from the records themselves
 * (SPEC §3 items 1–10). For schemes whose grades and lists read no more of `subject.records`
 * than the records' headers.
 */
export function evaluateMatched(scheme: CompiledScheme, subject: string, records: readonly MatchedRecord[], consents: readonly ConsentEvent[], at: number): Verdict {
  if (scheme.needsRecordBodies) throw new Error(`scheme ${scheme.doc.scheme} reads the data of subject.records: evaluate it from its records`);
  let nextChange: number | null = null;
  const soon = (t: number): void => {
    if (t > at && (nextChange === null || t < nextChange)) nextChange = t;
  };
  const none = { subject, score: null, grade: null, lists: [] };
  const type = subjectType(subject);
  if (type === undefined || !scheme.doc.subjects.includes(type)) return { ...none, notJudged: 'subject-type', candidates: 0, nextChange: null };
  const candidates: MatchedRecord[] = [];
  for (const r of records) {
    if (r.occurredAt <= at) candidates.push(r);
    else soon(r.occurredAt);
  }
  if (scheme.doc.consent === 'required') {
    for (const c of consents) soon(c.at);
    if (!latestConsent(consents, at)) return { ...none, notJudged: 'no-consent', candidates: candidates.length, nextChange };
  }
  candidates.sort(compareRecords);

  const occurred: number[][] = scheme.rules.map(() => []);
  const points: number[][] = scheme.rules.map(() => []);
  // Live records (SPEC §3 item 7), as CEL sees them, for grades and lists that read them.
  const live: Record<string, unknown>[] = [];
  for (const r of candidates) {
    let applies = false;
    for (const m of r.matches) {
      if (m.ends !== null) {
        if (!(at < m.ends)) continue;
        soon(m.ends);
      }
      applies = true;
      occurred[m.rule]!.push(r.occurredAt);
      points[m.rule]!.push(m.points);
    }
    if (scheme.needsRecords && (applies || r.matches.length === 0)) {
      live.push({ key: r.key, authority: r.authority, subject, kind: r.kind, occurredAt: new Date(r.occurredAt) });
    }
  }
  let total = 0;
  for (const rule of scheme.rules) {
    let occ = occurred[rule.index]!;
    if (occ.length === 0) continue;
    let pts = points[rule.index]!;
    if (rule.def.keep === 'latest') {
      occ = [occ[occ.length - 1]!];
      pts = [pts[pts.length - 1]!];
    }
    if (rule.def.cap === undefined) for (const p of pts) total += p;
    else for (const c of applyCap(rule, occ, pts)) total += c;
  }
  const score = clampScore(scheme, total);
  const { grade, lists } = gradeAndLists(scheme, subject, type, score, live, []);
  return { subject, notJudged: null, candidates: candidates.length, score, grade, lists, nextChange };
}
