// The manual listings table; its repository is written once: src/store/sql/manual-listings-repo.ts.

/** Migration 9: the decisions behind listings of manual lists (sqlite-manual-listings.ts). */
export const MANUAL_LISTINGS_DDL = `
CREATE TABLE manual_listings (
  listing_id BIGINT PRIMARY KEY REFERENCES listings(id),
  authority TEXT COLLATE "C" NOT NULL,
  decision_key TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  list TEXT COLLATE "C" NOT NULL,
  subject TEXT COLLATE "C" NOT NULL,
  decided_by TEXT COLLATE "C" NOT NULL,
  reason TEXT NOT NULL,
  basis TEXT NOT NULL,
  evidence TEXT,
  term TEXT NOT NULL,
  decided_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX manual_listings_key ON manual_listings(authority, decision_key);
`;
