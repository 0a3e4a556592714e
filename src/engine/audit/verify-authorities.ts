import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import type { CrossCheck } from './cross-check.js';
import { keyedCheck } from './cross-check.js';

/**
 * Authorities: each row against its 'authority' entry on the operator chain, and every chain
 * but the operator's belongs to an existing authority. Deleting an authority with its whole
 * chain leaves the operator chain's entry behind; removing that breaks the operator chain (or,
 * at its end, a checkpoint).
 */
export function verifyAuthorities(): CrossCheck {
  const chains = new Map<string, number>();
  const keyed = keyedCheck({
    table: 'authorities',
    types: ['authority'],
    vouch: (e, p) => (e.chain === OPERATOR_CHAIN ? { key: String(p.name), value: '' } : undefined),
    async rows(tx) {
      return (await tx.listAuthorities()).map((name) => ({ key: name, chain: OPERATOR_CHAIN, id: name, value: '' }));
    },
    name: (key) => `authority ${key}`,
  });
  return {
    entry(e, payload, problems) {
      if (e.chain !== OPERATOR_CHAIN && !chains.has(e.chain)) chains.set(e.chain, e.seq);
      keyed.entry(e, payload, problems);
    },
    async rows(tx, problems) {
      await keyed.rows(tx, problems);
      const names = new Set(await tx.listAuthorities());
      for (const [chain, seq] of chains)
        if (!names.has(chain))
          problems.add({
            chain,
            seq,
            table: 'authorities',
            id: chain,
            message: `chain ${chain} has entries but authority ${chain} is not in authorities`,
          });
    },
  };
}
