import type { SchemeRef } from './store.js';

/** One entry of a published list (SPEC §8): who is on it and since when its sanctions apply. */
export interface PublicEntryRow {
  readonly listing: number;
  readonly subject: string;
  /** When the listing became active (its sanctions started applying). */
  readonly since: number;
}

/** Listings of one authority: how many were ever created, and how many of them have ended. */
export interface ListingCountRow {
  readonly authority: string;
  readonly started: number;
  readonly ended: number;
}

/** Appeals of one authority by outcome. */
export interface AppealCountRow {
  readonly authority: string;
  readonly filed: number;
  readonly upheld: number;
  readonly overturned: number;
}

/** Record disputes with one authority: filed, still pending, and pending past their deadline at an instant. */
export interface DisputeCountRow {
  readonly authority: string;
  readonly filed: number;
  readonly pending: number;
  readonly overdue: number;
}

/**
 * The reads behind the public transparency pages (SPEC §8): published list entries and
 * aggregate counts. Read only; nothing here identifies a subject except the entries of a
 * list its authority chose to publish.
 */
export interface TransparencyRepo {
  /** Active listings of one list, in subject order (code points), subject > `after`, at most `limit`. */
  activeEntriesOfList(ref: SchemeRef, list: string, after: string | null, limit: number): Promise<PublicEntryRow[]>;
  /** Listings started and ended, per authority that has any, in authority order. */
  listingCountsByAuthority(): Promise<ListingCountRow[]>;
  /** Appeals filed, upheld and overturned, per authority that has any, in authority order. */
  appealCountsByAuthority(): Promise<AppealCountRow[]>;
  /**
   * Among the decided appeals of one authority, ordered by time to decision (decidedAt −
   * filedAt, ms) ascending, that time at 0-based position `index`; undefined past the end.
   * Lets the engine take a median without loading every appeal.
   */
  appealDecisionTimeAt(authority: string, index: number): Promise<number | undefined>;
  /** Disputes filed, pending, and pending with their deadline at or before `now`, per authority that has any, in authority order. */
  disputeCountsByAuthority(now: number): Promise<DisputeCountRow[]>;
}
