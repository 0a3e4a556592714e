/**
 * Shapes of the API answers the pages read, copied from the TypeBox schemas of
 * src/http (the contract; docs/openapi.json). Only the fields the pages use.
 */

export type Principal =
  | { readonly type: 'staff'; readonly authority: string; readonly roles: readonly string[]; readonly account: string | null }
  | { readonly type: 'subject'; readonly subject: string; readonly account: string }
  | { readonly type: 'party'; readonly party: string }
  | { readonly type: 'anonymous' };

export type Staff = Extract<Principal, { type: 'staff' }>;
export type SubjectP = Extract<Principal, { type: 'subject' }>;

export interface VersionSummary {
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly title: string | null;
  readonly public: boolean;
  readonly publishedAt: string;
}

export interface ReportEntry {
  readonly list: string;
  readonly listType: string;
  readonly action: string;
  readonly effect: string;
  readonly limit?: Readonly<Record<string, number>>;
  readonly actionDomain: string | null;
  readonly schemeContext: string;
  readonly crossContext: boolean;
  readonly privilege: boolean;
  readonly justification?: string;
  readonly basis?: string;
  readonly triggers: readonly string[] | 'any';
  readonly longest: string;
}

export interface Sanction {
  readonly action: string;
  readonly effect: string;
  readonly limit?: Readonly<Record<string, number>>;
  readonly justification?: string;
  readonly basis?: string;
}

export interface SchemeDoc {
  readonly scheme: string;
  readonly public: boolean;
  readonly authority: string;
  readonly title?: string;
  readonly subjects: readonly string[];
  readonly context: string;
  readonly basis?: string;
  readonly sources: readonly string[];
  readonly consent: 'none' | 'required';
  readonly score: { readonly base: number; readonly min?: number; readonly max?: number };
  readonly grades: readonly { readonly id: string; readonly min?: number; readonly max?: number; readonly when?: string }[];
  readonly rules: readonly {
    readonly id: string;
    readonly when: string;
    readonly points: number | string;
    readonly lapse?: string;
    readonly keep?: 'latest';
    readonly cap?: { readonly points: number; readonly per?: string };
  }[];
  readonly lists: readonly {
    readonly id: string;
    readonly title?: string;
    readonly type: string;
    readonly when: string;
    readonly appeal: string;
    readonly publish: boolean;
    readonly sanctions: readonly Sanction[];
  }[];
}

export interface VersionDetail extends VersionSummary {
  readonly source: string;
  readonly content: SchemeDoc;
  readonly report: readonly ReportEntry[];
}

export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
  readonly rule?: string;
}

export interface CheckResult {
  readonly valid: boolean;
  readonly scheme?: string;
  readonly authority?: string;
  readonly errors?: readonly Problem[];
  readonly report?: readonly ReportEntry[];
}

export interface Contribution {
  readonly key: string;
  readonly authority: string;
  readonly rule: string;
  readonly points: number;
  readonly capped: number;
}

export interface RuleError {
  readonly rule: string;
  readonly site: string;
  readonly key?: string;
  readonly message: string;
}

export interface ListValue {
  readonly id: string;
  readonly value: boolean;
  readonly error?: string;
}

export interface Explanation {
  readonly subject: string;
  readonly scheme: string;
  readonly authority: string;
  readonly version: number;
  readonly at: string;
  readonly judged: boolean;
  readonly notJudged: 'subject-type' | 'no-consent' | null;
  readonly candidates: number;
  readonly score: number | null;
  readonly grade: string | null;
  readonly lists: readonly string[];
  readonly contributions: readonly Contribution[];
  readonly errors: readonly RuleError[];
  readonly listConditions: readonly ListValue[];
  readonly liveRecords: readonly string[];
  readonly nextChange: string | null;
}

export interface ScoreLine {
  readonly subject: string;
  readonly score: number;
  readonly grade: string | null;
  readonly lists: readonly string[];
}

export type ListingState = 'noticed' | 'suspended' | 'active' | 'ended';

