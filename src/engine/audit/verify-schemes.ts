import { canonicalSchemeVersion } from '../../core/audit-entry.js';
import type { SchemeVersionRow } from '../../store/store.js';
import type { CrossCheck } from './cross-check.js';
import { sha256 } from './hash.js';

/** The hash a 'scheme-version' entry holds for a scheme_versions row. */
export function schemeVersionHash(
  v: Pick<SchemeVersionRow, 'authority' | 'scheme' | 'version' | 'source' | 'content'>,
): string {
  return sha256(canonicalSchemeVersion(v));
}

/** Every scheme version row against its 'scheme-version' entry; each version has exactly one. */
export function verifySchemes(): CrossCheck {
  const entries = new Map<
    string,
    { chain: string; seq: number; hash: unknown; scheme: string; version: number; seen: boolean }
  >();
  return {
    entry(e, p, problems) {
      if (e.type !== 'scheme-version') return;
      const key = `${e.chain}\u0000${String(p.scheme)}\u0000${String(p.version)}`;
      if (entries.has(key))
        problems.add({
          chain: e.chain,
          seq: e.seq,
          message: `a second scheme-version entry for ${e.chain}/${String(p.scheme)}@${String(p.version)}`,
        });
      else
        entries.set(key, {
          chain: e.chain,
          seq: e.seq,
          hash: p.hash,
          scheme: String(p.scheme),
          version: Number(p.version),
          seen: false,
        });
    },
    async rows(tx, problems) {
      for (const v of await tx.schemeVersions()) {
        const id = `${v.authority}/${v.scheme}@${v.version}`;
        const entry = entries.get(`${v.authority}\u0000${v.scheme}\u0000${v.version}`);
        if (!entry) {
          problems.add({
            chain: v.authority,
            table: 'scheme_versions',
            id,
            message: `scheme version ${id} has no scheme-version entry`,
          });
          continue;
        }
        entry.seen = true;
        if (schemeVersionHash(v) !== entry.hash)
          problems.add({
            chain: entry.chain,
            seq: entry.seq,
            table: 'scheme_versions',
            id,
            message: `scheme version ${id} was changed: it no longer matches the hash its entry holds`,
          });
      }
      for (const e of entries.values())
        if (!e.seen)
          problems.add({
            chain: e.chain,
            seq: e.seq,
            table: 'scheme_versions',
            id: `${e.chain}/${e.scheme}@${e.version}`,
            message: `scheme version ${e.chain}/${e.scheme}@${e.version} of this entry is not in scheme_versions`,
          });
    },
  };
}
