// The table of data-sharing grants; its repository is written once: src/store/sql/sharing-repo.ts.

/** Migration 4: data-sharing grants between authorities (SPEC §4). */
export const SHARING_DDL = `
CREATE TABLE shares (
  from_authority TEXT NOT NULL REFERENCES authorities(name),
  to_authority TEXT NOT NULL REFERENCES authorities(name),
  purpose TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  revoked_at INTEGER,
  PRIMARY KEY (from_authority, to_authority)
) WITHOUT ROWID;
`;
