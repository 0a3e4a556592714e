/** The SQLite schema. BINARY collation compares UTF-8 bytes, which is code-point order (SPEC §9). */

export const SQLITE_SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE authorities (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE actions (
  name TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  effect TEXT NOT NULL,
  description TEXT
) WITHOUT ROWID;

CREATE TABLE grants (
  authority TEXT NOT NULL REFERENCES authorities(name),
  action TEXT NOT NULL REFERENCES actions(name),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (authority, action)
) WITHOUT ROWID;

CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  authority TEXT NOT NULL,
  key TEXT NOT NULL,
  subject TEXT NOT NULL,
  kind TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  data TEXT NOT NULL,
  evidence TEXT,
  submitted_by TEXT,
  received_at INTEGER NOT NULL,
  hash TEXT NOT NULL,
  retracted_at INTEGER,
  retract_reason TEXT,
  retracted_by TEXT
);
CREATE UNIQUE INDEX records_authority_key ON records(authority, key);
CREATE INDEX records_subject ON records(subject, occurred_at);

CREATE TABLE scheme_versions (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  published_by TEXT,
  PRIMARY KEY (authority, scheme, version)
) WITHOUT ROWID;

CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  subject TEXT NOT NULL,
  at INTEGER NOT NULL,
  opt_in INTEGER NOT NULL,
  recorded_by TEXT
);
CREATE INDEX consents_subject ON consents(authority, scheme, subject, at);

CREATE TABLE dirty_subjects (subject TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE subject_states (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  subject TEXT NOT NULL,
  version INTEGER NOT NULL,
  judged INTEGER NOT NULL,
  score INTEGER,
  grade TEXT,
  lists TEXT NOT NULL,
  next_change INTEGER,
  evaluated_at INTEGER NOT NULL,
  PRIMARY KEY (authority, scheme, subject)
) WITHOUT ROWID;
CREATE INDEX subject_states_next ON subject_states(next_change) WHERE next_change IS NOT NULL;
`;
