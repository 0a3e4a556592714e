import type { Duration } from './duration.js';
import type { SubjectType } from './subject.js';
import type { CompiledExpression } from './cel.js';

export type ListType = 'blacklist' | 'redlist' | 'watchlist';
export type Effect = 'deny' | 'limit' | 'waive' | 'priority';
export type Consent = 'none' | 'required';

export interface SanctionDef {
  readonly action: string;
  readonly effect: Effect;
  /** For `limit`: the bound, e.g. { kbps: 512 }. */
  readonly limit?: Readonly<Record<string, number>>;
  readonly justification?: string;
  readonly basis?: string;
}

export interface RuleDef {
  readonly id: string;
  readonly when: string;
  /** An integer literal or a CEL expression. */
  readonly points: number | string;
  readonly lapse?: string;
  readonly keep?: 'latest';
  readonly cap?: { readonly points: number; readonly per?: string };
  /** Why this reads records of another domain than the scheme's context, and under what law (SPEC §5). */
  readonly dataJustification?: string;
  readonly basis?: string;
}

export interface GradeDef {
  readonly id: string;
  readonly min?: number;
  readonly max?: number;
  readonly when?: string;
  /** Why this reads records of another domain than the scheme's context, and under what law (SPEC §5). */
  readonly dataJustification?: string;
  readonly basis?: string;
}

export interface ListDef {
  readonly id: string;
  readonly title?: string;
  readonly type: ListType;
  /** The condition (CEL); absent exactly when the list is `manual`. */
  readonly when?: string;
  /**
   * A list whose listings are opened by an individual decision of the authority (SPEC §6,
   * Listings by decision), never by a condition: it has no `when`. Blacklists and watchlists only.
   */
  readonly manual?: true;
  /** Notice-to-effect window; default and minimum P10D. */
  readonly appeal: string;
  /**
   * Longest a blacklist or watchlist listing lasts, counted from its effect instant (SPEC §6);
   * absent: the operator's default (DEFAULT_MAX_TERM unless configured). Redlists have none.
   */
  readonly maxTerm?: string;
  /** How long after an upheld appeal the subject may ask for a second instance (SPEC §6); absent: P10D. */
  readonly secondInstance?: string;
  /** Whether a second instance suspends the listing until decided (SPEC §6); absent: false. */
  readonly secondInstanceSuspends?: boolean;
  /**
   * Whether entries appear on the public register (default false): true shows persons masked
   * (maskSubject), "full" names subjects in full and is allowed only when the scheme judges no persons.
   */
  readonly publish: boolean | 'full';
  /** Why this reads records of another domain than the scheme's context, and under what law (SPEC §5). */
  readonly dataJustification?: string;
  readonly basis?: string;
  readonly sanctions: readonly SanctionDef[];
  /**
   * A list subjects place themselves on (SPEC §6, Self-exclusion), for a term they choose
   * within these bounds (`maxTerm` absent: the list's maximum term). Such a list has no
   * condition of its own: its `when` is `false`, so no evaluation lists anyone on it.
   */
  readonly selfExclusion?: { readonly minTerm: string; readonly maxTerm?: string };
}

/** A scheme document after validation, with every default filled in (SPEC §3). */
export interface SchemeDoc {
  readonly scheme: string;
  readonly public: boolean;
  readonly version?: number;
  readonly authority: string;
  readonly title?: string;
  readonly subjects: readonly SubjectType[];
  readonly context: string;
  readonly basis?: string;
  readonly sources: readonly string[];
  readonly consent: Consent;
  readonly score: { readonly base: number; readonly min?: number; readonly max?: number };
  readonly grades: readonly GradeDef[];
  readonly rules: readonly RuleDef[];
  readonly lists: readonly ListDef[];
  /**
   * Translations of the texts a subject reads, by locale then by field path (`title`, `basis`,
   * `lists[0].title`, `lists[0].sanctions[1].justification`): the YAML gave such a text as
   * `{ en: …, zh-CN: … }`; the fields above hold its English. Absent when no text is translated.
   */
  readonly translations?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface CompiledRule {
  readonly def: RuleDef;
  readonly index: number;
  readonly when: CompiledExpression;
  /** A literal integer, or a compiled expression. */
  readonly points: number | CompiledExpression;
  readonly lapse: Duration | null;
  readonly capPer: Duration | null;
}

export interface CompiledGrade {
  readonly def: GradeDef;
  readonly when: CompiledExpression | null;
}

export interface CompiledList {
  readonly def: ListDef;
  /** The condition; for a manual list the constant `false` (no subject qualifies by evaluation). */
  readonly when: CompiledExpression;
  readonly appeal: Duration;
  /** The list's own maximum term, or null when it takes the operator's default (redlists: no term). */
  readonly maxTerm: Duration | null;
  /** The second-instance window (the list's `secondInstance`, default DEFAULT_SECOND_INSTANCE). */
  readonly secondInstance: Duration;
}

/** A scheme ready to evaluate: every expression compiled once (SPEC §3). */
export interface CompiledScheme {
  readonly doc: SchemeDoc;
  readonly version: number;
  readonly rules: readonly CompiledRule[];
  readonly grades: readonly CompiledGrade[];
  readonly lists: readonly CompiledList[];
  /** Whether any grade or list condition reads subject.records (else it need not be built). */
  readonly needsRecords: boolean;
  /** Whether any of them may read more of a record than its header (RECORD_HEADER in cel.ts): its data or evidence. */
  readonly needsRecordBodies: boolean;
  /** The record header fields (RECORD_HEADER in cel.ts) and `data.X` members that grade and list conditions read of subject.records. */
  readonly recordFields: ReadonlySet<string>;
  /** Of those, the ones kept matches must carry, in this order (evaluate-matched.ts). */
  readonly keptHeader: readonly string[];
}
