// The table of data-sharing grants; its repository is written once: src/store/sql/sharing-repo.ts.

/** Migration 4: data-sharing grants between authorities (SPEC §4). */
export const SHARING_DDL = `
CREATE TABLE shares (
  from_authority TEXT COLLATE "C" NOT NULL REFERENCES authorities(name),
  to_authority TEXT COLLATE "C" NOT NULL REFERENCES authorities(name),
  purpose TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  revoked_at BIGINT,
  PRIMARY KEY (from_authority, to_authority)
);
`;
