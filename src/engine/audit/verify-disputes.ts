import { keyedCheck, str, type CrossCheck } from './cross-check.js';
import { disputeDigest } from './row-digest.js';

/** Record disputes: the hash of the row in its 'dispute' entry, then in its 'dispute-overdue' (deadline passed) and 'decision'. */
export function verifyDisputes(): CrossCheck {
  return keyedCheck({
    table: 'disputes',
    types: ['dispute', 'dispute-overdue', 'decision'],
    vouch(e, p) {
      if (e.type === 'decision' && p.case !== 'dispute') return undefined;
      const id = e.type === 'decision' ? p.id : p.dispute;
      return { key: String(id), value: str(p, 'row') };
    },
    async rows(tx) {
      return (await tx.disputesOf({})).map((d) => ({
        key: String(d.id),
        chain: d.authority,
        id: d.id,
        value: disputeDigest(d),
      }));
    },
    name: (key) => `dispute ${key}`,
  });
}
