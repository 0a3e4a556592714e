
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
