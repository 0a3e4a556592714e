import { addDuration } from './duration.js';
import { toCelRecord } from './cel-values.js';
import { compareRecords, toPoints, type RuleError } from './evaluate.js';
import type { PackedFacts } from './evaluate-matched.js';
import type { RecordInput } from './record.js';
import type { CompiledRule, CompiledScheme } from './scheme-types.js';
import { subjectType } from './subject.js';

/**
 * How a new version of a scheme takes its facts from the kept matches of another version
 * (SPEC §12, a simulation): a rule whose `when`, `points` and `lapse` are those of a kept
 * version's rule matches every record as that rule did, so its kept matches are reused (under
 * the new rule's index); the other rules are matched afresh, from the records they can match.
 * `keep` and `cap` are applied when scoring, from the new version's rules, so they may change.
 */
export interface Reuse {
  /**
   * Per rule of the kept version, the new version's rules that match the records it matched, with
   * the same lapse: by their index, with their own points where only the (literal) points changed.
   */
  readonly remap: readonly (readonly { readonly to: number; readonly points?: number }[])[];
  /** The new version's rules matched afresh from records. */
  readonly fresh: readonly CompiledRule[];
  /**
   * The new version's rules matched afresh from the kept kind alone: a `when` that is nothing but
   * `record.kind == "…"` (or `in […]`) and literal points, which can neither fail nor read more.
   */
  readonly byKind: readonly { readonly rule: CompiledRule; readonly kinds: ReadonlySet<string> }[];
  /**
   * The record kinds the fresh rules can match (null: any), when kept facts tell which records
   * have them; null also when they do not (`kind` not kept): then every record is read.
   */
  readonly kinds: ReadonlySet<string> | null;
  /** Where `kind` is in each packed record (its index in keptHeader), or -1. */
  readonly kindAt: number;
  /** Numbers per packed record before its matches: its instant and kept header. */
  readonly stride: number;
  /** Per header field the new version keeps, its index in the kept version's header. */
  readonly header: readonly number[];
}

/** What decides what a rule matches, and with what points and lapse: equal keys, equal matches. */
const matchKey = (r: CompiledRule): string =>
  JSON.stringify([r.def.when, typeof r.def.points, String(r.def.points), r.def.lapse ?? null]);
/** What decides what a rule matches and when each match lapses. */
const whenKey = (r: CompiledRule): string => JSON.stringify([r.def.when, r.def.lapse ?? null]);

/**
 * Whether `next` can be judged from the kept matches of `kept`, and how: the same sources (so each
 * kept record stands for the same record), and grades and lists that read no more of records
 * than the kept header. Null when it cannot.
 */
export function planReuse(kept: CompiledScheme, next: CompiledScheme): Reuse | null {
  if (kept.needsRecordBodies || next.needsRecordBodies) return null;
  const same = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same([...kept.doc.sources].sort(), [...next.doc.sources].sort())) return null;
  // Each kept record must carry what the new version's grades and lists read of it.
  const header = next.keptHeader.map((f) => kept.keptHeader.indexOf(f));
  if (header.includes(-1)) return null;
  const free = new Map<string, number[]>();
  for (const r of kept.rules) {
    const k = matchKey(r);
    free.set(k, [...(free.get(k) ?? []), r.index]);
  }
  const sameWhen = new Map<string, number>();
  for (const r of kept.rules) if (!sameWhen.has(whenKey(r))) sameWhen.set(whenKey(r), r.index);
  const remap: { to: number; points?: number }[][] = kept.rules.map(() => []);
  const fresh: CompiledRule[] = [];
  const byKind: { rule: CompiledRule; kinds: ReadonlySet<string> }[] = [];
  const kindAt = kept.keptHeader.indexOf('kind');
  for (const r of next.rules) {
    const j = free.get(matchKey(r))?.shift();
    const w = sameWhen.get(whenKey(r));
    if (j !== undefined) remap[j]!.push({ to: r.index });
    else if (w !== undefined && typeof r.points === 'number') remap[w]!.push({ to: r.index, points: r.points });
    else {
      const kinds = kindAt >= 0 && typeof r.def.points === 'number' ? kindsOnly(r.def.when) : null;
      if (kinds === null) fresh.push(r);
      else byKind.push({ rule: r, kinds });
    }
  }
  let kinds: Set<string> | null = kindAt < 0 ? null : new Set<string>();
  for (const r of fresh) {
    if (kinds === null) break;
    if (r.when.recordKinds === null) kinds = null;
    else for (const k of r.when.recordKinds) kinds.add(k);
  }
  return { remap, fresh, byKind, kinds, kindAt, stride: 1 + kept.keptHeader.length, header };
}

const KIND_LITERAL = String.raw`(?:"([^"\\]*)"|'([^'\\]*)')`;
const KIND_EQUALS = new RegExp(String.raw`^\s*record\.kind\s*==\s*${KIND_LITERAL}\s*$`);
const KIND_IN = new RegExp(
  String.raw`^\s*record\.kind\s+in\s*\[((?:\s*${KIND_LITERAL}\s*,)*\s*${KIND_LITERAL}\s*)\]\s*$`,
);
const LITERALS = new RegExp(KIND_LITERAL, 'g');

