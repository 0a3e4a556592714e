import { evaluate, type Evaluation } from '../core/evaluate.js';
import type { EvalRecord } from '../core/record.js';
import type { StoreTx, SubjectState } from '../store/store.js';
import { applyListings } from './listings.js';
import type { ActiveScheme } from './schemes.js';

/** Subjects are re-evaluated this many at a time: one read of their records, one write of their states. */
export const SUBJECT_BATCH = 1000;

function stateOf(s: ActiveScheme, e: Evaluation): SubjectState {
  const judged = e.notJudged === null && e.candidates > 0;
  return {
    authority: s.ref.authority,
    scheme: s.ref.scheme,
    subject: e.subject,
    version: s.compiled.version,
    judged,
    score: e.score,
    grade: e.grade,
    // A subject with no candidate record qualifies for nothing: lists need facts.
    lists: judged ? e.lists : [],
    nextChange: e.nextChange,
    evaluatedAt: e.at,
  };
}

/**
 * Recomputes the derived state (score, grade, qualifying lists, next change) of
 * these subjects under these schemes as of `now`, and brings their listings in line
 * (SPEC §6). A subject with no records a scheme reads has no state under it.
 */
export async function refreshSubjects(tx: StoreTx, schemes: readonly ActiveScheme[], subjects: readonly string[], now: number): Promise<void> {
  if (subjects.length === 0 || schemes.length === 0) return;
  const sources = [...new Set(schemes.flatMap((s) => s.compiled.doc.sources))];
  const records = await tx.recordsOfSubjects(subjects, sources);
  // Listings are locked before audit chains by every writer (docs/fleet.md): with several
  // schemes, lock all these subjects' open listings before the first scheme appends.
  const listed = schemes.filter((s) => s.compiled.lists.length > 0);
  if (listed.length > 1) for (const s of listed) await tx.openListings(s.ref, subjects);
  for (const s of schemes) {
    const consents = s.compiled.doc.consent === 'required' ? await tx.consentsOf(s.ref, subjects) : undefined;
    const put: SubjectState[] = [];
    const evaluations: Evaluation[] = [];
    const drop: string[] = [];
    for (const subject of subjects) {
      const mine = ofSources(records.get(subject), s.compiled.doc.sources);
      if (mine.length === 0) {
        drop.push(subject);
        continue;
      }
      const e = evaluate(s.compiled, { subject, records: mine, consents: consents?.get(subject) ?? [] }, now);
      if (e.notJudged === 'subject-type') {
        drop.push(subject);
        continue;
      }
      put.push(stateOf(s, e));
      evaluations.push(e);
    }
    await tx.deleteStates(s.ref, drop);
    await tx.putStates(put);
    await applyListings(tx, s, evaluations, drop, records, now);
  }
}

function ofSources(records: readonly EvalRecord[] | undefined, sources: readonly string[]): readonly EvalRecord[] {
  if (records === undefined) return [];
  return records.every((r) => sources.includes(r.authority)) ? records : records.filter((r) => sources.includes(r.authority));
}

/** Re-evaluates every subject of one scheme from scratch (a new version, or a clock that went back). */
export async function refreshScheme(runTx: <T>(fn: (tx: StoreTx) => Promise<T>) => Promise<T>, scheme: ActiveScheme, now: number): Promise<number> {
  await runTx((tx) => tx.clearStates(scheme.ref));
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const done: boolean = await runTx(async (tx) => {
      await tx.lockSweep('shared');
      const subjects = await tx.subjectsAfter(scheme.compiled.doc.sources, after, SUBJECT_BATCH);
      if (subjects.length === 0) return true;
      await refreshSubjects(tx, [scheme], subjects, now);
      after = subjects[subjects.length - 1]!;
      count += subjects.length;
      return false;
    });
    if (done) return count;
  }
}

/**
 * Re-evaluates every subject under all these schemes from scratch, reading each
 * subject's records once for all of them (a restart, or the benchmark's full pass).
 */
export async function refreshAll(runTx: <T>(fn: (tx: StoreTx) => Promise<T>) => Promise<T>, schemes: readonly ActiveScheme[], now: number): Promise<number> {
  const sources = [...new Set(schemes.flatMap((s) => s.compiled.doc.sources))];
  await runTx(async (tx) => {
    for (const s of schemes) await tx.clearStates(s.ref);
  });
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const done: boolean = await runTx(async (tx) => {
      await tx.lockSweep('shared');
      const subjects = await tx.subjectsAfter(sources, after, SUBJECT_BATCH);
      if (subjects.length === 0) return true;
      await refreshSubjects(tx, schemes, subjects, now);
      after = subjects[subjects.length - 1]!;
      count += subjects.length;
      return false;
    });
    if (done) return count;
  }
}
