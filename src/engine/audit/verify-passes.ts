import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { keyedCheck, type CrossCheck } from './cross-check.js';

/**
 * Passes (SPEC §14): each row against the last 'pass' entry about it on the operator chain —
 * its subject, purpose, recipient, creation, expiry and revocation. A pass made to last longer,
 * moved to another purpose or recipient, or un-revoked in the database is named.
 */
export function verifyPasses(): CrossCheck {
  const value = (p: {
    subject: unknown;
    purpose: unknown;
    recipient: unknown;
    createdAt: unknown;
    expiresAt: unknown;
    revokedAt: unknown;
  }): string =>
    [p.subject, p.purpose, p.recipient ?? '-', p.createdAt, p.expiresAt, p.revokedAt ?? '-'].map(String).join('|');
  return keyedCheck({
    table: 'passes',
    types: ['pass'],
    vouch: (_e, p) => ({
      key: String(p.pass),
      value: value(p as Parameters<typeof value>[0]),
    }),
    async rows(tx) {
      return (await tx.listPasses()).map((p) => ({ key: p.id, chain: OPERATOR_CHAIN, id: p.id, value: value(p) }));
    },
    name: (key) => `pass ${key}`,
  });
}
