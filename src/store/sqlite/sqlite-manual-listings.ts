import type { ManualListingRow, ManualListingsRepo } from '../manual-listings-port.js';
import type { SqliteContext } from './sqlite-context.js';

/** Migration 9: the decisions behind listings of manual lists (SPEC §6), one per listing, unique by key per authority. */
export const MANUAL_LISTINGS_DDL = `
CREATE TABLE manual_listings (
  listing_id INTEGER PRIMARY KEY REFERENCES listings(id),
  authority TEXT NOT NULL,
  decision_key TEXT NOT NULL,
  scheme TEXT NOT NULL,
  list TEXT NOT NULL,
  subject TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  basis TEXT NOT NULL,
  evidence TEXT,
  term TEXT NOT NULL,
  decided_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX manual_listings_key ON manual_listings(authority, decision_key);
`;

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
