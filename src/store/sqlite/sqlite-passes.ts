// The passes table; its repository is written once: src/store/sql/pass-repo.ts.

/** Migration 9: passes (SPEC §14); the token is kept only as its SHA-256. */
export const PASSES_DDL = `
CREATE TABLE passes (
  id TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  purpose TEXT NOT NULL,
  recipient TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  created_by TEXT
) WITHOUT ROWID;
CREATE INDEX passes_subject ON passes(subject, created_at);
`;
