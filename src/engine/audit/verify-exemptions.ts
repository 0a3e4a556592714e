import { keyedCheck, type CrossCheck } from './cross-check.js';

/** Exemptions (SPEC §6): each row against the last 'exemption' entry of its authority, scheme, list and subject. */
export function verifyExemptions(): CrossCheck {
  return keyedCheck({
    table: 'exemptions',
    types: ['exemption'],
    vouch: (e, p) => ({
      key: `${e.chain}/${String(p.scheme)}/${String(p.list)}/${String(p.subject)}`,
      value: p.since === null ? null : JSON.stringify(p.since),
    }),
    async rows(tx) {
      return (await tx.allExemptions()).map((x) => {
        const key = `${x.authority}/${x.scheme}/${x.list}/${x.subject}`;
        return { key, chain: x.authority, id: key, value: JSON.stringify(x.since) };
      });
    },
    name: (key) => `exemption ${key}`,
  });
}
