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
 * A subject's matched records under one scheme version, packed flat and in record order
 * (occurredAt, key, authority): per record its instant, the header fields the scheme's
 * conditions read (`keptHeader`, in that order), the number of matches n, then n triples
 * (rule, points, ends). What derive keeps, and scores from without building objects.
 */
export type PackedFacts = readonly (number | string | null)[];

export function packFacts(scheme: CompiledScheme, records: readonly MatchedRecord[]): PackedFacts {
  const out: (number | string | null)[] = [];
  for (const r of [...records].sort(compareRecords)) {
    out.push(r.occurredAt);
    for (const f of scheme.keptHeader) out.push(r[f]);
    out.push(r.matches.length);
    for (const m of r.matches) out.push(m.rule, m.points, m.ends);
  }
  return out;
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
 * Scores one subject from its packed facts (every non-retracted record of the scheme's
 * sources about the subject, any instant), as `evaluate` does from the records themselves
 * (SPEC §3 items 1–10). For schemes whose grades and lists read no more of
 * `subject.records` than the headers kept.
 */
export function evaluatePacked(scheme: CompiledScheme, subject: string, facts: PackedFacts, consents: readonly ConsentEvent[], at: number): Verdict {
  if (scheme.needsRecordBodies) throw new Error(`scheme ${scheme.doc.scheme} reads the data of subject.records: evaluate it from its records`);
  let nextChange: number | null = null;
  const soon = (t: number): void => {
    if (t > at && (nextChange === null || t < nextChange)) nextChange = t;
  };
  const none = { subject, score: null, grade: null, lists: [] };
  const type = subjectType(subject);
  if (type === undefined || !scheme.doc.subjects.includes(type)) return { ...none, notJudged: 'subject-type', candidates: 0, nextChange: null };
  const header = scheme.keptHeader;
  const readsSubject = scheme.recordFields.has('subject');
  const readsOccurred = scheme.recordFields.has('occurredAt');
  const stride = 1 + header.length;
  // Records are in order, so the candidates (SPEC §3 item 1) are a prefix; the first later record is the next to arrive.
  let candidates = 0;
  let end = 0;
  while (end < facts.length) {
    const occ = facts[end] as number;
    if (occ > at) {
      soon(occ);
      break;
    }
    candidates++;
    end += stride + 1 + 3 * (facts[end + stride] as number);
  }
  if (scheme.doc.consent === 'required') {
    for (const c of consents) soon(c.at);
    if (!latestConsent(consents, at)) return { ...none, notJudged: 'no-consent', candidates, nextChange };
  }

  const rules = scheme.rules;
  // Per rule, the applied records' points (and instants, where a cap needs them), in record order.
  const pts: number[][] = rules.map(() => []);
  const occs: (number[] | undefined)[] = rules.map((r) => (r.def.cap === undefined ? undefined : []));
  const live: Record<string, unknown>[] = [];
  for (let i = 0; i < end; ) {
    const occ = facts[i] as number;
    const n = facts[i + stride] as number;
    let applies = false;
    for (let j = 0, k = i + stride + 1; j < n; j++, k += 3) {
      const rule = facts[k] as number;
      const ends = facts[k + 2] as number | null;
      if (ends !== null) {
        if (!(at < ends)) continue;
        soon(ends);
      }
      applies = true;
      pts[rule]!.push(facts[k + 1] as number);
      occs[rule]?.push(occ);
    }
    if (scheme.needsRecords && (applies || n === 0)) {
      // Only what the conditions read (scheme.recordFields): often the kind alone.
      const r: Record<string, unknown> = {};
      if (readsSubject) r.subject = subject;
      if (readsOccurred) r.occurredAt = new Date(occ);
      for (let h = 0; h < header.length; h++) r[header[h]!] = facts[i + 1 + h];
      live.push(r);
    }
    i += stride + 1 + 3 * n;
  }
  // Summed in the order evaluate sums: rule by rule, records in order.
  let total = 0;
  for (const rule of rules) {
    let p = pts[rule.index]!;
    if (p.length === 0) continue;
    let o = occs[rule.index];
    if (rule.def.keep === 'latest') {
      p = [p[p.length - 1]!];
      if (o) o = [o[o.length - 1]!];
    }
    if (o) p = applyCap(rule, o, p);
    for (const c of p) total += c;
  }
  const score = clampScore(scheme, total);
  const { grade, lists } = gradeAndLists(scheme, subject, type, score, live, []);
  return { subject, notJudged: null, candidates, score, grade, lists, nextChange };
}
