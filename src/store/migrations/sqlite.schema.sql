-- The sqlite schema after every migration, read back from a fresh database.
-- Written by `npm run schema:snapshot`; do not edit (src/store/migrations/README.md).

CREATE TABLE access_log (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  party TEXT NOT NULL,
  action TEXT NOT NULL,
  effect TEXT NOT NULL,
  at INTEGER NOT NULL
, decision TEXT);

CREATE UNIQUE INDEX access_log_decision ON access_log(decision) WHERE decision IS NOT NULL;

CREATE INDEX access_log_subject ON access_log(subject, id);

CREATE TABLE account_settings (
  account TEXT PRIMARY KEY REFERENCES accounts(name),
  language TEXT NOT NULL
);

CREATE TABLE accounts (
  name TEXT PRIMARY KEY,
  authority TEXT,
  roles TEXT NOT NULL,
  subject TEXT,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE actions (
  name TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  effect TEXT NOT NULL,
  description TEXT
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

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  authority TEXT REFERENCES authorities(name),
  roles TEXT NOT NULL,
  party TEXT REFERENCES relying_parties(name),
  label TEXT,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER, created_by TEXT,
  CHECK ((authority IS NULL) <> (party IS NULL))
) WITHOUT ROWID;

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

CREATE TABLE audit_checkpoints (
  id INTEGER PRIMARY KEY,
  chain TEXT NOT NULL,
  size INTEGER NOT NULL,
  head TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE INDEX audit_checkpoints_chain ON audit_checkpoints(chain, id);

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

CREATE TABLE authorities (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE authority_kinds (
  name TEXT PRIMARY KEY REFERENCES authorities(name),
  kind TEXT NOT NULL CHECK (kind IN ('government', 'business', 'platform')),
  title TEXT
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
, deadline_at INTEGER, overdue_at INTEGER);

CREATE INDEX disputes_due ON disputes((COALESCE(deadline_at, filed_at + 2592000000))) WHERE state = 'pending' AND overdue_at IS NULL;

CREATE UNIQUE INDEX disputes_one_pending ON disputes(authority, key) WHERE state = 'pending';

CREATE INDEX disputes_pending_subject ON disputes(subject) WHERE state = 'pending';

CREATE INDEX disputes_queue ON disputes(authority, state, filed_at);

CREATE TABLE "enrolments" (
  code_hash TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  authority TEXT REFERENCES authorities(name),
  issued_by TEXT NOT NULL REFERENCES accounts(name),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  account TEXT REFERENCES accounts(name)
) WITHOUT ROWID;

CREATE TABLE entitlements (
  party TEXT NOT NULL REFERENCES relying_parties(name),
  action TEXT NOT NULL REFERENCES actions(name),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (party, action)
) WITHOUT ROWID;

CREATE TABLE exemptions (
  authority TEXT NOT NULL, scheme TEXT NOT NULL, list TEXT NOT NULL, subject TEXT NOT NULL, since INTEGER NOT NULL,
  PRIMARY KEY (authority, scheme, list, subject)
) WITHOUT ROWID;

CREATE TABLE grants (
  authority TEXT NOT NULL REFERENCES authorities(name),
  action TEXT NOT NULL REFERENCES actions(name),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (authority, action)
) WITHOUT ROWID;

CREATE VIEW inbox AS
  SELECT m.id, m.subject, m.kind, m.listing_id, m.authority, m.at,
    CASE WHEN m.kind = 'notice' THEN n.body ELSE m.body END AS body
  FROM messages m LEFT JOIN notices n ON n.id = m.id;

CREATE TABLE lifted_notices (
  id INTEGER PRIMARY KEY,
  party TEXT NOT NULL,
  subject TEXT NOT NULL,
  listing_id INTEGER NOT NULL,
  authority TEXT NOT NULL,
  actions TEXT NOT NULL,
  cause TEXT NOT NULL,
  at INTEGER NOT NULL
);

CREATE INDEX lifted_notices_party ON lifted_notices(party, id);

CREATE INDEX lifted_notices_subject ON lifted_notices(subject, id);

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
, term TEXT, term_ends_at INTEGER, received_at INTEGER);

CREATE INDEX listings_next ON listings((CASE WHEN state = 'noticed' THEN (CASE WHEN received_at IS NULL THEN noticed_at + 172800000 ELSE effect_at END) ELSE term_ends_at END)) WHERE state <> 'ended';

CREATE UNIQUE INDEX listings_one_open ON listings(authority, scheme, list, subject) WHERE state <> 'ended';

CREATE INDEX listings_open ON listings(authority, scheme, subject) WHERE state <> 'ended';

CREATE INDEX listings_subject ON listings(subject);

CREATE TABLE manual_listings (
  listing_id INTEGER PRIMARY KEY REFERENCES listings(id),
  authority TEXT NOT NULL,
  decision_key TEXT NOT NULL,
  scheme TEXT NOT NULL,
  list TEXT NOT NULL,
  subject TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  basis TEXT NOT NULL,
  evidence TEXT,
  term TEXT NOT NULL,
  decided_at INTEGER NOT NULL
);

CREATE UNIQUE INDEX manual_listings_key ON manual_listings(authority, decision_key);

CREATE TABLE match_sets (
  id INTEGER PRIMARY KEY,
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  layout TEXT NOT NULL,
  complete INTEGER NOT NULL DEFAULT 0,
  UNIQUE (authority, scheme, version)
);

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

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE notice_mail (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL UNIQUE,
  listing_id INTEGER NOT NULL,
  subject TEXT NOT NULL,
  address TEXT,
  language TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_error TEXT,
  smtp_id TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);

CREATE INDEX notice_mail_due ON notice_mail(next_attempt_at) WHERE next_attempt_at IS NOT NULL;

CREATE INDEX notice_mail_subject ON notice_mail(subject, id);

CREATE TABLE notices (
  id INTEGER PRIMARY KEY,
  listing_id INTEGER NOT NULL UNIQUE,
  subject TEXT NOT NULL,
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  list TEXT NOT NULL,
  noticed_at INTEGER NOT NULL,
  effect_at INTEGER NOT NULL,
  effect_provisional INTEGER NOT NULL,
  term_ends_at INTEGER,
  appeal_until INTEGER NOT NULL,
  body TEXT NOT NULL
);

CREATE INDEX notices_subject ON notices(subject, id);

CREATE TABLE outbox_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  authority TEXT NOT NULL,
  subject TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  payload TEXT NOT NULL,
  parties TEXT NOT NULL
, fanned INTEGER NOT NULL DEFAULT 1, fan_cursor TEXT);

CREATE INDEX outbox_events_unfanned ON outbox_events(seq) WHERE fanned = 0;

CREATE INDEX outbox_events_unfanned_subject ON outbox_events(subject, seq) WHERE fanned = 0;

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

CREATE TABLE passwords (
  account TEXT PRIMARY KEY REFERENCES accounts(name),
  hash TEXT NOT NULL,
  changed_at INTEGER NOT NULL
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

CREATE TABLE relying_parties (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  authority TEXT NOT NULL,
  subject TEXT NOT NULL,
  kind TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  data TEXT NOT NULL,
  description TEXT NOT NULL,
  reporter TEXT NOT NULL,
  reporter_authority TEXT,
  filed_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  decided_by TEXT,
  decided_at INTEGER,
  reasons TEXT,
  record_key TEXT
) WITHOUT ROWID;

CREATE INDEX reports_queue ON reports(authority, state, filed_at);

CREATE INDEX reports_reporter ON reports(reporter, authority, filed_at);

CREATE INDEX reports_subject ON reports(subject);

CREATE TABLE "scheme_candidates" (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('shadow', 'pending', 'live', 'withdrawn')),
  published_at INTEGER NOT NULL,
  published_by TEXT,
  requested_by TEXT,
  gate TEXT,
  decided_at INTEGER,
  decided_by TEXT,
  PRIMARY KEY (authority, scheme, version)
) WITHOUT ROWID;

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

CREATE TABLE second_instances (
  id INTEGER PRIMARY KEY,
  appeal_id INTEGER NOT NULL UNIQUE,
  listing_id INTEGER NOT NULL,
  subject TEXT NOT NULL,
  authority TEXT NOT NULL,
  reviewers TEXT NOT NULL,
  first_reviewer TEXT NOT NULL,
  statement TEXT NOT NULL,
  filed_at INTEGER NOT NULL,
  filed_by TEXT,
  deadline INTEGER NOT NULL,
  suspends INTEGER NOT NULL,
  state TEXT NOT NULL,
  decided_by TEXT,
  decided_at INTEGER,
  reasons TEXT,
  exempt INTEGER NOT NULL
);

CREATE INDEX second_instances_queue ON second_instances(reviewers, state, deadline);

CREATE INDEX second_instances_subject ON second_instances(subject);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account TEXT NOT NULL REFERENCES accounts(name),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_account ON sessions(account);

CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE shadow_states (
  authority TEXT NOT NULL,
  scheme TEXT NOT NULL,
  version INTEGER NOT NULL,
  subject TEXT NOT NULL,
  judged INTEGER NOT NULL,
  score INTEGER,
  grade TEXT,
  lists TEXT NOT NULL,
  next_change INTEGER,
  evaluated_at INTEGER NOT NULL,
  PRIMARY KEY (authority, scheme, version, subject)
) WITHOUT ROWID;

CREATE INDEX shadow_states_subject ON shadow_states(subject);

CREATE TABLE shares (
  from_authority TEXT NOT NULL REFERENCES authorities(name),
  to_authority TEXT NOT NULL REFERENCES authorities(name),
  purpose TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  revoked_at INTEGER,
  PRIMARY KEY (from_authority, to_authority)
) WITHOUT ROWID;

CREATE TABLE subject_matches (
  subject TEXT NOT NULL,
  set_id INTEGER NOT NULL,
  facts BLOB NOT NULL,
  strings TEXT,
  PRIMARY KEY (subject, set_id)
) WITHOUT ROWID;

CREATE TABLE subject_settings (
  subject TEXT PRIMARY KEY,
  email TEXT,
  language TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT
) WITHOUT ROWID;

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

CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),
  event_seq INTEGER NOT NULL REFERENCES outbox_events(seq),
  subject TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  next_at INTEGER NOT NULL,
  last_at INTEGER,
  last_status TEXT,
  last_latency_ms INTEGER,
  delivered_at INTEGER,
  UNIQUE (endpoint_id, event_seq)
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_at, id) WHERE state = 'pending';

CREATE INDEX webhook_deliveries_log ON webhook_deliveries(endpoint_id, id);

CREATE INDEX webhook_deliveries_order ON webhook_deliveries(endpoint_id, subject, event_seq) WHERE state = 'pending';

CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  party TEXT,
  authority TEXT,
  secret_generation INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  disabled_at INTEGER,
  CHECK (party IS NULL OR authority IS NULL)
);
