// The manual listings table; its repository is written once: src/store/sql/manual-listings-repo.ts.

/** Migration 9: the decisions behind listings of manual lists (SPEC §6), one per listing, unique by key per authority. */
export const MANUAL_LISTINGS_DDL = `
CREATE TABLE manual_listings (
  listing_id INTEGER PRIMARY KEY REFERENCES listings(id),
  authority TEXT NOT NULL,
  decision_key TEXT NOT NULL,
  scheme TEXT NOT NULL,
  list TEXT NOT NULL,
  subject TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  basis TEXT NOT NULL,
  evidence TEXT,
  term TEXT NOT NULL,
  decided_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX manual_listings_key ON manual_listings(authority, decision_key);
`;
