// The tables of shadow and pending versions; their repository is written once: src/store/sql/candidates-repo.ts.

/** Migration 14: shadow and pending scheme versions, and the states of shadow versions (kept apart from subject_states). */
export const CANDIDATES_DDL = `
CREATE TABLE scheme_candidates (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('shadow', 'pending', 'live')),
  published_at INTEGER NOT NULL,
  published_by TEXT,
  requested_by TEXT,
  gate TEXT,
  decided_at INTEGER,
  decided_by TEXT,
  PRIMARY KEY (authority, scheme, version)
) WITHOUT ROWID;
CREATE TABLE shadow_states (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  subject TEXT NOT NULL,
  judged INTEGER NOT NULL,
  score INTEGER,
  grade TEXT,
  lists TEXT NOT NULL,
  next_change INTEGER,
  evaluated_at INTEGER NOT NULL,
  PRIMARY KEY (authority, scheme, version, subject)
) WITHOUT ROWID;
CREATE INDEX shadow_states_subject ON shadow_states(subject);
`;

/** Migration 18: a shadow or pending version may be withdrawn (a CHECK is changed by rebuilding the table). */
export const WITHDRAWN_DDL = `
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
`;
