// The reports table; its repository is written once: src/store/sql/report-repo.ts.

/** Migration 16: reports from the public (SPEC §14). */
export const REPORTS_DDL = `
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
`;
