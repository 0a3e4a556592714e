import type { MailRepo, NoticeMailRow, SubjectSettingsRow } from '../mail-port.js';
import type { PostgresContext } from './postgres-context.js';

const SETTINGS = `subject, email, language, updated_at AS "updatedAt", updated_by AS "updatedBy"`;
const MAIL = `id, message_id AS "messageId", listing_id AS "listingId", subject, address, language, state, attempts,
  next_attempt_at AS "nextAttemptAt", last_error AS "lastError", smtp_id AS "smtpId", created_at AS "createdAt", sent_at AS "sentAt"`;

/** Contact settings and the notice e-mail outbox. */
export function mailRepo({ q, run }: PostgresContext): MailRepo {
  return {
    async getSubjectSettings(subject) {
      return (await q<SubjectSettingsRow>(`SELECT ${SETTINGS} FROM subject_settings WHERE subject = $1`, [subject]))[0];
    },
    async putSubjectSettings(r) {
      await run(
        `INSERT INTO subject_settings(subject, email, language, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (subject) DO UPDATE SET email = excluded.email, language = excluded.language,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [r.subject, r.email, r.language, r.updatedAt, r.updatedBy],
      );
    },
    async listSubjectSettings() {
      return q<SubjectSettingsRow>(`SELECT ${SETTINGS} FROM subject_settings ORDER BY subject`);
    },
    async insertNoticeMail(r) {
      const [row] = await q<{ id: number }>(
        `INSERT INTO notice_mail(message_id, listing_id, subject, address, language, state, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [r.messageId, r.listingId, r.subject, r.address, r.language, r.state, r.nextAttemptAt, r.createdAt],
      );
      return Number(row!.id);
    },
    async claimNoticeMail(now, leaseUntil, limit) {
      // Workers of a fleet claim side by side: each skips the rows another has locked.
      return q<NoticeMailRow>(
        `UPDATE notice_mail SET attempts = attempts + 1, next_attempt_at = $2
         WHERE id IN (SELECT id FROM notice_mail WHERE next_attempt_at <= $1 AND state IN ('queued', 'retrying')
                      ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING ${MAIL}`,
        [now, leaseUntil, limit],
      ).then((rows) => rows.sort((a, b) => a.id - b.id));
    },
    async updateNoticeMail(id, c) {
      await run(
        'UPDATE notice_mail SET state = $1, next_attempt_at = $2, last_error = $3, smtp_id = $4, sent_at = $5 WHERE id = $6',
        [c.state, c.nextAttemptAt, c.lastError, c.smtpId, c.sentAt, id],
      );
    },
    async noticeMails(subject) {
      return subject === undefined
        ? q<NoticeMailRow>(`SELECT ${MAIL} FROM notice_mail ORDER BY id`)
        : q<NoticeMailRow>(`SELECT ${MAIL} FROM notice_mail WHERE subject = $1 ORDER BY id`, [subject]);
    },
  };
}
