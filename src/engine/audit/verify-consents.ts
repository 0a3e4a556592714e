import { canonicalJson } from '../../core/record.js';
import { keyedCheck, type CrossCheck, type KeyedRow } from './cross-check.js';

/**
 * Consent rows are only ever added: the n-th row of a subject under a scheme (in id order)
 * must be what the n-th 'consent' entry of that scheme's chain says (instant, opt-in, by).
 */
export function verifyConsents(): CrossCheck {
  const count = new Map<string, number>();
  const nth = (base: string): string => {
    const n = (count.get(base) ?? 0) + 1;
    count.set(base, n);
    return `${base}#${n}`;
  };
  const value = (at: unknown, optIn: unknown, by: unknown): string => canonicalJson({ at, optIn, by });
  return keyedCheck({
    table: 'consents',
    types: ['consent'],
    vouch(e, p) {
      const key = nth(`${e.chain}/${String(p.scheme)}/${String(p.subject)}`);
      return { key, value: 'by' in p ? value(p.at, p.optIn, p.by) : undefined };
    },
    async rows(tx) {
      const seen = new Map<string, number>();
      const out: KeyedRow[] = [];
      for (const c of await tx.allConsents()) {
        const base = `${c.authority}/${c.scheme}/${c.subject}`;
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        out.push({ key: `${base}#${n}`, chain: c.authority, id: c.id, value: value(c.at, c.optIn, c.recordedBy) });
      }
      return out;
    },
    name: (key) => `consent ${key}`,
  });
}
