import type { ManualListingRow, ManualListingsRepo } from '../manual-listings-port.js';
import type { PostgresContext } from './postgres-context.js';

const MANUAL = `listing_id AS "listingId", authority, decision_key AS "key", scheme, list, subject, decided_by AS "by",
  reason, basis, evidence, term, decided_at AS "decidedAt"`;

/** Decisions behind manual listings. */
export function manualListingsRepo({ q, run }: PostgresContext): ManualListingsRepo {
  return {
    async insertManualListing(r) {
      return (
        (await run(
          `INSERT INTO manual_listings(listing_id, authority, decision_key, scheme, list, subject, decided_by, reason, basis, evidence, term, decided_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
          [
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
          ],
        )) === 1
      );
    },
    async manualListingByKey(authority, key) {
      return (
        await q<ManualListingRow>(`SELECT ${MANUAL} FROM manual_listings WHERE authority = $1 AND decision_key = $2`, [
          authority,
          key,
        ])
      )[0];
    },
    async manualListingOf(listingId) {
      return (await q<ManualListingRow>(`SELECT ${MANUAL} FROM manual_listings WHERE listing_id = $1`, [listingId]))[0];
    },
    async manualListings() {
      return q<ManualListingRow>(`SELECT ${MANUAL} FROM manual_listings ORDER BY listing_id`);
    },
  };
}