export interface Listing {
  readonly id: number;
  readonly subject: string;
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly list: string;
  readonly listType: 'blacklist' | 'redlist' | 'watchlist';
  readonly state: ListingState;
  readonly noticedAt: string;
  readonly effectAt: string;
  readonly activeSince: string | null;
  readonly appealed: boolean;
  readonly endedAt: string | null;
  readonly endReason: string | null;
  readonly appealWindowOpen: boolean;
}

export interface Notice {
  readonly listing: number;
  readonly subject: string;
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly list: { readonly id: string; readonly title: string | null; readonly type: string; readonly condition: string };
  readonly sanctions: readonly Sanction[];
  readonly basis: string | null;
  readonly automated: boolean;
  readonly facts: {
    readonly score: number | null;
    readonly grade: string | null;
    readonly contributions: readonly Contribution[];
    readonly errors: readonly RuleError[];
    readonly listConditions: readonly ListValue[];
    readonly liveRecords: readonly string[];
  };
  readonly noticedAt: string;
  readonly effectAt: string;
  readonly appeal: { readonly until: string; readonly how: string };
}

export interface Appeal {
  readonly id: number;
  readonly listing: number;
  readonly subject: string;
  readonly authority: string;
  readonly statement: string;
  readonly filedAt: string;
  readonly late: boolean;
  readonly deadline: string;
  readonly state: 'pending' | 'upheld' | 'overturned';
  readonly decidedAt: string | null;
  readonly reasons: string | null;
  readonly retracted: readonly string[];
  readonly exempt: boolean;
  readonly filedBy?: string | null;
  readonly decidedBy?: string | null;
}

export interface QueuedAppeal extends Appeal {
  readonly timeLeftMs: number;
}

export interface Dispute {
  readonly id: number;
  readonly authority: string;
  readonly key: string;
  readonly subject: string;
  readonly statement: string;
  readonly filedAt: string;
  readonly state: 'pending' | 'retracted' | 'confirmed';
  readonly decidedAt: string | null;
  readonly reasons: string | null;
  readonly filedBy?: string | null;
  readonly decidedBy?: string | null;
}

export interface ListingWithNotice extends Listing {
  readonly notice: Notice | null;
  readonly appeal: Appeal | null;
}

export interface RecordView {
  readonly authority: string;
  readonly key: string;
  readonly subject: string;
  readonly kind: string;
  readonly occurredAt: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly evidence: string | null;
  readonly receivedAt: string;
  readonly submittedBy?: string | null;
  readonly retracted: { readonly at: string; readonly reason: string | null } | null;
}

export interface Standing {
  readonly rank: number;
  readonly of: number;
  readonly percentile: number;
}

export interface SchemeJudgement {
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly title: string | null;
  readonly public: boolean;
  readonly context: string;
  readonly basis: string | null;
  readonly consent: 'none' | 'required';
  readonly notJudged: 'no-consent' | null;
  readonly score: number | null;
  readonly grade: string | null;
  readonly lists: readonly string[];
  readonly explanation: {
    readonly at: string;
    readonly candidates: number;
    readonly contributions: readonly Contribution[];
    readonly errors: readonly RuleError[];
    readonly listConditions: readonly ListValue[];
    readonly liveRecords: readonly string[];
  };
  readonly standing: Standing | null;
}

export interface Message {
  readonly id: number;
  readonly kind: string;
  readonly listing: number | null;
  readonly authority: string;
  readonly at: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface AccessEntry {
  readonly party: string;
  readonly action: string;
  readonly effect: string;
  readonly at: string;
}

/** Grade distribution of a scheme at one instant (history.route.ts). */
export interface HistoryPoint {
  readonly at: string;
  readonly judged: number;
  readonly grades: Readonly<Record<string, number>>;
}

export interface History {
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly grades: readonly string[];
  readonly population: number;
  readonly sampled: number;
  readonly points: readonly HistoryPoint[];
}
