// The mail tables; their repository is written once: src/store/sql/mail-repo.ts.

/** Migration 9: subjects' contact settings and the e-mail outbox of notices (SPEC §13; docs/email.md). */
export const MAIL_DDL = `
CREATE TABLE subject_settings (
  subject TEXT PRIMARY KEY,
  email TEXT,
  language TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT
) WITHOUT ROWID;
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
`;
