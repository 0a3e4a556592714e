import type { Role } from '../core/principal.js';
import type { EndReason, ListingCore } from '../core/listing-machine.js';
import type { Effect, ListType } from '../core/scheme-types.js';
import type { SchemeRef } from './store.js';

/** A listing: one subject on one list of one scheme (not a version), SPEC §6. */
export interface ListingRow extends ListingCore, SchemeRef {
  readonly id: number;
  readonly subject: string;
  readonly list: string;
  readonly listType: ListType;
  /** The scheme version whose evaluation noticed it. */
  readonly version: number;
  readonly noticedAt: number;
}

export type NewListing = Omit<ListingRow, 'id'>;

/** Which listings to page through; absent fields match any. */
export interface ListingFilter {
  readonly authority?: string;
  readonly subject?: string;
  readonly state?: ListingRow['state'];
  readonly scheme?: string;
  readonly list?: string;
}

/** A message delivered to a subject's inbox: notices, outcomes, ends (SPEC §6). */
export interface MessageRow {
  readonly id: number;
  readonly subject: string;
  readonly kind:
    | 'notice'
    | 'listing-active'
    | 'listing-ended'
    | 'appeal-received'
    | 'appeal-decided'
    | 'dispute-received'
    | 'dispute-decided'
    | 'dispute-overdue'
    | 'second-instance-received'
    | 'second-instance-decided'
    | 'enrolment'
    | 'effect-fixed'
    | 'sanction-lifted';
  readonly listingId: number | null;
  readonly authority: string;
  readonly at: number;
  /** The statement itself, as JSON. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** A message other than a notice (notices are written with insertNotice, notices-port.ts). */
export type NewMessage = Omit<MessageRow, 'id' | 'kind'> & {
  readonly kind: Exclude<MessageRow['kind'], 'notice'>;
  /** The body's JSON text when the writer has it already (deliver: its canonical JSON, the text its hash covers); else the store writes JSON.stringify(body). */
  readonly bodyJson?: string;
};

export type AppealState = 'pending' | 'upheld' | 'overturned';

export interface AppealRow {
  readonly id: number;
  readonly listingId: number;
  readonly subject: string;
  /** The listing's authority: its reviewers decide. */
  readonly authority: string;
  readonly statement: string;
  readonly filedAt: number;
  readonly filedBy: string | null;
  /** Filed after the effect instant: reviewed while the sanctions stay. */
  readonly late: boolean;
  /** The effect instant of the listing, for ordering the queue by deadline. */
  readonly deadline: number;
  readonly state: AppealState;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly reasons: string | null;
  /** Keys of the deciding authority's records retracted by an overturn. */
  readonly retracted: readonly string[];
  readonly exempt: boolean;
}

export type DisputeState = 'pending' | 'retracted' | 'confirmed';

export interface DisputeRow {
  readonly id: number;
  /** The record's (reporting) authority: its reviewers decide. */
  readonly authority: string;
  readonly key: string;
  readonly subject: string;
  readonly statement: string;
  readonly filedAt: number;
  readonly filedBy: string | null;
  readonly state: DisputeState;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly reasons: string | null;
  /**
   * The instant the authority must decide by (filing + its `disputeDeadline`), fixed at filing;
   * null for disputes filed before migration 7, whose deadline is filing + P30D (disputeDeadlineOf).
   */
  readonly deadlineAt: number | null;
  /** When the deadline passed undecided and the subject was told (the sweep's step), else null. */
  readonly overdueAt: number | null;
}

/** A sanction in force: maintained as listings become active or stop being so, read by checks. */
export interface ActiveSanctionRow {
  readonly listingId: number;
  readonly subject: string;
  readonly action: string;
  readonly effect: Effect;
  readonly limit: Readonly<Record<string, number>> | null;
  readonly authority: string;
  readonly scheme: string;
  readonly list: string;
  readonly since: number;
}

/**
 * A sanction in force as a check reads it: with the scheme version that noticed its listing
 * (the decision rests on it); null if the listing row is missing, which no command makes.
 */
export interface SanctionInForceRow extends ActiveSanctionRow {
  readonly version: number | null;
}

export type { Role };

export interface AccountRow {
  readonly name: string;
  /** Staff belong to an authority; a subject's account and a registrar's have none. */
  readonly authority: string | null;
  readonly roles: readonly Role[];
  /** For a subject's own account: the subject it is. */
  readonly subject: string | null;
  readonly createdAt: number;
}

/** Listings, appeals, disputes, exemptions, sanctions in force, inbox and accounts. */
export interface DueProcessRepo {
  /** Inserts a listing and returns its id; fails if the subject already has an open listing on that list. */
  insertListing(row: NewListing): Promise<number>;
  /**
   * As insertListing, but when the subject already has an open (not ended) listing on that
   * list it inserts nothing and returns undefined: two processes that notice the same
   * qualification at once open one listing, and the second learns it lost once the first commits.
   */
  insertListingIfNoneOpen(row: NewListing): Promise<number | undefined>;
  updateListing(id: number, core: ListingCore): Promise<void>;
  getListing(id: number): Promise<ListingRow | undefined>;
  /** Listings not ended, of one scheme, for these subjects. */
  openListings(ref: SchemeRef, subjects: readonly string[]): Promise<ListingRow[]>;
  /** The same for every subject after `after` up to `last` (inclusive): a full pass's page. */
  openListingsBetween(ref: SchemeRef, after: string | null, last: string): Promise<ListingRow[]>;
  /** Listings not ended, of one list of a scheme. */
  openListingsOfList(ref: SchemeRef, list: string): Promise<ListingRow[]>;
  listingsOfSubject(subject: string): Promise<ListingRow[]>;
  /**
   * Open listings whose next time-driven instant (nextDue in listing-machine.ts: a receipt
   * defaulting, a window passing, a maximum term) is at or before `now`, earliest first.
   */
  dueListings(now: number, limit: number): Promise<ListingRow[]>;
  countListings(): Promise<{ state: string; count: number }[]>;
  /** Up to `limit` listings in one state, oldest first. */
  listingsOfState(state: ListingRow['state'], limit: number): Promise<ListingRow[]>;
  /** Listings matching every given filter field, in id order after `after`, at most `limit` (the HTTP listings index). */
  listingsOf(
    filter: ListingFilter,
    page: { readonly after: number | null; readonly limit: number },
  ): Promise<ListingRow[]>;

