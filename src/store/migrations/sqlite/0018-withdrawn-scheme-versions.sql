
CREATE TABLE scheme_candidates_v18 (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('shadow', 'pending', 'live', 'withdrawn')),
  published_at INTEGER NOT NULL,
  published_by TEXT,
  requested_by TEXT,
  gate TEXT,
  decided_at INTEGER,
  decided_by TEXT,
  PRIMARY KEY (authority, scheme, version)
) WITHOUT ROWID;
INSERT INTO scheme_candidates_v18 SELECT authority, scheme, version, source, content, status, published_at, published_by, requested_by, gate, decided_at, decided_by FROM scheme_candidates;
DROP TABLE scheme_candidates;
ALTER TABLE scheme_candidates_v18 RENAME TO scheme_candidates;
