import type { AppealCountRow, DisputeCountRow, ListingCountRow, TransparencyRepo } from '../transparency-port.js';
import type { SqlRunner } from './dialect.js';

/*
 * The reads behind the public transparency pages (SPEC §8): one implementation for SQLite and
 * PostgreSQL.
 */

/** A dispute written before its deadline was stored is overdue 30 days after it was filed. */
const DISPUTE_DAYS_MS = 30 * 86_400_000;

export function transparencyRepo({ dialect, all }: SqlRunner): TransparencyRepo {
  const { sql } = dialect;
  return {
    async activeEntriesOfList(ref, list, after, limit) {
      // listings_open covers (authority, scheme, subject) for every state but ended.
      const rows = await all<{ listing: number; subject: string; since: number | null }>(
        sql
          .selectFrom('listings')
          .select(['id as listing', 'subject', 'active_since as since'])
          .where('authority', '=', ref.authority)
          .where('scheme', '=', ref.scheme)
          .where('list', '=', list)
          .where('state', '=', 'active')
          .where('subject', '>', after ?? '')
          .orderBy('subject')
          .limit(limit)
          .compile(),
      );
      return rows.map((r) => ({ listing: r.listing, subject: r.subject, since: r.since ?? 0 }));
    },
    async listingCountsByAuthority() {
      return all<ListingCountRow>(
        sql
          .selectFrom('listings')
          .select((eb) => [
            'authority',
            eb.fn.countAll<number>().as('started'),
            eb.fn.countAll<number>().filterWhere('state', '=', 'ended').as('ended'),
          ])
          .groupBy('authority')
          .orderBy('authority')
          .compile(),
      );
    },
    async appealCountsByAuthority() {
      return all<AppealCountRow>(
        sql
          .selectFrom('appeals')
          .select((eb) => [
            'authority',
            eb.fn.countAll<number>().as('filed'),
            eb.fn.countAll<number>().filterWhere('state', '=', 'upheld').as('upheld'),
            eb.fn.countAll<number>().filterWhere('state', '=', 'overturned').as('overturned'),
          ])
          .groupBy('authority')
          .orderBy('authority')
          .compile(),
      );
    },
    async disputeCountsByAuthority(now) {
      return all<DisputeCountRow>(
        sql
          .selectFrom('disputes')
          .select((eb) => [
            'authority',
            eb.fn.countAll<number>().as('filed'),
            eb.fn.countAll<number>().filterWhere('state', '=', 'pending').as('pending'),
            eb.fn
              .countAll<number>()
              .filterWhere((f) =>
                f.and([
                  f('state', '=', 'pending'),
                  f(f.fn.coalesce('deadline_at', f('filed_at', '+', f.lit(DISPUTE_DAYS_MS))), '<=', now),
                ]),
              )
              .as('overdue'),
          ])
          .groupBy('authority')
          .orderBy('authority')
          .compile(),
      );
    },
    async appealDecisionTimeAt(authority, index) {
      const [row] = await all<{ ms: number }>(
        sql
          .selectFrom('appeals')
          .select((eb) => eb('decided_at', '-', eb.ref('filed_at')).as('ms'))
          .where('authority', '=', authority)
          .where('state', '<>', 'pending')
          .where('decided_at', 'is not', null)
          .orderBy('ms')
          .orderBy('id')
          .limit(1)
          .offset(index)
          .compile(),
      );
      return row?.ms;
    },
  };
}
