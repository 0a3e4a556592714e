import type { PostgresContext } from './postgres-context.js';
import type { StoreTx } from '../store.js';
import type { SchemeVersionRow } from '../store.js';

const COLS =
  'authority, scheme, version, source, content, published_at AS "publishedAt", published_by AS "publishedBy"';

/** Published scheme versions. */
export function schemesRepo({ q, run }: PostgresContext) {
  return {
    async insertSchemeVersion(row) {
      await run(
        'INSERT INTO scheme_versions(authority, scheme, version, source, content, published_at, published_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [row.authority, row.scheme, row.version, row.source, row.content, row.publishedAt, row.publishedBy],
      );
    },
    async schemeVersions(scheme) {
      return scheme === undefined
        ? q<SchemeVersionRow>(`SELECT ${COLS} FROM scheme_versions ORDER BY authority, scheme, version`)
        : q<SchemeVersionRow>(
            `SELECT ${COLS} FROM scheme_versions WHERE scheme = $1 ORDER BY authority, scheme, version`,
            [scheme],
          );
    },
  } satisfies Partial<StoreTx>;
}
