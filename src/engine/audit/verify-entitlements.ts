import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { keyedCheck, type CrossCheck } from './cross-check.js';

/** Relying parties' entitlements (who may check what): each row against its 'entitlement' entry on the operator chain. */
export function verifyEntitlements(): CrossCheck {
  return keyedCheck({
    table: 'entitlements',
    types: ['entitlement'],
    vouch: (e, p) =>
      e.chain === OPERATOR_CHAIN ? { key: `${String(p.party)}/${String(p.action)}`, value: String(e.at) } : undefined,
    async rows(tx) {
      return (await tx.allEntitlements()).map((x) => ({
        key: `${x.party}/${x.action}`,
        chain: OPERATOR_CHAIN,
        id: `${x.party}/${x.action}`,
        value: String(x.grantedAt),
      }));
    },
    name: (key) => `entitlement ${key}`,
  });
}
