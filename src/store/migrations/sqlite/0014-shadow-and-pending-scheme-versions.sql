
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
