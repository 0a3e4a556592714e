
CREATE TABLE scheme_candidates (
  authority TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('shadow', 'pending', 'live')),
  published_at BIGINT NOT NULL,
  published_by TEXT COLLATE "C",
  requested_by TEXT COLLATE "C",
  gate TEXT,
  decided_at BIGINT,
  decided_by TEXT COLLATE "C",
  PRIMARY KEY (authority, scheme, version)
);
CREATE TABLE shadow_states (
  authority TEXT COLLATE "C" NOT NULL,
  scheme TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  subject TEXT COLLATE "C" NOT NULL,
  judged BOOLEAN NOT NULL,
  score DOUBLE PRECISION,
  grade TEXT COLLATE "C",
  lists JSONB NOT NULL,
  next_change BIGINT,
  evaluated_at BIGINT NOT NULL,
  PRIMARY KEY (authority, scheme, version, subject)
);
CREATE INDEX shadow_states_subject ON shadow_states(subject);
