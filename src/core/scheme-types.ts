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
}

export interface GradeDef {
  readonly id: string;
  readonly min?: number;
  readonly max?: number;
  readonly when?: string;
}

export interface ListDef {
  readonly id: string;
  readonly title?: string;
  readonly type: ListType;
  readonly when: string;
  /** Notice-to-effect window; default and minimum P10D. */
  readonly appeal: string;
  /**
   * Longest a blacklist or watchlist listing lasts, counted from its effect instant (SPEC §6);
   * absent: the operator's default (DEFAULT_MAX_TERM unless configured). Redlists have none.
   */
  readonly maxTerm?: string;
  /**
   * Whether entries appear on the public register (default false): true shows persons masked
   * (maskSubject), "full" names subjects in full and is allowed only when the scheme judges no persons.
   */
  readonly publish: boolean | 'full';
  readonly sanctions: readonly SanctionDef[];
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
  readonly when: CompiledExpression;
  readonly appeal: Duration;
  /** The list's own maximum term, or null when it takes the operator's default (redlists: no term). */
  readonly maxTerm: Duration | null;
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
