
CREATE TABLE shares (
  from_authority TEXT COLLATE "C" NOT NULL REFERENCES authorities(name),
  to_authority TEXT COLLATE "C" NOT NULL REFERENCES authorities(name),
  purpose TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  revoked_at BIGINT,
  PRIMARY KEY (from_authority, to_authority)
);


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
