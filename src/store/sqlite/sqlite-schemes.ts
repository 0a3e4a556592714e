import type { SqliteContext } from './sqlite-context.js';
import type { StoreTx } from '../store.js';
import type { SchemeVersionRow } from '../store.js';

/** Published scheme versions. */
export function schemesRepo({ st }: SqliteContext) {
  return {
    async insertSchemeVersion(row) {
      st(
        'INSERT INTO scheme_versions(authority, scheme, version, source, content, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(row.authority, row.scheme, row.version, row.source, row.content, row.publishedAt, row.publishedBy);
    },
    async schemeVersions(scheme) {
      const rows = (
        scheme === undefined
          ? st('SELECT * FROM scheme_versions ORDER BY authority, scheme, version').all()
          : st('SELECT * FROM scheme_versions WHERE scheme = ? ORDER BY authority, scheme, version').all(scheme)
      ) as {
        authority: string;
        scheme: string;
        version: number;
        source: string;
        content: string;
        published_at: number;
        published_by: string | null;
      }[];
      return rows.map(
        (r): SchemeVersionRow => ({
          authority: r.authority,
          scheme: r.scheme,
          version: r.version,
          source: r.source,
          content: r.content,
          publishedAt: r.published_at,
          publishedBy: r.published_by,
        }),
      );
    },
  } satisfies Partial<StoreTx>;
}
