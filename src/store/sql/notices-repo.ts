import { noticeIndex, type NoticeBody } from '../../core/notice.js';
import type { NoticeRow, NoticesRepo } from '../notices-port.js';
import type { SqlRunner } from './dialect.js';
import type { NoticesTable } from './tables.js';

/*
 * Notices (SPEC §6) with typed columns, written once for SQLite and PostgreSQL. A notice and
 * its inbox message share an id: the message row keeps the inbox's order and kind, the notice
 * row the statement and what the engine looks up (its listing, its instants).
 */

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
        sql
          .insertInto('messages')
          .values({
            subject: n.subject,
            kind: 'notice',
            listing_id: i.listingId,
            authority: n.authority,
            at: n.at,
            body: '',
          })
          .returning('id')
          .compile(),
      );
      const id = Number(slot!.id);
      await run(
        sql
          .insertInto('notices')
          .values({
            id,
            listing_id: i.listingId,
            subject: i.subject,
            authority: i.authority,
            scheme: i.scheme,
            version: i.version,
            list: i.list,
            noticed_at: i.noticedAt,
            effect_at: i.effectAt,
            effect_provisional: dialect.bool(i.effectProvisional),
            term_ends_at: i.termEndsAt,
            appeal_until: i.appealUntil,
            body: n.bodyJson ?? JSON.stringify(n.body),
          })
          .compile(),
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
