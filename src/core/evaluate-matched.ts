import { addDuration } from './duration.js';
import { setOwn, toCelRecord, toCelValue } from './cel-values.js';
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
  type RuleError,
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
  /** Its data's canonical JSON, needed only where conditions read `data.X` members. */
  readonly data?: string;
  readonly matches: readonly RuleMatch[];
}

/**
 * A subject's matched records under one scheme version, packed flat and in record order
 * (occurredAt, key, authority), numbers only: per record its instant, for each header field
 * or `data.X` member the scheme's conditions read (`keptHeader`, in that order) an index into
 * `strings` (for a member, of its JSON; -1 when the data lacks it), the number of matches n,
 * then n triples (rule, points, ends, NaN for never). What derive keeps (as a float64 array),
 * and scores from without building an object per record.
 */
export interface PackedFacts {
  readonly values: ArrayLike<number>;
  readonly strings: readonly string[];
}

export const NO_FACTS: PackedFacts = { values: [], strings: [] };

/**
 * What packed facts of this scheme version hold, as text: kept facts of another layout (made
 * by a Standing that kept other fields, or packed them otherwise) are not read, but rebuilt.
 */
export function factsLayout(scheme: CompiledScheme): string {
  return `1:${scheme.keptHeader.join(',')}`;
}

export function packFacts(scheme: CompiledScheme, records: readonly MatchedRecord[]): PackedFacts {
  const values: number[] = [];
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = strings.push(s) - 1));
    return i;
  };
  for (const r of [...records].sort(compareRecords)) {
    values.push(r.occurredAt);
    let data: Record<string, unknown> | undefined;
    for (const f of scheme.keptHeader) {
      if (f.startsWith('data.')) {
        data ??= JSON.parse(r.data ?? '{}') as Record<string, unknown>;
        const member = f.slice(5);
        values.push(Object.hasOwn(data, member) ? intern(JSON.stringify(data[member])) : -1);
      } else values.push(intern(r[f as 'key' | 'authority' | 'kind']));
    }
    values.push(r.matches.length);
    for (const m of r.matches) values.push(m.rule, m.points, m.ends ?? NaN);
  }
  return { values, strings };
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
    out.push({
      rule: rule.index,
      points,
      ends: rule.lapse === null ? null : addDuration(record.occurredAt, rule.lapse),
    });
  }
  return out;
}

const scratch: { pts: number[][]; occs: number[][] } = { pts: [], occs: [] };

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
export function evaluatePacked(
  scheme: CompiledScheme,
  subject: string,
  packed: PackedFacts,
  consents: readonly ConsentEvent[],
  at: number,
  /** Where the errors of grade and list conditions go (dropped by default). */
  errors: RuleError[] = [],
): Verdict {
  const facts = packed.values;
  if (scheme.needsRecordBodies)
    throw new Error(`scheme ${scheme.doc.scheme} reads the data of subject.records: evaluate it from its records`);
  let nextChange: number | null = null;
  const soon = (t: number): void => {
    if (t > at && (nextChange === null || t < nextChange)) nextChange = t;
  };
  const none = { subject, score: null, grade: null, lists: [] };
  const type = subjectType(subject);
  if (type === undefined || !scheme.doc.subjects.includes(type))
    return { ...none, notJudged: 'subject-type', candidates: 0, nextChange: null };
  const header = scheme.keptHeader;
  const readsSubject = scheme.recordFields.has('subject');
  const readsOccurred = scheme.recordFields.has('occurredAt');
  const stride = 1 + header.length;
  // Records are in order, so the candidates (SPEC §3 item 1) are a prefix; the first later record is the next to arrive.
  let candidates = 0;
  let end = 0;
  while (end < facts.length) {
    const occ = facts[end]!;
    if (occ > at) {
      soon(occ);
      break;
    }
    candidates++;
    end += stride + 1 + 3 * facts[end + stride]!;
  }
  if (scheme.doc.consent === 'required') {
    for (const c of consents) soon(c.at);
    if (!latestConsent(consents, at)) return { ...none, notJudged: 'no-consent', candidates, nextChange };
  }

  const rules = scheme.rules;
  // Per rule, the applied records' points and instants, in record order (scratch arrays: a full pass scores every subject).
  while (scratch.pts.length < rules.length) {
    scratch.pts.push([]);
    scratch.occs.push([]);
  }
  const { pts, occs } = scratch;
  for (let r = 0; r < rules.length; r++) {
    pts[r]!.length = 0;
    occs[r]!.length = 0;
  }
  const live: Record<string, unknown>[] = [];
  for (let i = 0; i < end; ) {
    const occ = facts[i]!;
    const n = facts[i + stride]!;
    let applies = false;
    for (let j = 0, k = i + stride + 1; j < n; j++, k += 3) {
      const rule = facts[k]!;
      const ends = facts[k + 2]!;
      if (ends === ends) {
        // Not NaN: the match lapses.
        if (!(at < ends)) continue;
        soon(ends);
      }
      applies = true;
      pts[rule]!.push(facts[k + 1]!);
      occs[rule]!.push(occ);
    }
    if (scheme.needsRecords && (applies || n === 0)) {
      // Only what the conditions read (scheme.recordFields): often the kind alone.
      const r: Record<string, unknown> = {};
      if (readsSubject) r.subject = subject;
      if (readsOccurred) r.occurredAt = new Date(occ);
      for (let h = 0; h < header.length; h++) {
        const f = header[h]!;
        const x = facts[i + 1 + h]!;
        if (!f.startsWith('data.')) r[f] = packed.strings[x];
        else {
          // As toCelRecord builds it: the data object always there, with the kept members it has.
          const data = (r.data ??= {}) as Record<string, unknown>;
          if (x >= 0) setOwn(data, f.slice(5), toCelValue(JSON.parse(packed.strings[x]!)));
        }
      }
      live.push(r);
    }
    i += stride + 1 + 3 * n;
  }
  // Summed in the order evaluate sums: rule by rule, records in order.
  let total = 0;
  for (const rule of rules) {
    const p = pts[rule.index]!;
    if (p.length === 0) continue;
    const latest = rule.def.keep === 'latest';
    if (rule.def.cap !== undefined) {
      const o = occs[rule.index]!;
      const capped = latest ? applyCap(rule, [o[o.length - 1]!], [p[p.length - 1]!]) : applyCap(rule, o, p);
      for (const c of capped) total += c;
    } else if (latest) total += p[p.length - 1]!;
    else for (const x of p) total += x;
  }
  const score = clampScore(scheme, total);
  // A verdict has no list values: the records behind a true condition are a notice's (explain), not looked for here.
  const { grade, lists } = gradeAndLists(scheme, subject, type, score, live, errors, false);
  return { subject, notJudged: null, candidates, score, grade, lists, nextChange };
}
