import { keyedCheck, str, type CrossCheck } from './cross-check.js';
import { manualListingDigest } from './row-digest.js';

/** Decisions behind listings by decision (SPEC §6): the hash of the row in its 'manual-listing' entry. */
export function verifyManualListings(): CrossCheck {
  return keyedCheck({
    table: 'manual_listings',
    types: ['manual-listing'],
    vouch(_e, p) {
      return { key: String(p.listing), value: str(p, 'row') };
    },
    async rows(tx) {
      return (await tx.manualListings()).map((m) => ({
        key: String(m.listingId),
        chain: m.authority,
        id: m.listingId,
        value: manualListingDigest(m),
      }));
    },
    name: (key) => `the decision behind listing ${key}`,
  });
}
