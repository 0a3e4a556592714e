import type { DueProcessRepo, MessageRow } from '../due-process-port.js';
import { compiledOnce } from './compiled.js';
import type { SqlRunner } from './dialect.js';
import type { InboxView } from './tables.js';

/*
 * A subject's inbox (SPEC §6): messages other than notices, and every message read through the
 * view `inbox` (a notice's body is its statement, notices-repo.ts). One implementation for SQLite
 * and PostgreSQL.
 */

export type InboxRepo = Pick<DueProcessRepo, 'insertMessage' | 'messagesOf'>;

/** A message's row, returning its id: one for every notice and message the derive delivers, so compiled once. */
export const INSERT_MESSAGE = compiledOnce(
  6,
  (sql, subject: string, kind: string, listingId: number | null, authority: string, at: number, body: string) =>
    sql.insertInto('messages').values({ subject, kind, listing_id: listingId, authority, at, body }).returning('id'),
);

export function inboxRepo({ dialect, all }: SqlRunner): InboxRepo {
  const { sql } = dialect;
  return {
    async insertMessage(m) {
      const [row] = await all<{ id: number }>(
        INSERT_MESSAGE(
          dialect,
          m.subject,
          m.kind,
          m.listingId,
          m.authority,
          m.at,
          m.bodyJson ?? JSON.stringify(m.body),
        ),
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
