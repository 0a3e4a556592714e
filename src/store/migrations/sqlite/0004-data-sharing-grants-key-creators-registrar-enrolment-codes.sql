
CREATE TABLE shares (
  from_authority TEXT NOT NULL REFERENCES authorities(name),
  to_authority TEXT NOT NULL REFERENCES authorities(name),
  purpose TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  revoked_at INTEGER,
  PRIMARY KEY (from_authority, to_authority)
) WITHOUT ROWID;


ALTER TABLE api_keys ADD COLUMN created_by TEXT;

CREATE TABLE enrolments_v4 (
  code_hash TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  authority TEXT REFERENCES authorities(name),
  issued_by TEXT NOT NULL REFERENCES accounts(name),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  account TEXT REFERENCES accounts(name)
) WITHOUT ROWID;
INSERT INTO enrolments_v4 SELECT code_hash, subject, authority, issued_by, created_at, expires_at, used_at, account FROM enrolments;
DROP TABLE enrolments;
ALTER TABLE enrolments_v4 RENAME TO enrolments;
