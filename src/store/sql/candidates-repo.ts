import type { CandidateRow, CandidatesRepo, ShadowState } from '../candidates-port.js';
import type { SqlRunner } from './dialect.js';
import type { SchemeCandidatesTable, ShadowStatesTable } from './tables.js';

/*
 * Shadow and pending scheme versions, and the states of shadow versions (SPEC §12): one
 * implementation for SQLite and PostgreSQL, its queries built once with the dialect's compiler.
 */

const toCandidate = (r: SchemeCandidatesTable): CandidateRow => ({
  authority: r.authority,
  scheme: r.scheme,
  version: r.version,
  source: r.source,
  content: r.content,
  status: r.status,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
  requestedBy: r.requested_by,
  gate: r.gate,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
});

const SHADOW_TYPES = {
  authority: 'text',
  scheme: 'text',
  version: 'int',
  subject: 'text',
  judged: 'boolean',
  score: 'float8',
  grade: 'text',
  lists: 'jsonb',
  next_change: 'bigint',
  evaluated_at: 'bigint',
} as const;
const SHADOW_COLUMNS = Object.keys(SHADOW_TYPES) as (keyof typeof SHADOW_TYPES)[];

export function candidatesRepo({ dialect, all, run }: SqlRunner): CandidatesRepo {
  const { sql } = dialect;
  const toShadow = (r: ShadowStatesTable): ShadowState => ({
    authority: r.authority,
    scheme: r.scheme,
    subject: r.subject,
    version: r.version,
    judged: dialect.readBool(r.judged),
    score: r.score,
    grade: r.grade,
    lists: dialect.readJson<string[]>(r.lists),
    nextChange: r.next_change,
    evaluatedAt: r.evaluated_at,
  });
  const shadowKey = (ref: { authority: string; scheme: string }, version: number) =>
    sql
      .deleteFrom('shadow_states')
      .where('authority', '=', ref.authority)
      .where('scheme', '=', ref.scheme)
      .where('version', '=', version);
  return {
    async insertCandidate(row) {
      await run(
        sql
          .insertInto('scheme_candidates')
          .values({
            authority: row.authority,
            scheme: row.scheme,
            version: row.version,
            source: row.source,
            content: row.content,
            status: row.status,
            published_at: row.publishedAt,
            published_by: row.publishedBy,
            requested_by: row.requestedBy,
            gate: row.gate,
            decided_at: row.decidedAt,
            decided_by: row.decidedBy,
          })
          .compile(),
      );
    },
    async candidates(scheme) {
      let q = sql.selectFrom('scheme_candidates').selectAll();
      if (scheme !== undefined) q = q.where('scheme', '=', scheme);
      const rows = await all<SchemeCandidatesTable>(
        q.orderBy('authority').orderBy('scheme').orderBy('version').compile(),
      );
      return rows.map(toCandidate);
    },
    async updateCandidate(ref, version, c) {
      const changed = await run(
        sql
          .updateTable('scheme_candidates')
          .set({
            status: c.status,
            requested_by: c.requestedBy,
            gate: c.gate,
            decided_at: c.decidedAt,
            decided_by: c.decidedBy,
          })
          .where('authority', '=', ref.authority)
          .where('scheme', '=', ref.scheme)
          .where('version', '=', version)
          .compile(),
      );
      return changed > 0;
    },
    async putShadowStates(rows) {
      if (rows.length === 0) return;
      const json = JSON.stringify(
        rows.map((r) => ({
          authority: r.authority,
          scheme: r.scheme,
          version: r.version,
          subject: r.subject,
          judged: r.judged,
          score: r.score,
          grade: r.grade,
          lists: r.lists,
          next_change: r.nextChange,
          evaluated_at: r.evaluatedAt,
        })),
      );
      await run(
        sql
          .insertInto('shadow_states')
          .columns(SHADOW_COLUMNS)
          .expression(dialect.rows(json, SHADOW_TYPES))
          .onConflict((oc) =>
            oc.columns(['authority', 'scheme', 'version', 'subject']).doUpdateSet((eb) => ({
              judged: eb.ref('excluded.judged'),
              score: eb.ref('excluded.score'),
              grade: eb.ref('excluded.grade'),
              lists: eb.ref('excluded.lists'),
              next_change: eb.ref('excluded.next_change'),
              evaluated_at: eb.ref('excluded.evaluated_at'),
            })),
          )
          .compile(),
      );
    },
    async deleteShadowStates(ref, version, subjects) {
      if (subjects === null) {
        await run(shadowKey(ref, version).compile());
        return;
      }
      if (subjects.length > 0) await run(shadowKey(ref, version).where(dialect.oneOf('subject', subjects)).compile());
    },
    async shadowStatesOfSubject(subject) {
      const rows = await all<ShadowStatesTable>(
        sql
          .selectFrom('shadow_states')
          .selectAll()
          .where('subject', '=', subject)
          .orderBy('authority')
          .orderBy('scheme')
          .orderBy('version')
          .compile(),
      );
      return rows.map(toShadow);
    },
    async shadowStatesAfter(ref, version, after, limit) {
      const rows = await all<ShadowStatesTable>(
        sql
          .selectFrom('shadow_states')
          .selectAll()
          .where('authority', '=', ref.authority)
          .where('scheme', '=', ref.scheme)
          .where('version', '=', version)
          .where('subject', '>', after ?? '')
          .orderBy('subject')
          .limit(limit)
          .compile(),
      );
      return rows.map(toShadow);
    },
  };
}
