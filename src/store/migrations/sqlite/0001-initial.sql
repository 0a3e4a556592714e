
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE authorities (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE actions (
  name TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  effect TEXT NOT NULL,
  description TEXT
) WITHOUT ROWID;

CREATE TABLE grants (
  authority TEXT NOT NULL REFERENCES authorities(name),
  action TEXT NOT NULL REFERENCES actions(name),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (authority, action)
) WITHOUT ROWID;

CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  authority TEXT NOT NULL,
  key TEXT NOT NULL,
  subject TEXT NOT NULL,
  kind TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  data TEXT NOT NULL,
  evidence TEXT,
  submitted_by TEXT,
  received_at INTEGER NOT NULL,
  hash TEXT NOT NULL,
  retracted_at INTEGER,
  retract_reason TEXT,
  retracted_by TEXT
);
CREATE UNIQUE INDEX records_authority_key ON records(authority, key);
CREATE INDEX records_subject ON records(subject, occurred_at);

CREATE TABLE scheme_versions (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  published_by TEXT,
  PRIMARY KEY (authority, scheme, version)
) WITHOUT ROWID;

CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  subject TEXT NOT NULL,
  at INTEGER NOT NULL,
  opt_in INTEGER NOT NULL,
  recorded_by TEXT
);
CREATE INDEX consents_subject ON consents(authority, scheme, subject, at);

CREATE TABLE dirty_subjects (subject TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE subject_states (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  subject TEXT NOT NULL,
  version INTEGER NOT NULL,
  judged INTEGER NOT NULL,
  score INTEGER,
  grade TEXT,
  lists TEXT NOT NULL,
  next_change INTEGER,
  evaluated_at INTEGER NOT NULL,
  PRIMARY KEY (authority, scheme, subject)
) WITHOUT ROWID;
CREATE INDEX subject_states_next ON subject_states(next_change) WHERE next_change IS NOT NULL;


CREATE TABLE listings (
  id INTEGER PRIMARY KEY,
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  list TEXT NOT NULL,
  list_type TEXT NOT NULL,
  subject TEXT NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  noticed_at INTEGER NOT NULL,
  effect_at INTEGER NOT NULL,
  active_since INTEGER,
  appealed INTEGER NOT NULL,
  ended_at INTEGER,
  end_reason TEXT
);
CREATE INDEX listings_open ON listings(authority, scheme, subject) WHERE state <> 'ended';
CREATE INDEX listings_subject ON listings(subject);
CREATE INDEX listings_due ON listings(effect_at) WHERE state = 'noticed';
-- One open listing per subject and list, whatever process writes (SPEC §6).
CREATE UNIQUE INDEX listings_one_open ON listings(authority, scheme, list, subject) WHERE state <> 'ended';

CREATE TABLE exemptions (
  authority TEXT NOT NULL, scheme TEXT NOT NULL, list TEXT NOT NULL, subject TEXT NOT NULL, since INTEGER NOT NULL,
  PRIMARY KEY (authority, scheme, list, subject)
) WITHOUT ROWID;

CREATE TABLE active_sanctions (
  listing_id INTEGER NOT NULL,
  subject TEXT NOT NULL,
  action TEXT NOT NULL,
  effect TEXT NOT NULL,
  limit_json TEXT,
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  list TEXT NOT NULL,
  since INTEGER NOT NULL,
  PRIMARY KEY (subject, action, listing_id)
) WITHOUT ROWID;
CREATE INDEX active_sanctions_listing ON active_sanctions(listing_id);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  kind TEXT NOT NULL,
  listing_id INTEGER,
  authority TEXT NOT NULL,
  at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX messages_subject ON messages(subject, id);

CREATE TABLE appeals (
  id INTEGER PRIMARY KEY,
  listing_id INTEGER NOT NULL UNIQUE,
  subject TEXT NOT NULL,
  authority TEXT NOT NULL,
  statement TEXT NOT NULL,
  filed_at INTEGER NOT NULL,
  filed_by TEXT,
  late INTEGER NOT NULL,
  deadline INTEGER NOT NULL,
  state TEXT NOT NULL,
  decided_by TEXT,
  decided_at INTEGER,
  reasons TEXT,
  retracted TEXT NOT NULL,
  exempt INTEGER NOT NULL
);
CREATE INDEX appeals_queue ON appeals(authority, state, deadline);

CREATE TABLE disputes (
  id INTEGER PRIMARY KEY,
  authority TEXT NOT NULL,
  key TEXT NOT NULL,
  subject TEXT NOT NULL,
  statement TEXT NOT NULL,
  filed_at INTEGER NOT NULL,
  filed_by TEXT,
  state TEXT NOT NULL,
  decided_by TEXT,
  decided_at INTEGER,
  reasons TEXT
);
CREATE INDEX disputes_queue ON disputes(authority, state, filed_at);

CREATE TABLE accounts (
  name TEXT PRIMARY KEY,
  authority TEXT,
  roles TEXT NOT NULL,
  subject TEXT,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;


CREATE TABLE audit_entries (
  chain TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (chain, seq)
) WITHOUT ROWID;

CREATE TABLE audit_heads (
  chain TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
) WITHOUT ROWID;


CREATE TABLE IF NOT EXISTS relying_parties (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS entitlements (
  party TEXT NOT NULL REFERENCES relying_parties(name),
  action TEXT NOT NULL REFERENCES actions(name),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (party, action)
) WITHOUT ROWID;

-- party is not a foreign key: the operator's own checks are logged as "operator".
CREATE TABLE IF NOT EXISTS access_log (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  party TEXT NOT NULL,
  action TEXT NOT NULL,
  effect TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS access_log_subject ON access_log(subject, id);


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
