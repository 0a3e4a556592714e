import type { SchemeRef, SubjectState } from './store.js';

/**
 * A scheme version that is not (yet) live (SPEC §12): a `shadow` evaluated beside the live
 * version and never enforced, or a `pending` version held by the publish gate until a second
 * admin approves it. Once made live it is copied into the scheme versions and stays here as
 * `live`, with who asked for it and who decided.
 */
export type CandidateStatus = 'shadow' | 'pending' | 'live' | 'withdrawn';

export interface CandidateRow extends SchemeRef {
  readonly version: number;
  readonly source: string;
  /** Canonical JSON of the validated document without its version, as for scheme versions. */
  readonly content: string;
  readonly status: CandidateStatus;
  readonly publishedAt: number;
  /** The account that published it (null: the operator). */
  readonly publishedBy: string | null;
  /** The account that asked for it live (a promotion held by the gate), if not its publisher. */
  readonly requestedBy: string | null;
  /** The gate's simulation summary (JSON) when it was held, else null. */
  readonly gate: string | null;
  /** When and by whom it was made live (promoted or approved). */
  readonly decidedAt: number | null;
  readonly decidedBy: string | null;
}

/** The state of one subject under one shadow version: never read by checks, notices or public pages. */
export type ShadowState = SubjectState;

/** Shadow and pending scheme versions and the shadow states. */
export interface CandidatesRepo {
  insertCandidate(row: CandidateRow): Promise<void>;
  /** Every candidate, or those of schemes with this id, in (authority, scheme, version) order. */
  candidates(scheme?: string): Promise<CandidateRow[]>;
  /** Changes a candidate's status and decision fields; false when there is no such candidate. */
  updateCandidate(
    ref: SchemeRef,
    version: number,
    change: {
      status: CandidateStatus;
      requestedBy: string | null;
      gate: string | null;
      decidedAt: number | null;
      decidedBy: string | null;
    },
  ): Promise<boolean>;
  /** Writes shadow states; (authority, scheme, version, subject) is the key. */
  putShadowStates(rows: readonly ShadowState[]): Promise<void>;
  /** Deletes shadow states of one version: of these subjects, or all of them for null. */
  deleteShadowStates(ref: SchemeRef, version: number, subjects: readonly string[] | null): Promise<void>;
  /** Shadow states of one version in subject order, after `after`, at most `limit`. */
  /** Every shadow state of one subject, in (authority, scheme, version) order. */
  shadowStatesOfSubject(subject: string): Promise<ShadowState[]>;
  shadowStatesAfter(ref: SchemeRef, version: number, after: string | null, limit: number): Promise<ShadowState[]>;
}
