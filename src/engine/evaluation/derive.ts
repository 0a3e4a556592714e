import { evaluate, type Evaluation } from '../../core/evaluate.js';
import {
  evaluatePacked,
  factsLayout,
  matchRecord,
  NO_FACTS,
  packFacts,
  type MatchedRecord,
  type PackedFacts,
  type Verdict,
} from '../../core/evaluate-matched.js';
import type { EvalRecord } from '../../core/record.js';
import type { MatchSet, SubjectMatches } from '../../store/matches-port.js';
import type { ListingRow } from '../../store/due-process-port.js';
import type { StoreTx, SubjectState } from '../../store/store.js';
import { applyListings, type Explained } from '../due-process/listings.js';
import type { ActiveScheme } from './schemes.js';
import { disputedRecords } from './disputed.js';
import { countsWhileDisputed } from '../../core/evaluate.js';

/**
 * A batch of subjects is evaluated without awaiting, so past this many milliseconds it yields
 * to the event loop between subjects: one scheme's costly evaluations (each within its cost
 * budget) delay other requests, such as checks, by at most about this plus one subject's.
 */
const YIELD_AFTER_MS = 5;

/** Subjects are re-evaluated this many at a time: one read of their facts, one write of their states. */
export const SUBJECT_BATCH = 1000;

/**
 * Where re-evaluation takes a subject's facts from. `records`: the records themselves,
 * refreshing the kept matches on the way (needed whenever records changed). `kept`: the
 * kept rule matches of each scheme whose set is complete (docs/decisions.md); only for
 * subjects whose records did not change since their last re-evaluation (not dirty).
 */
export type FactsFrom = 'records' | 'kept';

/** The match sets of these schemes' active versions, by scheme. */
export type SchemeSets = ReadonlyMap<string, MatchSet>;

const schemeKey = (authority: string, scheme: string): string => `${authority}\u0000${scheme}`;

/** The match sets of the active versions of these schemes (those that have one, in the layout this Standing packs). */
export async function activeSets(tx: StoreTx, schemes: readonly ActiveScheme[]): Promise<SchemeSets> {
  const wanted = new Map(schemes.map((s) => [schemeKey(s.ref.authority, s.ref.scheme), s]));
  const out = new Map<string, MatchSet>();
  for (const set of await tx.matchSets()) {
    const k = schemeKey(set.authority, set.scheme);
    const s = wanted.get(k);
    if (s !== undefined && s.compiled.version === set.version && factsLayout(s.compiled) === set.layout)
      out.set(k, set);
  }
  return out;
}

function stateOf(s: ActiveScheme, v: Verdict, at: number): SubjectState {
  const judged = v.notJudged === null && v.candidates > 0;
  return {
    authority: s.ref.authority,
    scheme: s.ref.scheme,
    subject: v.subject,
    version: s.compiled.version,
    judged,
    score: v.score,
    grade: v.grade,
    // A subject with no candidate record qualifies for nothing: lists need facts.
    lists: judged ? v.lists : [],
    nextChange: v.nextChange,
    evaluatedAt: at,
  };
}

const matched = (s: ActiveScheme, r: EvalRecord): MatchedRecord => ({
  occurredAt: r.occurredAt,
  key: r.key,
  authority: r.authority,
  kind: r.kind,
  data: r.data,
  matches: matchRecord(s.compiled, r),
});

/** How `refreshSubjects` reads and writes. */
export interface RefreshOptions {
  readonly from?: FactsFrom;
  readonly sets?: SchemeSets;
  /** Subjects whose records changed since their last re-evaluation: read from records even when `from` is `kept`. */
  readonly dirty?: ReadonlySet<string>;
  /**
   * A full pass's page: `subjects` are every subject after `after` up to `last` that has
   * facts. States in that range are compared and only changes written; a state in the
   * range of a subject not in `subjects` is deleted. The page's kept rows may come with it.
   */
  readonly range?: { readonly after: string | null; readonly last: string; readonly kept?: readonly SubjectMatches[] };
}

