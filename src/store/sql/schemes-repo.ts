import type { SchemeVersionRow, StoreTx } from '../store.js';
import type { SqlRunner } from './dialect.js';

/* Published scheme versions: one implementation for SQLite and PostgreSQL. */

export function schemesRepo({ dialect, all, run }: SqlRunner) {
  const { sql } = dialect;
  return {
    async insertSchemeVersion(row) {
      await run(
        sql
          .insertInto('scheme_versions')
          .values({
            authority: row.authority,
            scheme: row.scheme,
            version: row.version,
            source: row.source,
            content: row.content,
            published_at: row.publishedAt,
            published_by: row.publishedBy,
          })
          .compile(),
      );
    },
    async schemeVersions(scheme) {
      let q = sql
        .selectFrom('scheme_versions')
        .select([
          'authority',
          'scheme',
          'version',
          'source',
          'content',
          'published_at as publishedAt',
          'published_by as publishedBy',
        ]);
      if (scheme !== undefined) q = q.where('scheme', '=', scheme);
      return all<SchemeVersionRow>(q.orderBy('authority').orderBy('scheme').orderBy('version').compile());
    },
  } satisfies Partial<StoreTx>;
}
