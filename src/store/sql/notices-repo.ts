import type { Insertable } from 'kysely';
import { noticeIndex, type NoticeBody } from '../../core/notice.js';
import type { NoticeRow, NoticesRepo } from '../notices-port.js';
import { compiledOnce } from './compiled.js';
import type { SqlRunner } from './dialect.js';
import { INSERT_MESSAGE } from './inbox-repo.js';
import type { NoticesTable } from './tables.js';

/*
 * Notices (SPEC §6) with typed columns, written once for SQLite and PostgreSQL. A notice and
 * its inbox message share an id: the message row keeps the inbox's order and kind, the notice
 * row the statement and what the engine looks up (its listing, its instants).
 */

/** A notice's typed row: one for every listing noticed, so compiled once (docs/bench.md). */
const NOTICE_COLUMNS = [
  'id',
  'listing_id',
  'subject',
  'authority',
  'scheme',
  'version',
  'list',
  'noticed_at',
  'effect_at',
  'effect_provisional',
  'term_ends_at',
  'appeal_until',
  'body',
] as const satisfies readonly (keyof NoticesTable)[];
const INSERT_NOTICE = compiledOnce<unknown[]>(NOTICE_COLUMNS.length, (sql, ...values) =>
  sql
    .insertInto('notices')
    .values(Object.fromEntries(NOTICE_COLUMNS.map((c, i) => [c, values[i]])) as unknown as Insertable<NoticesTable>),
);

export function noticesRepo({ dialect, all, run }: SqlRunner): NoticesRepo {
  const { sql } = dialect;
  const toNotice = (r: NoticesTable): NoticeRow => ({
    id: Number(r.id),
    listingId: Number(r.listing_id),
    subject: r.subject,
    authority: r.authority,
    scheme: r.scheme,
    version: r.version,
    list: r.list,
    noticedAt: Number(r.noticed_at),
    effectAt: Number(r.effect_at),
    effectProvisional: dialect.readBool(r.effect_provisional),
    termEndsAt: r.term_ends_at === null ? null : Number(r.term_ends_at),
    appealUntil: Number(r.appeal_until),
    body: JSON.parse(r.body) as NoticeBody,
  });
  const select = () => sql.selectFrom('notices').selectAll();
  return {
    async insertNotice(n) {
      const i = noticeIndex(n.body);
      const [slot] = await all<{ id: number }>(
        INSERT_MESSAGE(dialect, n.subject, 'notice', i.listingId, n.authority, n.at, ''),
      );
      const id = Number(slot!.id);
      await run(
        INSERT_NOTICE(
          dialect,
          id,
          i.listingId,
          i.subject,
          i.authority,
          i.scheme,
          i.version,
          i.list,
          i.noticedAt,
          i.effectAt,
          dialect.bool(i.effectProvisional),
          i.termEndsAt,
          i.appealUntil,
          n.bodyJson ?? JSON.stringify(n.body),
        ),
      );
      return id;
    },
    async noticeOf(listingId) {
      const [row] = await all<NoticesTable>(select().where('listing_id', '=', listingId).compile());
      return row === undefined ? undefined : toNotice(row);
    },
    async noticesOfSubject(subject) {
      const rows = await all<NoticesTable>(select().where('subject', '=', subject).orderBy('id').compile());
      return rows.map(toNotice);
    },
    async noticesSince({ since, authority, after, limit }) {
      let q = select().where('id', '>', after).where('noticed_at', '>=', since);
      if (authority !== null) q = q.where('authority', '=', authority);
      const rows = await all<NoticesTable>(q.orderBy('id').limit(limit).compile());
      return rows.map(toNotice);
    },
    async noticesAfter(afterId, limit) {
      const rows = await all<NoticesTable>(select().where('id', '>', afterId).orderBy('id').limit(limit).compile());
      return rows.map(toNotice);
    },
  };
}
