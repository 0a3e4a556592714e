/**
 * The individual decision behind a listing of a manual list (SPEC §6, Listings by decision):
 * one row per listing, unique per authority by the decision's key, so a decision submitted
 * twice (a re-run import) opens one listing.
 */
export interface ManualListingRow {
  readonly listingId: number;
  readonly authority: string;
  /** The authority's key for the decision (a case or order number). */
  readonly key: string;
  readonly scheme: string;
  readonly list: string;
  readonly subject: string;
  /** The account (or "key:ID") that opened it; it may not review the listing. */
  readonly by: string;
  readonly reason: string;
  readonly basis: string;
  readonly evidence: string | null;
  /** The term the decision set (ISO 8601). */
  readonly term: string;
  readonly decidedAt: number;
}

/** Decisions behind manual listings. */
export interface ManualListingsRepo {
  /** Stores a decision; false (nothing written) when the authority already has one with that key. */
  insertManualListing(row: ManualListingRow): Promise<boolean>;
  /** The decision an authority recorded under `key`, if any. */
  manualListingByKey(authority: string, key: string): Promise<ManualListingRow | undefined>;
  /** The decision behind a listing, if it is a listing by decision. */
  manualListingOf(listingId: number): Promise<ManualListingRow | undefined>;
  /** Every decision, in listing id order (`audit verify`). */
  manualListings(): Promise<ManualListingRow[]>;
}
