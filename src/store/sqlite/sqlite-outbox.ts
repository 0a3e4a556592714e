// The outbox's tables; their repository is written once: src/store/sql/outbox-repo.ts.

/** Migration 9: the transactional outbox, webhook endpoints and their deliveries (SPEC §13). */
export const OUTBOX_DDL = `
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
);
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
CREATE INDEX webhook_deliveries_order ON webhook_deliveries(endpoint_id, subject, event_seq) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries(endpoint_id, id);
`;

/**
 * Migration 16: events are fanned out by the delivery worker, not in the change's transaction.
 * Events already there were fanned out by the emit that wrote them (the default 1).
 */
export const FAN_OUT_DDL = `
ALTER TABLE outbox_events ADD COLUMN fanned INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox_events ADD COLUMN fan_cursor TEXT;
CREATE INDEX outbox_events_unfanned ON outbox_events(seq) WHERE fanned = 0;
CREATE INDEX outbox_events_unfanned_subject ON outbox_events(subject, seq) WHERE fanned = 0;
`;
