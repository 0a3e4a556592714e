// The tables of authority kinds, API keys, passwords, sessions and enrolment codes; their repository is written once: src/store/sql/auth-repo.ts.

// IF NOT EXISTS: the tables can also be added to a database made before they existed.
// Secrets never reach these tables: only SHA-256 (keys, tokens, codes) or scrypt (passwords) hashes.
export const AUTH_DDL = `
CREATE TABLE IF NOT EXISTS authority_kinds (
  name TEXT PRIMARY KEY REFERENCES authorities(name),
  kind TEXT NOT NULL CHECK (kind IN ('government', 'business', 'platform')),
  title TEXT
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  authority TEXT REFERENCES authorities(name),
  roles TEXT NOT NULL,
  party TEXT REFERENCES relying_parties(name),
  label TEXT,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER,
  CHECK ((authority IS NULL) <> (party IS NULL))
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS passwords (
  account TEXT PRIMARY KEY REFERENCES accounts(name),
  hash TEXT NOT NULL,
  changed_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  account TEXT NOT NULL REFERENCES accounts(name),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_account ON sessions(account);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions(expires_at);

CREATE TABLE IF NOT EXISTS enrolments (
  code_hash TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  authority TEXT NOT NULL REFERENCES authorities(name),
  issued_by TEXT NOT NULL REFERENCES accounts(name),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  account TEXT REFERENCES accounts(name)
) WITHOUT ROWID;
`;

/**
 * Migration 4: a key names the account that created it (the four-eyes rule looks through
 * keys to people), and an enrolment code issued by the operator's registrar belongs to no
 * authority. SQLite cannot drop NOT NULL in place: the enrolments table is rebuilt.
 */
export const AUTH_V4_DDL = `
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
`;
