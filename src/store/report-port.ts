/**
 * A report from the public (SPEC §14): someone signed in tells an authority that accepts
 * reports about a subject's conduct. It is not a record: it waits in the authority's triage
 * queue until a reviewer accepts it (then `recordKey` names the record it became) or rejects it.
 */
export interface ReportRow {
  /** A public id (UUID). */
  readonly id: string;
  /** The authority reported to. */
  readonly authority: string;
  readonly subject: string;
  /** The record kind the reporter proposes (a dotted lower-case name). */
  readonly kind: string;
  readonly occurredAt: number;
  /** Canonical JSON of the proposed record's `data` (an object, at most 16 KiB). */
  readonly data: string;
  /** The reporter's own words (at most 2,000 characters). */
  readonly description: string;
  /** Who filed it: an account name, or `key:ID` for an authority's API key. */
  readonly reporter: string;
  /** The authority the reporter acted for (staff account or key), or null: a member of the public. */
  readonly reporterAuthority: string | null;
  readonly filedAt: number;
  readonly state: 'open' | 'accepted' | 'rejected';
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly reasons: string | null;
  /** The key of the record an accepted report became (of `authority`), else null. */
  readonly recordKey: string | null;
}

/** One reporter's decided reports at one authority (the reviewers' acceptance rate). */
export interface ReporterTally {
  readonly reporter: string;
  readonly accepted: number;
  readonly rejected: number;
}

/** Reports from the public. */
export interface ReportRepo {
  insertReport(row: ReportRow): Promise<void>;
  getReport(id: string): Promise<ReportRow | undefined>;
  /** Writes a decision on an open report; false when it was no longer open. */
  decideReport(row: ReportRow): Promise<boolean>;
  /** An authority's reports in one state (or every state), oldest first. */
  reportsTo(authority: string, state: ReportRow['state'] | null, limit: number): Promise<ReportRow[]>;
  /** Every report one reporter filed, newest first. */
  reportsBy(reporter: string, limit: number): Promise<ReportRow[]>;
  /** How many reports one reporter filed to one authority at or after `since` (the rate limit). */
  countReportsSince(reporter: string, authority: string, since: number): Promise<number>;
  /** The decided reports of each of `reporters` at `authority`. */
  reporterTallies(authority: string, reporters: readonly string[]): Promise<ReporterTally[]>;
  /** The accepted reports whose records are about `subject` (its file names who reported them). */
  acceptedReportsAbout(subject: string): Promise<ReportRow[]>;
  /** Every report, in id order (audit verify). */
  listReports(): Promise<ReportRow[]>;
}