/** The kinds a condition holds for, when it is nothing but `record.kind == "…"` or `record.kind in ["…", …]`; else null. */
export function kindsOnly(when: string): ReadonlySet<string> | null {
  const eq = KIND_EQUALS.exec(when);
  if (eq) return new Set([eq[1] ?? eq[2]!]);
  const within = KIND_IN.exec(when);
  if (!within) return null;
  return new Set([...within[1]!.matchAll(LITERALS)].map((m) => m[1] ?? m[2]!));
}

/** Whether a packed record is one the fresh rules must see. */
function isFresh(plan: Reuse, packed: PackedFacts, at: number): boolean {
  if (plan.kinds === null) return true;
  return plan.kinds.has(packed.strings[packed.values[at + 1 + plan.kindAt]!]!);
}

/** Whether any record of these kept facts must be read for the fresh rules. */
export function wantsRecords(plan: Reuse, packed: PackedFacts): boolean {
  if (plan.fresh.length === 0) return false;
  const stride = plan.stride;
  const v = packed.values;
  for (let i = 0; i < v.length; i += stride + 1 + 3 * v[i + stride]!) if (isFresh(plan, packed, i)) return true;
  return false;
}

/**
 * The packed facts of the new version (as packFacts would make them from every record), from
 * the kept version's packed facts and the records the fresh rules can match (those of `plan.kinds`,
 * or every record when null), in any order. Errors of the fresh rules are added to `errors` as
 * `evaluate` reports them at `at`. Null when the records do not line up with the kept facts
 * (then the caller judges from every record).
 */
export function repack(
  plan: Reuse,
  subject: string,
  packed: PackedFacts,
  records: readonly RecordInput[],
  at: number,
  errors: RuleError[],
): PackedFacts | null {
  const v = packed.values;
  const stride = plan.stride;
  const out: number[] = [];
  const sorted = plan.fresh.length === 0 ? [] : [...records].sort(compareRecords);
  let cursor = 0;
  const subjectCel = { id: subject, type: subjectType(subject) ?? '' };
  // Per fresh rule, its matches in record order, for the points errors evaluate reports (applied and taken only).
  const pointsErrors: { rule: CompiledRule; occ: number; ends: number | null; key: string; error?: string }[][] =
    plan.fresh.map(() => []);
  const m: number[] = [];
  for (let i = 0; i < v.length; ) {
    const occ = v[i]!;
    const n = v[i + stride]!;
    out.push(occ);
    for (const h of plan.header) out.push(v[i + 1 + h]!);
    m.length = 0;
    for (let j = 0, k = i + stride + 1; j < n; j++, k += 3)
      for (const t of plan.remap[v[k]!]!) m.push(t.to, t.points ?? v[k + 1]!, v[k + 2]!);
    if (plan.byKind.length > 0) {
      const kind = packed.strings[v[i + 1 + plan.kindAt]!]!;
      for (const { rule, kinds } of plan.byKind)
        if (kinds.has(kind))
          m.push(rule.index, rule.points as number, rule.lapse === null ? NaN : addDuration(occ, rule.lapse));
    }
    if (plan.fresh.length > 0 && isFresh(plan, packed, i)) {
      const r = sorted[cursor++];
      if (r === undefined || r.occurredAt !== occ) return null;
      if (plan.kindAt >= 0 && packed.strings[v[i + 1 + plan.kindAt]!] !== r.kind) return null;
      let cel: Record<string, unknown> | undefined;
      for (const [f, rule] of plan.fresh.entries()) {
        if (rule.when.recordKinds !== null && !rule.when.recordKinds.has(r.kind)) continue;
        cel ??= toCelRecord(r);
        const res = rule.when.evaluate({ record: cel, subject: subjectCel });
        if (res.ok && res.value === true) {
          let points = 0;
          let error: string | undefined;
          if (typeof rule.points === 'number') points = rule.points;
          else {
            const raw = rule.points.evaluate({ record: cel, subject: subjectCel });
            const p = raw.ok ? toPoints(raw.value) : raw;
            if (p.ok) points = p.points;
            else error = p.error;
          }
          const ends = rule.lapse === null ? null : addDuration(occ, rule.lapse);
          m.push(rule.index, points, ends ?? NaN);
          pointsErrors[f]!.push({ rule, occ, ends, key: r.key, ...(error === undefined ? {} : { error }) });
        } else if (occ <= at) {
          // As evaluate reports them, for candidates only.
          if (!res.ok) errors.push({ rule: rule.def.id, site: 'when', key: r.key, message: res.error });
          else if (res.value !== false)
            errors.push({
              rule: rule.def.id,
              site: 'when',
              key: r.key,
              message: `when must be a bool, got ${typeof res.value}`,
            });
        }
      }
    }
    // Not necessarily in rule order (scoring does not need it).
    out.push(m.length / 3);
    for (const x of m) out.push(x);
    i += stride + 1 + 3 * n;
  }
  if (cursor !== sorted.length) return null;
  // Points errors, as evaluate reports them: of the records applied at `at`, the last one alone under keep: latest.
  for (const matches of pointsErrors) {
    const applied = matches.filter((x) => x.occ <= at && (x.ends === null || at < x.ends));
    const taken = applied.length > 0 && matches[0]!.rule.def.keep === 'latest' ? applied.slice(-1) : applied;
    for (const x of taken)
      if (x.error !== undefined) errors.push({ rule: x.rule.def.id, site: 'points', key: x.key, message: x.error });
  }
  return { values: out, strings: packed.strings };
}
