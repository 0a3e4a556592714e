import { keyedCheck, type CrossCheck } from './cross-check.js';

/**
 * Data-sharing grants (who reads whose records): each row against the 'share' entries on the
 * chain of the authority whose records it opens — its purpose, granted at the last grant
 * entry's instant, and revoked at the revocation entry's instant or not at all.
 */
export function verifyShares(): CrossCheck {
  const grantedAt = new Map<string, number>();
  return keyedCheck({
    table: 'shares',
    types: ['share'],
    vouch: (e, p) => {
      const key = `${String(p.from)}/${String(p.to)}`;
      if (p.revoked !== true) grantedAt.set(key, e.at);
      const since = grantedAt.get(key);
      const revoked = p.revoked === true ? String(e.at) : '-';
      return { key, value: `${String(p.purpose)}|${since === undefined ? '?' : String(since)}|${revoked}` };
    },
    async rows(tx) {
      return (await tx.listShares()).map((s) => ({
        key: `${s.from}/${s.to}`,
        chain: s.from,
        id: `${s.from}/${s.to}`,
        value: `${s.purpose}|${String(s.grantedAt)}|${s.revokedAt === null ? '-' : String(s.revokedAt)}`,
      }));
    },
    name: (key) => `sharing grant ${key}`,
  });
}
