// The reports table; its repository is written once: src/store/sql/report-repo.ts.

/** Migration 16: reports from the public (SPEC §14). */
export const REPORTS_DDL = `
CREATE TABLE reports (
  id TEXT COLLATE "C" PRIMARY KEY,
  authority TEXT COLLATE "C" NOT NULL,
  subject TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  occurred_at BIGINT NOT NULL,
  data TEXT NOT NULL,
  description TEXT NOT NULL,
  reporter TEXT COLLATE "C" NOT NULL,
  reporter_authority TEXT COLLATE "C",
  filed_at BIGINT NOT NULL,
  state TEXT COLLATE "C" NOT NULL,
  decided_by TEXT COLLATE "C",
  decided_at BIGINT,
  reasons TEXT,
  record_key TEXT COLLATE "C"
);
CREATE INDEX reports_queue ON reports(authority, state, filed_at);
CREATE INDEX reports_reporter ON reports(reporter, authority, filed_at);
CREATE INDEX reports_subject ON reports(subject);
`;
