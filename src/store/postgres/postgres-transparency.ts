import type {
  AppealCountRow,
  DisputeCountRow,
  ListingCountRow,
  PublicEntryRow,
  TransparencyRepo,
} from '../transparency-port.js';
import type { PostgresContext } from './postgres-context.js';

/** Public list entries and aggregate counts over listings and appeals. */
export function transparencyRepo({ q }: PostgresContext): TransparencyRepo {
  return {
    async activeEntriesOfList(ref, list, after, limit) {
      return q<PublicEntryRow>(
        `SELECT id AS listing, subject, COALESCE(active_since, 0) AS since FROM listings
         WHERE authority = $1 AND scheme = $2 AND list = $3 AND state = 'active' AND subject > $4
         ORDER BY subject LIMIT $5`,
        [ref.authority, ref.scheme, list, after ?? '', limit],
      );
    },
    async listingCountsByAuthority() {
      return q<ListingCountRow>(
        `SELECT authority, COUNT(*) AS started, COUNT(*) FILTER (WHERE state = 'ended') AS ended
         FROM listings GROUP BY authority ORDER BY authority`,
      );
    },
    async appealCountsByAuthority() {
      return q<AppealCountRow>(
        `SELECT authority, COUNT(*) AS filed, COUNT(*) FILTER (WHERE state = 'upheld') AS upheld, COUNT(*) FILTER (WHERE state = 'overturned') AS overturned
         FROM appeals GROUP BY authority ORDER BY authority`,
      );
    },
    async disputeCountsByAuthority(now) {
      return q<DisputeCountRow>(
        `SELECT authority, COUNT(*) AS filed, COUNT(*) FILTER (WHERE state = 'pending') AS pending,
           COUNT(*) FILTER (WHERE state = 'pending' AND COALESCE(deadline_at, filed_at + 2592000000) <= $1) AS overdue
         FROM disputes GROUP BY authority ORDER BY authority`,
        [now],
      );
    },
    async appealDecisionTimeAt(authority, index) {
      const rows = await q<{ ms: number }>(
        `SELECT decided_at - filed_at AS ms FROM appeals
         WHERE authority = $1 AND state <> 'pending' AND decided_at IS NOT NULL
         ORDER BY ms, id LIMIT 1 OFFSET $2`,
        [authority, index],
      );
      return rows[0]?.ms;
    },
  };
}
