// The passes table; its repository is written once: src/store/sql/pass-repo.ts.

/** Migration 9: passes (SPEC §14); the token is kept only as its SHA-256. */
export const PASSES_DDL = `
CREATE TABLE passes (
  id TEXT COLLATE "C" PRIMARY KEY,
  subject TEXT COLLATE "C" NOT NULL,
  purpose TEXT COLLATE "C" NOT NULL,
  recipient TEXT COLLATE "C",
  token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  created_by TEXT COLLATE "C"
);
CREATE INDEX passes_subject ON passes(subject, created_at);
`;
