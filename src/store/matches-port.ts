import type { PackedFacts } from '../core/evaluate-matched.js';
import type { SchemeRef } from './store.js';

/**
 * The kept rule matches of one scheme version (docs/decisions.md, "Kept rule matches"):
 * for every non-retracted record of its sources, which rules match it, with points and
 * lapse instants. `complete` once a full pass has filled it; until then derive reads
 * records instead.
 */
export interface MatchSet extends SchemeRef {
  readonly id: number;
  readonly version: number;
  /** What its packed facts hold (factsLayout in evaluate-matched.ts). */
  readonly layout: string;
  readonly complete: boolean;
}

/** One subject's records under one set, packed: each record's header and matches (maybe none: a candidate no rule matched). */
export interface SubjectMatches {
  readonly set: number;
  readonly subject: string;
  readonly facts: PackedFacts;
}

export interface MatchesRepo {
  /** Every match set, in id order. */
  matchSets(): Promise<MatchSet[]>;
  /** The set of this scheme version, created (incomplete, with this layout) if there is none. */
  ensureMatchSet(ref: SchemeRef, version: number, layout: string): Promise<MatchSet>;
  completeMatchSet(id: number): Promise<void>;
  /** Deletes these sets and their rows. */
  dropMatchSets(ids: readonly number[]): Promise<void>;
  /** Replaces what one set keeps of these subjects with `rows` (a subject without a row keeps nothing). */
  replaceMatches(set: number, subjects: readonly string[], rows: readonly SubjectMatches[]): Promise<void>;
  /** What these sets keep of these subjects, in (subject, set) order. */
  matchesOfSubjects(sets: readonly number[], subjects: readonly string[]): Promise<SubjectMatches[]>;
  /** What these sets keep of the first `limit` subjects after `after` that they keep anything of, in (subject, set) order: a full pass's page. */
  matchesPage(sets: readonly number[], after: string | null, limit: number): Promise<SubjectMatches[]>;
  /** What these sets keep of the subjects after `after` up to `last` (inclusive), in (subject, set) order: a full pass's page. */
  matchesBetween(sets: readonly number[], after: string | null, last: string): Promise<SubjectMatches[]>;
  /** The subjects after `after` up to `last` (inclusive) marked dirty, in code-point order. */
  dirtyBetween(after: string | null, last: string): Promise<string[]>;
  /** Of these subjects, those marked dirty (their records changed since their last re-evaluation). */
  dirtyAmong(subjects: readonly string[]): Promise<string[]>;
}
