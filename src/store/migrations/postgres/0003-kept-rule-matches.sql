
CREATE TABLE match_sets (
  id BIGSERIAL PRIMARY KEY,
  authority TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  layout TEXT NOT NULL,
  complete BOOLEAN NOT NULL DEFAULT false,
  UNIQUE (authority, scheme, version)
);
CREATE TABLE subject_matches (
  subject TEXT COLLATE "C" NOT NULL,
  set_id BIGINT NOT NULL,
  facts BYTEA NOT NULL,
  strings TEXT,
  PRIMARY KEY (subject, set_id)
);