const sameState = (a: SubjectState, b: SubjectState): boolean =>
  a.version === b.version &&
  a.judged === b.judged &&
  a.score === b.score &&
  a.grade === b.grade &&
  a.nextChange === b.nextChange &&
  a.lists.length === b.lists.length &&
  a.lists.every((l, i) => l === b.lists[i]);

/**
 * Recomputes the derived state (score, grade, qualifying lists, next change) of
 * these subjects under these schemes as of `now`, and brings their listings in line
 * (SPEC §6). A subject with no records a scheme reads has no state under it.
 */
export async function refreshSubjects(
  tx: StoreTx,
  schemes: readonly ActiveScheme[],
  subjects: readonly string[],
  now: number,
  options: RefreshOptions = {},
): Promise<void> {
  if (schemes.length === 0) return;
  const { range } = options;
  if (subjects.length === 0 && range === undefined) return;
  // Subjects with a pending dispute are always read from their records: a disputed record stops
  // counting at its deadline (SPEC §3 item 1), which kept matches do not know.
  const disputed = await disputedRecords(tx, subjects);
  const dirty =
    disputed.size === 0
      ? (options.dirty ?? new Set<string>())
      : new Set([...(options.dirty ?? []), ...disputed.keys()]);
  const sets = options.sets ?? (await activeSets(tx, schemes));
  const setOf = (s: ActiveScheme): MatchSet | undefined => sets.get(schemeKey(s.ref.authority, s.ref.scheme));
  const fromKept = (s: ActiveScheme): boolean => options.from === 'kept' && setOf(s)?.complete === true;

  const keptSets = schemes.filter(fromKept).map((s) => setOf(s)!.id);
  const kept = new Map<number, Map<string, PackedFacts>>();
  const keptIds = new Set(keptSets);
  const rows = range?.kept?.filter((r) => keptIds.has(r.set)) ?? (await tx.matchesOfSubjects(keptSets, subjects));
  for (const row of rows) {
    let bySubject = kept.get(row.set);
    if (!bySubject) kept.set(row.set, (bySubject = new Map<string, PackedFacts>()));
    bySubject.set(row.subject, row.facts);
  }
  // Records are read for subjects taken from records (schemes without complete kept matches,
  // dirty subjects), and for the subjects of schemes whose grades or lists read the data of
  // `subject.records` (from kept matches: only subjects that have some).
  const records = new Map<string, EvalRecord[]>();
  const wantRecords = new Set<string>();
  const recordSources = new Set<string>();
  for (const s of schemes) {
    if (!fromKept(s)) subjects.forEach((x) => wantRecords.add(x));
    else {
      dirty.forEach((x) => wantRecords.add(x));
      if (s.compiled.needsRecordBodies) for (const x of kept.get(setOf(s)!.id)?.keys() ?? []) wantRecords.add(x);
    }
    // Every scheme that may read a record of some subject here needs its sources read.
    if (!fromKept(s) || dirty.size > 0 || s.compiled.needsRecordBodies)
      for (const a of s.compiled.doc.sources) recordSources.add(a);
  }
  if (wantRecords.size > 0) {
    const read = await tx.recordsOfSubjects(wantRecords.size === subjects.length ? subjects : [...wantRecords], [
      ...recordSources,
    ]);
    for (const [k, v] of read) records.set(k, v);
  }

  // Listings are locked before audit chains by every writer (docs/fleet.md): with several
  // schemes, lock all these subjects' open listings before the first scheme appends.
  const listed = schemes.filter((s) => s.compiled.lists.length > 0);
  const open = new Map<ActiveScheme, ListingRow[]>();
  if (listed.length > 1 || range !== undefined) {
    for (const s of listed)
      open.set(
        s,
        range ? await tx.openListingsBetween(s.ref, range.after, range.last) : await tx.openListings(s.ref, subjects),
      );
  }
  for (const s of schemes) {
    const sources = s.compiled.doc.sources;
    const consents = s.compiled.doc.consent === 'required' ? await tx.consentsOf(s.ref, subjects) : undefined;
    const set = setOf(s);
    const keep = fromKept(s);
    const keptOf = keep ? kept.get(set!.id) : undefined;
    // Facts taken from records: the set's rows of those subjects are rewritten from them.
    const rewrite: SubjectMatches[] = [];
    const rewritten: string[] = [];
    const put: SubjectState[] = [];
    const verdicts: Verdict[] = [];
    const drop: string[] = [];
    let slice = performance.now();
    for (const subject of subjects) {
      // Evaluation is synchronous: past a slice, let the event loop answer checks (SPEC §3, bounded).
      if (performance.now() - slice > YIELD_AFTER_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
      let facts: PackedFacts;
      const mine = disputed.get(subject);
      if (keep && !dirty.has(subject)) facts = keptOf?.get(subject) ?? NO_FACTS;
      else {
        facts = packFacts(
          s.compiled,
          counting(ofSources(records.get(subject), sources), mine, now).map((r) => matched(s, r)),
        );
        if (set !== undefined) {
          rewritten.push(subject);
          if (facts.values.length > 0) rewrite.push({ set: set.id, subject, facts });
        }
      }
      if (facts.values.length === 0) {
        drop.push(subject);
        continue;
      }
      const subjectConsents = consents?.get(subject) ?? [];
      const evaluated = s.compiled.needsRecordBodies
        ? evaluate(
            s.compiled,
            { subject, records: ofSources(records.get(subject), sources), consents: subjectConsents, disputed: mine },
            now,
          )
        : evaluatePacked(s.compiled, subject, facts, subjectConsents, now);
      const v = withDeadlines(evaluated, mine, now);
      if (v.notJudged === 'subject-type') {
        drop.push(subject);
        continue;
      }
      put.push(stateOf(s, v, now));
      verdicts.push(v);
    }
    if (rewritten.length > 0) await tx.replaceMatches(set!.id, rewritten, rewrite);
    if (range === undefined) {
      await tx.deleteStates(s.ref, drop);
      await tx.putStates(put);
    } else {
      // A full pass mostly finds states as they were: write only what changed (docs/decisions.md).
      const before = new Map((await tx.statesBetween(s.ref, range.after, range.last)).map((x) => [x.subject, x]));
      const changed = put.filter((x) => {
        const old = before.get(x.subject);
        before.delete(x.subject);
        return old === undefined || !sameState(old, x);
      });
      await tx.deleteStates(s.ref, [...before.keys()]);
      await tx.putStates(changed);
    }
    // A listing that opens needs the full explanation for its notice: from the records, for that subject alone.
    const explain = async (subject: string): Promise<Explained> => {
      let mine = records.get(subject);
      if (mine === undefined) {
        mine = (await tx.recordsOfSubjects([subject], sources)).get(subject) ?? [];
        records.set(subject, mine);
      }
      const own = ofSources(mine, sources);
      const evaluation: Evaluation = evaluate(
        s.compiled,
        { subject, records: own, consents: consents?.get(subject) ?? [], disputed: disputed.get(subject) },
        now,
      );
      return { evaluation, records: own };
    };
    await applyListings(tx, s, verdicts, drop, explain, now, open.get(s));
  }
}

/** The records that still count at `now`: those under a dispute past its deadline do not (SPEC §3 item 1). */
function counting(
  records: readonly EvalRecord[],
  disputed: ReadonlyMap<string, number> | undefined,
  now: number,
): readonly EvalRecord[] {
  if (disputed === undefined) return records;
  return records.filter((r) => countsWhileDisputed(disputed.get(`${r.authority}/${r.key}`), now));
}

/** A verdict's next change, brought forward to the next deadline of a pending dispute of its subject. */
function withDeadlines<V extends { readonly nextChange: number | null }>(
  v: V,
  disputed: ReadonlyMap<string, number> | undefined,
  now: number,
): V {
  if (disputed === undefined) return v;
  let next = v.nextChange;
  for (const t of disputed.values()) if (t > now && (next === null || t < next)) next = t;
  return next === v.nextChange ? v : { ...v, nextChange: next };
}

function ofSources(records: readonly EvalRecord[] | undefined, sources: readonly string[]): readonly EvalRecord[] {
  if (records === undefined) return [];
  return records.every((r) => sources.includes(r.authority))
    ? records
    : records.filter((r) => sources.includes(r.authority));
}

/**
 * Re-evaluates every subject under all these schemes from scratch: a new version of one
 * (publish), a restart, or the benchmark's full pass. Each scheme's kept matches are used
 * where its set is complete and the subject not dirty; a set that is not complete (a new
 * version) is filled from the records on the way and complete at the end.
 */
export async function refreshAll(
  runTx: <T>(fn: (tx: StoreTx) => Promise<T>) => Promise<T>,
  schemes: readonly ActiveScheme[],
  now: number,
): Promise<number> {
  const sources = [...new Set(schemes.flatMap((s) => s.compiled.doc.sources))];
  const sets = await runTx(async (tx) => {
    // Each scheme keeps the matches of its active version only, in the layout this Standing packs.
    const mine = new Set(schemes.map((s) => schemeKey(s.ref.authority, s.ref.scheme)));
    const usable = new Set([...(await activeSets(tx, schemes)).values()].map((m) => m.id));
    const stale = (await tx.matchSets()).filter((m) => mine.has(schemeKey(m.authority, m.scheme)) && !usable.has(m.id));
    await tx.dropMatchSets(stale.map((m) => m.id));
    for (const s of schemes) await tx.ensureMatchSet(s.ref, s.compiled.version, factsLayout(s.compiled));
    return activeSets(tx, schemes);
  });
  const setIds = [...sets.values()].map((m) => m.id);
  const completeIds = [...sets.values()].filter((m) => m.complete).map((m) => m.id);
  // With every set complete, the subjects are those with kept matches; otherwise those with records.
  const allKept = completeIds.length === setIds.length;
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const done: boolean = await runTx(async (tx) => {
      await tx.lockSweep('shared');
      // With every set complete, a page is the kept rows of the next subjects that have any (one
      // read); otherwise the next subjects with records, and the kept rows of the complete sets.
      let kept: readonly SubjectMatches[];
      let subjects: string[];
      if (allKept) {
        kept = await tx.matchesPage(setIds, after, SUBJECT_BATCH);
        subjects = [];
        for (const r of kept) if (subjects[subjects.length - 1] !== r.subject) subjects.push(r.subject);
      } else {
        subjects = await tx.subjectsAfter(sources, after, SUBJECT_BATCH);
        kept = subjects.length === 0 ? [] : await tx.matchesBetween(completeIds, after, subjects[subjects.length - 1]!);
      }
      if (subjects.length === 0) {
        // Past the last subject with facts: no state may remain.
        for (const s of schemes) await tx.deleteStatesAfter(s.ref, after);
        return true;
      }
      const last = subjects[subjects.length - 1]!;
      // A dirty subject's records changed since its matches were kept: it is read from its records.
      const dirty = new Set(await tx.dirtyBetween(after, last));
      await refreshSubjects(tx, schemes, subjects, now, { from: 'kept', sets, dirty, range: { after, last, kept } });
      after = last;
      count += subjects.length;
      return false;
    });
    if (done) break;
  }
  await runTx(async (tx) => {
    for (const m of sets.values()) if (!m.complete) await tx.completeMatchSet(m.id);
  });
  return count;
}

/** Re-evaluates every subject of one scheme from scratch (a new version, or a clock that went back). */
export function refreshScheme(
  runTx: <T>(fn: (tx: StoreTx) => Promise<T>) => Promise<T>,
  scheme: ActiveScheme,
  now: number,
): Promise<number> {
  return refreshAll(runTx, [scheme], now);
}
