export type SecondInstanceState = 'pending' | 'upheld' | 'overturned';

/** A second instance (SPEC §6): a second review the subject asked for after its appeal was upheld. */
export interface SecondInstanceRow {
  readonly id: number;
  /** The upheld appeal it reviews again: one second instance per appeal. */
  readonly appealId: number;
  readonly listingId: number;
  readonly subject: string;
  /** The listing's authority. */
  readonly authority: string;
  /**
   * The authority whose reviewers decide: the appeal body the operator named for `authority`
   * when it was asked, else `authority` itself (then not the reviewer of the first decision).
   */
  readonly reviewers: string;
  /** Who decided the first appeal: with no appeal body, that reviewer may not decide this one. */
  readonly firstReviewer: string;
  readonly statement: string;
  readonly filedAt: number;
  readonly filedBy: string | null;
  /** When the window closed: the first decision + the list's `secondInstance`. */
  readonly deadline: number;
  /** Whether it suspended the listing (the list's `secondInstanceSuspends`). */
  readonly suspends: boolean;
  readonly state: SecondInstanceState;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly reasons: string | null;
  readonly exempt: boolean;
}

/**
 * A relying party told that a sanction it was answered with was lifted (SPEC §6, Sanction
 * lifted): relying parties have no inbox, so each notification is a row they read over HTTP.
 */
export interface LiftedNoticeRow {
  readonly id: number;
  readonly party: string;
  readonly subject: string;
  readonly listingId: number;
  readonly authority: string;
  /** The actions the party checked while the sanction was in force, in name order. */
  readonly actions: readonly string[];
  /** What lifted it: `second-instance:ID`. */
  readonly cause: string;
  readonly at: number;
}

export interface SecondInstanceFilter {
  readonly subject?: string;
  /** Second instances whose reviewers are of this authority. */
  readonly reviewers?: string;
  readonly state?: SecondInstanceState;
  readonly appealId?: number;
}

/** Second instances and the sanction-lifted notifications of relying parties. */
export interface SecondInstanceRepo {
  /** Inserts a second instance; undefined, inserting nothing, when its appeal already has one. */
  insertSecondInstance(row: Omit<SecondInstanceRow, 'id'>): Promise<number | undefined>;
  /** One second instance, locked for update where the store locks rows. */
  getSecondInstance(id: number): Promise<SecondInstanceRow | undefined>;
  updateSecondInstance(row: SecondInstanceRow): Promise<void>;
  /** Matching second instances, earliest deadline first (then id). */
  secondInstancesOf(filter: SecondInstanceFilter): Promise<SecondInstanceRow[]>;
  insertLiftedNotice(row: Omit<LiftedNoticeRow, 'id'>): Promise<number>;
  /** Notifications of one party, or of every party about one subject, in id order. */
  liftedNoticesOf(filter: { readonly party?: string; readonly subject?: string }): Promise<LiftedNoticeRow[]>;
}
