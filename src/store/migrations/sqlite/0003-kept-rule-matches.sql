
CREATE TABLE match_sets (
  id INTEGER PRIMARY KEY,
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  layout TEXT NOT NULL,
  complete INTEGER NOT NULL DEFAULT 0,
  UNIQUE (authority, scheme, version)
);
CREATE TABLE subject_matches (
  subject TEXT NOT NULL,
  set_id INTEGER NOT NULL,
  facts BLOB NOT NULL,
  strings TEXT,
  PRIMARY KEY (subject, set_id)
) WITHOUT ROWID;
