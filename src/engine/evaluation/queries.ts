import {
  evaluate,
  type Contribution,
  type Evaluation,
  type ListValue,
  type NotJudgedReason,
  type RuleError,
} from '../../core/evaluate.js';
import { formatInstant } from '../../core/instant.js';
import { checkSubject } from '../../core/subject.js';
import type { CompiledScheme } from '../../core/scheme-types.js';
import type { ReadTx, SchemeVersionRow } from '../../store/store.js';
import { fail } from '../../core/errors.js';
import type { EngineDeps } from '../deps.js';
import { SUBJECT_BATCH } from './derive.js';
import { resolveScheme } from './schemes.js';
import { lastSweep } from './sweep.js';
import { disputedRecords, disputeMark, type DisputeMark } from './disputed.js';

export interface Explained {
  readonly scheme: SchemeVersionRow;
  readonly compiled: CompiledScheme;
  readonly evaluation: Evaluation;
  /** The subject's records under a pending dispute, marked `disputed` (SPEC §6). */
  readonly disputed: readonly DisputeMark[];
}

/** Evaluates one subject under a scheme version at an instant, with the full explanation. */
export async function explainSubject(
  deps: EngineDeps,
  subjectId: string,
  schemeSpec: string,
  options: { authority?: string; at?: number } = {},
): Promise<Explained> {
  const subject = checkSubject(subjectId);
  const at = options.at ?? deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const { row, compiled } = await resolveScheme(tx, schemeSpec, options.authority);
    await requireKnownSubject(tx, subject);
    const records = (await tx.recordsOfSubjects([subject], compiled.doc.sources)).get(subject) ?? [];
    const consents =
      compiled.doc.consent === 'required' ? ((await tx.consentsOf(row, [subject])).get(subject) ?? []) : [];
    const pending = await tx.pendingDisputesOf([subject]);
    const disputed = (await disputedRecords(tx, [subject])).get(subject);
    return {
      scheme: row,
      compiled,
      evaluation: evaluate(compiled, { subject, records, consents, disputed }, at),
      disputed: pending.map((d) => disputeMark(d, at)),
    };
  });
}

/**
 * Staff asking about a subject nothing is held about (a typo, a made-up id) are told so,
 * rather than shown a base score or an empty file as if it were a person's (SPEC §7).
 */
export async function requireKnownSubject(tx: ReadTx, subject: string): Promise<void> {
  if ((await tx.recordsOfSubject(subject)).length > 0) return;
  if ((await tx.listingsOfSubject(subject)).length > 0) return;
  if ((await tx.messagesOf(subject)).length > 0) return;
  fail('SUBJECT_UNKNOWN', `nothing is held about ${subject}: no authority has recorded anything about it`, {
    field: 'subject',
  });
}

/** The machine-readable explanation (SPEC §3 item 11) shared by `standing explain --json` and the HTTP API. */
export interface ExplanationJson {
  readonly subject: string;
  readonly scheme: string;
  readonly authority: string;
  readonly version: number;
  readonly at: string;
  readonly judged: boolean;
  readonly notJudged: NotJudgedReason | null;
  readonly candidates: number;
  readonly score: number | null;
  readonly grade: string | null;
  readonly lists: string[];
  readonly contributions: Contribution[];
  readonly errors: RuleError[];
  readonly listConditions: ListValue[];
  readonly liveRecords: string[];
  readonly nextChange: string | null;
  /** Records about the subject under a pending dispute; `overdue` ones are not candidates. */
  readonly disputed: DisputeMark[];
}

export function explanationJson(x: Explained): ExplanationJson {
  const e = x.evaluation;
  return {
    subject: e.subject,
    scheme: x.scheme.scheme,
    authority: x.scheme.authority,
    version: x.scheme.version,
    at: formatInstant(e.at),
    judged: e.notJudged === null,
    notJudged: e.notJudged,
    candidates: e.candidates,
    score: e.score,
    grade: e.grade,
    lists: [...e.lists],
    contributions: [...e.contributions],
    errors: [...e.errors],
    listConditions: [...e.listValues],
    liveRecords: [...e.live],
    nextChange: e.nextChange === null ? null : formatInstant(e.nextChange),
    disputed: [...x.disputed],
  };
}

/** One line of `standing scores` (SPEC §9). */
export interface ScoreLine {
  readonly subject: string;
  readonly score: number;
  readonly grade: string | null;
  readonly lists: readonly string[];
}

/**
 * Scores of every subject the scheme judges with at least one candidate record at
 * the instant, in subject order. At "now" under the latest version they come from
 * the derived state; otherwise they are evaluated.
 */
export async function* scores(
  deps: EngineDeps,
  schemeSpec: string,
  options: { authority?: string; at?: number; after?: string } = {},
): AsyncGenerator<ScoreLine> {
  const { row, compiled } = await deps.store.read((tx) => resolveScheme(tx, schemeSpec, options.authority));
  const latest = await deps.store.read(async (tx) => {
    const versions = (await tx.schemeVersions(row.scheme)).filter((v) => v.authority === row.authority);
    return versions[versions.length - 1]!.version;
  });
  // `after`: resume past this subject id (paging); default from the first.
  let after: string | null = options.after ?? null;
  const swept = await lastSweep(deps);
  if (options.at === undefined && row.version === latest && swept !== undefined && swept <= deps.clock.now()) {
    for (;;) {
      const page = await deps.store.read((tx) => tx.statesAfter(row, after, SUBJECT_BATCH));
      if (page.length === 0) return;
      for (const s of page)
        if (s.judged && s.score !== null) yield { subject: s.subject, score: s.score, grade: s.grade, lists: s.lists };
      after = page[page.length - 1]!.subject;
    }
  }
  const at = options.at ?? deps.clock.now();
  for (;;) {
    const page = await deps.store.read(async (tx) => {
      const subjects = await tx.subjectsAfter(compiled.doc.sources, after, SUBJECT_BATCH);
      const records = await tx.recordsOfSubjects(subjects, compiled.doc.sources);
      const consents = compiled.doc.consent === 'required' ? await tx.consentsOf(row, subjects) : undefined;
      const disputed = await disputedRecords(tx, subjects);
      return subjects.map((subject) =>
        evaluate(
          compiled,
          {
            subject,
            records: records.get(subject) ?? [],
            consents: consents?.get(subject) ?? [],
            disputed: disputed.get(subject),
          },
          at,
        ),
      );
    });
    if (page.length === 0) return;
    for (const e of page) {
      if (e.notJudged === null && e.candidates > 0 && e.score !== null)
        yield { subject: e.subject, score: e.score, grade: e.grade, lists: e.lists };
    }
    after = page[page.length - 1]!.subject;
  }
}
