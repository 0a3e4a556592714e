import { keyedCheck, type CrossCheck } from './cross-check.js';

/** Action grants (who may sanction what): each row against the 'grant' entry on its authority's chain, granted at the entry's instant. */
export function verifyGrants(): CrossCheck {
  return keyedCheck({
    table: 'grants',
    types: ['grant'],
    vouch: (e, p) => ({ key: `${e.chain}/${String(p.action)}`, value: String(e.at) }),
    async rows(tx) {
      return (await tx.listGrants()).map((g) => ({
        key: `${g.authority}/${g.action}`,
        chain: g.authority,
        id: `${g.authority}/${g.action}`,
        value: String(g.grantedAt),
      }));
    },
    name: (key) => `grant ${key}`,
  });
}
