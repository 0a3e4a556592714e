import type { Selectable } from 'kysely';
import type { MailRepo, NoticeMailRow, SubjectSettingsRow } from '../mail-port.js';
import { compiledOnce } from './compiled.js';
import type { SqlRunner } from './dialect.js';
import type { NoticeMailTable, SubjectSettingsTable } from './tables.js';

/*
 * Subjects' contact settings and the e-mail outbox of notices (SPEC §13; docs/email.md): one
 * implementation for SQLite and PostgreSQL. A claim locks the rows it takes and skips those
 * another transaction holds where the database can (`dialect.can.skipLocked`): mail workers of
 * a fleet claim side by side; SQLite runs one write transaction at a time.
 */

const toSettings = (r: Selectable<SubjectSettingsTable>): SubjectSettingsRow => ({
  subject: r.subject,
  email: r.email,
  language: r.language,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

const toMail = (r: Selectable<NoticeMailTable>): NoticeMailRow => ({
  id: r.id,
  messageId: r.message_id,
  listingId: r.listing_id,
  subject: r.subject,
  address: r.address,
  language: r.language,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  smtpId: r.smtp_id,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

// Read and written for every notice the derive delivers (its e-mail queued in the same
// transaction): compiled once (docs/bench.md).
const SETTINGS_OF = compiledOnce(1, (sql, subject: string) =>
  sql.selectFrom('subject_settings').selectAll().where('subject', '=', subject),
);
const INSERT_NOTICE_MAIL = compiledOnce(
  8,
  (
    sql,
    messageId: number,
    listingId: number,
    subject: string,
    address: string | null,
    language: NoticeMailRow['language'],
    state: NoticeMailRow['state'],
    nextAttemptAt: number | null,
    createdAt: number,
  ) =>
    sql
      .insertInto('notice_mail')
      .values({
        message_id: messageId,
        listing_id: listingId,
        subject,
        address,
        language,
        state,
        next_attempt_at: nextAttemptAt,
        created_at: createdAt,
      })
      .returning('id'),
);

export function mailRepo({ dialect, all, run }: SqlRunner): MailRepo {
  const { sql } = dialect;
  const settings = () => sql.selectFrom('subject_settings').selectAll();
  const mails = () => sql.selectFrom('notice_mail').selectAll();
  return {
    async getSubjectSettings(subject) {
      const [r] = await all<Selectable<SubjectSettingsTable>>(SETTINGS_OF(dialect, subject));
      return r && toSettings(r);
    },
    async putSubjectSettings(r) {
      await run(
        sql
          .insertInto('subject_settings')
          .values({
            subject: r.subject,
            email: r.email,
            language: r.language,
            updated_at: r.updatedAt,
            updated_by: r.updatedBy,
          })
          .onConflict((oc) =>
            oc.column('subject').doUpdateSet((eb) => ({
              email: eb.ref('excluded.email'),
              language: eb.ref('excluded.language'),
              updated_at: eb.ref('excluded.updated_at'),
              updated_by: eb.ref('excluded.updated_by'),
            })),
          )
          .compile(),
      );
    },
    async listSubjectSettings() {
      return (await all<Selectable<SubjectSettingsTable>>(settings().orderBy('subject').compile())).map(toSettings);
    },
    async insertNoticeMail(r) {
      const [row] = await all<{ id: number }>(
        INSERT_NOTICE_MAIL(
          dialect,
          r.messageId,
          r.listingId,
          r.subject,
          r.address,
          r.language,
          r.state,
          r.nextAttemptAt,
          r.createdAt,
        ),
      );
      return row!.id;
    },
    async claimNoticeMail(now, leaseUntil, limit) {
      const due = sql
        .selectFrom('notice_mail')
        .select('id')
        .where('next_attempt_at', '<=', now)
        .where('state', 'in', ['queued', 'retrying'])
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit);
      const rows = await all<Selectable<NoticeMailTable>>(
        sql
          .updateTable('notice_mail')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
          .where('id', 'in', dialect.can.skipLocked ? due.forUpdate().skipLocked() : due)
          .returningAll()
          .compile(),
      );
      return rows.map(toMail).sort((a, b) => a.id - b.id);
    },
    async updateNoticeMail(id, c) {
      await run(
        sql
          .updateTable('notice_mail')
          .set({
            state: c.state,
            next_attempt_at: c.nextAttemptAt,
            last_error: c.lastError,
            smtp_id: c.smtpId,
            sent_at: c.sentAt,
          })
          .where('id', '=', id)
          .compile(),
      );
    },
    async noticeMails(subject) {
      const q = subject === undefined ? mails() : mails().where('subject', '=', subject);
      return (await all<Selectable<NoticeMailTable>>(q.orderBy('id').compile())).map(toMail);
    },
  };
}
