import { keyedCheck, str, type CrossCheck } from './cross-check.js';
import { appealDigest } from './row-digest.js';

/** Appeals (statement, state, decision, reasons): the hash of the row in its 'appeal' entry, then in its 'decision'. */
export function verifyAppeals(): CrossCheck {
  return keyedCheck({
    table: 'appeals',
    types: ['appeal', 'decision'],
    vouch(e, p) {
      if (e.type === 'decision' && p.case !== 'appeal') return undefined;
      const id = e.type === 'appeal' ? p.appeal : p.id;
      return { key: String(id), value: str(p, 'row') };
    },
    async rows(tx) {
      return (await tx.appealsOf({})).map((a) => ({
        key: String(a.id),
        chain: a.authority,
        id: a.id,
        value: appealDigest(a),
      }));
    },
    name: (key) => `appeal ${key}`,
  });
}
