// The tables of authority kinds, API keys, passwords, sessions and enrolment codes; their repository is written once: src/store/sql/auth-repo.ts.

// Secrets never reach these tables: only SHA-256 (keys, tokens, codes) or scrypt (passwords) hashes.
export const AUTH_DDL = `
CREATE TABLE authority_kinds (
  name TEXT COLLATE "C" PRIMARY KEY REFERENCES authorities(name),
  kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('government', 'business', 'platform')),
  title TEXT
);

CREATE TABLE api_keys (
  id TEXT COLLATE "C" PRIMARY KEY,
  hash TEXT COLLATE "C" NOT NULL,
  authority TEXT COLLATE "C" REFERENCES authorities(name),
  roles TEXT[] NOT NULL,
  party TEXT COLLATE "C" REFERENCES relying_parties(name),
  label TEXT,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT,
  CHECK ((authority IS NULL) <> (party IS NULL))
);

CREATE TABLE passwords (
  account TEXT COLLATE "C" PRIMARY KEY REFERENCES accounts(name),
  hash TEXT NOT NULL,
  changed_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  account TEXT COLLATE "C" NOT NULL REFERENCES accounts(name),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE enrolments (
  code_hash TEXT COLLATE "C" PRIMARY KEY,
  subject TEXT COLLATE "C" NOT NULL,
  authority TEXT COLLATE "C" NOT NULL REFERENCES authorities(name),
  issued_by TEXT COLLATE "C" NOT NULL REFERENCES accounts(name),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  account TEXT COLLATE "C" REFERENCES accounts(name)
);
`;

/**
 * Migration 4: a key names the account that created it; a registrar's enrolment code belongs
 * to no authority. The enrolments table is rebuilt as SQLite must (sqlite-auth.ts), so both
 * dialects take the same steps.
 */
export const AUTH_V4_DDL = `
ALTER TABLE api_keys ADD COLUMN created_by TEXT COLLATE "C";

CREATE TABLE enrolments_v4 (
  code_hash TEXT COLLATE "C" PRIMARY KEY,
  subject TEXT COLLATE "C" NOT NULL,
  authority TEXT COLLATE "C" REFERENCES authorities(name),
  issued_by TEXT COLLATE "C" NOT NULL REFERENCES accounts(name),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  account TEXT COLLATE "C" REFERENCES accounts(name)
);
INSERT INTO enrolments_v4 SELECT code_hash, subject, authority, issued_by, created_at, expires_at, used_at, account FROM enrolments;
DROP TABLE enrolments;
ALTER TABLE enrolments_v4 RENAME TO enrolments;
ALTER INDEX enrolments_v4_pkey RENAME TO enrolments_pkey;
`;
