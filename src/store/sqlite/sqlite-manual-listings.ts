import type { ManualListingRow, ManualListingsRepo } from '../manual-listings-port.js';
import type { SqliteContext } from './sqlite-context.js';

interface ManualSql {
  listing_id: number;
  authority: string;
  decision_key: string;
  scheme: string;
  list: string;
  subject: string;
  decided_by: string;
  reason: string;
  basis: string;
  evidence: string | null;
  term: string;
  decided_at: number;
}

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

/** Decisions behind manual listings. */
export function manualListingsRepo({ st }: SqliteContext): ManualListingsRepo {
  return {
    async insertManualListing(r) {
      return (
        st(
          `INSERT INTO manual_listings(listing_id, authority, decision_key, scheme, list, subject, decided_by, reason, basis, evidence, term, decided_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        ).run(
          r.listingId,
          r.authority,
          r.key,
          r.scheme,
          r.list,
          r.subject,
          r.by,
          r.reason,
          r.basis,
          r.evidence,
          r.term,
          r.decidedAt,
        ).changes === 1
      );
    },
    async manualListingByKey(authority, key) {
      const r = st('SELECT * FROM manual_listings WHERE authority = ? AND decision_key = ?').get(authority, key) as
        | ManualSql
        | undefined;
      return r && toManual(r);
    },
    async manualListingOf(listingId) {
      const r = st('SELECT * FROM manual_listings WHERE listing_id = ?').get(listingId) as ManualSql | undefined;
      return r && toManual(r);
    },
    async manualListings() {
      return (st('SELECT * FROM manual_listings ORDER BY listing_id').all() as ManualSql[]).map(toManual);
    },
  };
}
