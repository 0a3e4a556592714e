import type {
  AppealCountRow,
  DisputeCountRow,
  ListingCountRow,
  PublicEntryRow,
  TransparencyRepo,
} from '../transparency-port.js';
import type { SqliteContext } from './sqlite-context.js';

/** Public list entries and aggregate counts over listings and appeals. */
export function transparencyRepo({ st }: SqliteContext): TransparencyRepo {
  return {
    async activeEntriesOfList(ref, list, after, limit) {
      // listings_open covers (authority, scheme, subject) for every state but ended.
      const rows = st(
        `SELECT id AS listing, subject, active_since AS since FROM listings
         WHERE authority = ? AND scheme = ? AND list = ? AND state = 'active' AND subject > ?
         ORDER BY subject LIMIT ?`,
      ).all(ref.authority, ref.scheme, list, after ?? '', limit) as {
        listing: number;
        subject: string;
        since: number | null;
      }[];
      return rows.map((r): PublicEntryRow => ({ listing: r.listing, subject: r.subject, since: r.since ?? 0 }));
    },
    async listingCountsByAuthority() {
      return st(
        `SELECT authority, COUNT(*) AS started, SUM(CASE WHEN state = 'ended' THEN 1 ELSE 0 END) AS ended
         FROM listings GROUP BY authority ORDER BY authority`,
      ).all() as ListingCountRow[];
    },
    async appealCountsByAuthority() {
      return st(
        `SELECT authority, COUNT(*) AS filed,
           SUM(CASE WHEN state = 'upheld' THEN 1 ELSE 0 END) AS upheld,
           SUM(CASE WHEN state = 'overturned' THEN 1 ELSE 0 END) AS overturned
         FROM appeals GROUP BY authority ORDER BY authority`,
      ).all() as AppealCountRow[];
    },
    async disputeCountsByAuthority(now) {
      return st(
        `SELECT authority, COUNT(*) AS filed,
           SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END) AS pending,
           SUM(CASE WHEN state = 'pending' AND COALESCE(deadline_at, filed_at + 2592000000) <= ? THEN 1 ELSE 0 END) AS overdue
         FROM disputes GROUP BY authority ORDER BY authority`,
      ).all(now) as DisputeCountRow[];
    },
    async appealDecisionTimeAt(authority, index) {
      const row = st(
        `SELECT decided_at - filed_at AS ms FROM appeals
         WHERE authority = ? AND state <> 'pending' AND decided_at IS NOT NULL
         ORDER BY ms, id LIMIT 1 OFFSET ?`,
      ).get(authority, index) as { ms: number } | undefined;
      return row?.ms;
    },
  };
}
