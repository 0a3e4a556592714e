// The tables of shadow and pending versions; their repository is written once: src/store/sql/candidates-repo.ts.

/** Migration 18: a shadow or pending version may be withdrawn (the table rebuilt, as SQLite must). */
export const WITHDRAWN_DDL = `
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
`;

/** Migration 14: shadow and pending scheme versions, and the states of shadow versions (kept apart from subject_states). */
export const CANDIDATES_DDL = `
CREATE TABLE scheme_candidates (
  authority TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('shadow', 'pending', 'live')),
  published_at BIGINT NOT NULL,
  published_by TEXT COLLATE "C",
  requested_by TEXT COLLATE "C",
  gate TEXT,
  decided_at BIGINT,
  decided_by TEXT COLLATE "C",
  PRIMARY KEY (authority, scheme, version)
);
CREATE TABLE shadow_states (
  authority TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  subject TEXT COLLATE "C" NOT NULL,
  judged BOOLEAN NOT NULL,
  score DOUBLE PRECISION,
  grade TEXT COLLATE "C",
  lists JSONB NOT NULL,
  next_change BIGINT,
  evaluated_at BIGINT NOT NULL,
  PRIMARY KEY (authority, scheme, version, subject)
);
CREATE INDEX shadow_states_subject ON shadow_states(subject);
`;
