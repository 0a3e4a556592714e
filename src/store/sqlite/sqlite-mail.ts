import type { MailRepo, NoticeMailRow, SubjectSettingsRow } from '../mail-port.js';
import type { SqliteContext } from './sqlite-context.js';

interface SettingsSql {
  subject: string;
  email: string | null;
  language: string;
  updated_at: number;
  updated_by: string | null;
}

const toSettings = (r: SettingsSql): SubjectSettingsRow => ({
  subject: r.subject,
  email: r.email,
  language: r.language as SubjectSettingsRow['language'],
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

interface MailSql {
  id: number;
  message_id: number;
  listing_id: number;
  subject: string;
  address: string | null;
  language: string;
  state: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  smtp_id: string | null;
  created_at: number;
  sent_at: number | null;
}

const toMail = (r: MailSql): NoticeMailRow => ({
  id: r.id,
  messageId: r.message_id,
  listingId: r.listing_id,
  subject: r.subject,
  address: r.address,
  language: r.language as NoticeMailRow['language'],
  state: r.state as NoticeMailRow['state'],
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  smtpId: r.smtp_id,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

/** Contact settings and the notice e-mail outbox. */
export function mailRepo({ st }: SqliteContext): MailRepo {
  return {
    async getSubjectSettings(subject) {
      const r = st('SELECT * FROM subject_settings WHERE subject = ?').get(subject) as SettingsSql | undefined;
      return r && toSettings(r);
    },
    async putSubjectSettings(r) {
      st(
        `INSERT INTO subject_settings(subject, email, language, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(subject) DO UPDATE SET email = excluded.email, language = excluded.language,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(r.subject, r.email, r.language, r.updatedAt, r.updatedBy);
    },
    async listSubjectSettings() {
      return (st('SELECT * FROM subject_settings ORDER BY subject').all() as SettingsSql[]).map(toSettings);
    },
    async insertNoticeMail(r) {
      return Number(
        st(
          `INSERT INTO notice_mail(message_id, listing_id, subject, address, language, state, next_attempt_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(r.messageId, r.listingId, r.subject, r.address, r.language, r.state, r.nextAttemptAt, r.createdAt)
          .lastInsertRowid,
      );
    },
    async claimNoticeMail(now, leaseUntil, limit) {
      // SQLite transactions run one at a time (BEGIN IMMEDIATE): no other worker reads between the select and the update.
      const rows = st(
        `SELECT * FROM notice_mail WHERE next_attempt_at <= ? AND state IN ('queued', 'retrying')
         ORDER BY next_attempt_at, id LIMIT ?`,
      ).all(now, limit) as MailSql[];
      const take = st('UPDATE notice_mail SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?');
      for (const r of rows) take.run(leaseUntil, r.id);
      return rows.map((r) => toMail({ ...r, attempts: r.attempts + 1, next_attempt_at: leaseUntil }));
    },
    async updateNoticeMail(id, c) {
      st(
        'UPDATE notice_mail SET state = ?, next_attempt_at = ?, last_error = ?, smtp_id = ?, sent_at = ? WHERE id = ?',
      ).run(c.state, c.nextAttemptAt, c.lastError, c.smtpId, c.sentAt, id);
    },
    async noticeMails(subject) {
      const rows =
        subject === undefined
          ? (st('SELECT * FROM notice_mail ORDER BY id').all() as MailSql[])
          : (st('SELECT * FROM notice_mail WHERE subject = ? ORDER BY id').all(subject) as MailSql[]);
      return rows.map(toMail);
    },
  };
}
