
CREATE TABLE scheme_candidates_v18 (
  authority TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('shadow', 'pending', 'live', 'withdrawn')),
  published_at BIGINT NOT NULL,
  published_by TEXT COLLATE "C",
  requested_by TEXT COLLATE "C",
  gate TEXT,
  decided_at BIGINT,
  decided_by TEXT COLLATE "C",
  PRIMARY KEY (authority, scheme, version)
);
INSERT INTO scheme_candidates_v18 SELECT authority, scheme, version, source, content, status, published_at, published_by, requested_by, gate, decided_at, decided_by FROM scheme_candidates;
DROP TABLE scheme_candidates;
ALTER TABLE scheme_candidates_v18 RENAME TO scheme_candidates;
ALTER INDEX scheme_candidates_v18_pkey RENAME TO scheme_candidates_pkey;