  putExemption(ref: SchemeRef, list: string, subject: string, since: number): Promise<void>;
  getExemption(ref: SchemeRef, list: string, subject: string): Promise<number | undefined>;
  deleteExemption(ref: SchemeRef, list: string, subject: string): Promise<void>;

  replaceSanctions(listingId: number, rows: readonly ActiveSanctionRow[]): Promise<void>;
  activeSanctions(subject: string, action: string): Promise<SanctionInForceRow[]>;
  countSanctions(): Promise<{ action: string; effect: string; count: number }[]>;

  insertMessage(row: NewMessage): Promise<number>;
  messagesOf(subject: string): Promise<MessageRow[]>;

  insertAppeal(row: Omit<AppealRow, 'id'>): Promise<number>;
  getAppeal(id: number): Promise<AppealRow | undefined>;
  updateAppeal(row: AppealRow): Promise<void>;
  appealsOf(filter: { authority?: string; subject?: string; state?: AppealState }): Promise<AppealRow[]>;

  /** Inserts a dispute and returns its id; undefined, inserting nothing, when the record already has a pending one. */
  insertDispute(row: Omit<DisputeRow, 'id'>): Promise<number | undefined>;
  getDispute(id: number): Promise<DisputeRow | undefined>;
  updateDispute(row: DisputeRow): Promise<void>;
  disputesOf(filter: {
    authority?: string;
    subject?: string;
    state?: DisputeState;
    key?: string;
  }): Promise<DisputeRow[]>;
  /** The pending disputes of records about these subjects, in id order. */
  pendingDisputesOf(subjects: readonly string[]): Promise<DisputeRow[]>;
  /** Pending disputes whose deadline is at or before `now` and whose subject was not yet told, earliest deadline first. */
  overdueDisputes(now: number, limit: number): Promise<DisputeRow[]>;

  insertAccount(row: AccountRow): Promise<boolean>;
  getAccount(name: string): Promise<AccountRow | undefined>;
  listAccounts(): Promise<AccountRow[]>;
  /** The language an account chose for its pages, notices and messages (a locale such as zh-CN), or null. */
  accountLanguage(name: string): Promise<string | null>;
  /** Sets (or, with null, clears) an account's language. */
  setAccountLanguage(name: string, language: string | null): Promise<void>;
}

export type { EndReason };
