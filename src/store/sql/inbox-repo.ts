import type { DueProcessRepo, MessageRow } from '../due-process-port.js';
import type { SqlRunner } from './dialect.js';
import type { InboxView } from './tables.js';

/*
 * A subject's inbox (SPEC §6): messages other than notices, and every message read through the
 * view `inbox` (a notice's body is its statement, notices-repo.ts). One implementation for SQLite
 * and PostgreSQL.
 */

export type InboxRepo = Pick<DueProcessRepo, 'insertMessage' | 'messagesOf'>;

export function inboxRepo({ dialect, all }: SqlRunner): InboxRepo {
  const { sql } = dialect;
  return {
    async insertMessage(m) {
      const [row] = await all<{ id: number }>(
        sql
          .insertInto('messages')
          .values({
            subject: m.subject,
            kind: m.kind,
            listing_id: m.listingId,
            authority: m.authority,
            at: m.at,
            body: m.bodyJson ?? JSON.stringify(m.body),
          })
          .returning('id')
          .compile(),
      );
      return row!.id;
    },
    async messagesOf(subject) {
      const rows = await all<InboxView>(
        sql.selectFrom('inbox').selectAll().where('subject', '=', subject).orderBy('id').compile(),
      );
      return rows.map(
        (r): MessageRow => ({
          id: r.id,
          subject: r.subject,
          kind: r.kind as MessageRow['kind'],
          listingId: r.listing_id,
          authority: r.authority,
          at: r.at,
          body: JSON.parse(r.body) as Record<string, unknown>,
        }),
      );
    },
  };
}
