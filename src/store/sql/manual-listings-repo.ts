import type { Selectable } from 'kysely';
import type { ManualListingRow, ManualListingsRepo } from '../manual-listings-port.js';
import type { SqlRunner } from './dialect.js';
import type { ManualListingsTable } from './tables.js';

/* The decisions behind listings of manual lists (SPEC §6): one implementation for SQLite and PostgreSQL. */

type ManualSql = Selectable<ManualListingsTable>;

const toManual = (r: ManualSql): ManualListingRow => ({
  listingId: r.listing_id,
  authority: r.authority,
  key: r.decision_key,
  scheme: r.scheme,
  list: r.list,
  subject: r.subject,
  by: r.decided_by,
  reason: r.reason,
  basis: r.basis,
  evidence: r.evidence,
  term: r.term,
  decidedAt: r.decided_at,
});

export function manualListingsRepo({ dialect, all, run }: SqlRunner): ManualListingsRepo {
  const { sql } = dialect;
  const manual = () => sql.selectFrom('manual_listings').selectAll();
  const one = async (q: ReturnType<typeof manual>) => {
    const [r] = await all<ManualSql>(q.compile());
    return r && toManual(r);
  };
  return {
    async insertManualListing(r) {
      const changed = await run(
        sql
          .insertInto('manual_listings')
          .values({
            listing_id: r.listingId,
            authority: r.authority,
            decision_key: r.key,
            scheme: r.scheme,
            list: r.list,
            subject: r.subject,
            decided_by: r.by,
            reason: r.reason,
            basis: r.basis,
            evidence: r.evidence,
            term: r.term,
            decided_at: r.decidedAt,
          })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
      return changed === 1;
    },
    manualListingByKey: (authority, key) =>
      one(manual().where('authority', '=', authority).where('decision_key', '=', key)),
    manualListingOf: (listingId) => one(manual().where('listing_id', '=', listingId)),
    async manualListings() {
      return (await all<ManualSql>(manual().orderBy('listing_id').compile())).map(toManual);
    },
  };
}
