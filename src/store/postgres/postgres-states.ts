import type { PostgresContext } from './postgres-context.js';
import type { StoreTx } from '../store.js';
import type { SubjectState } from '../store.js';

const COLS = `authority, scheme, subject, version, judged, score, grade, lists, next_change AS "nextChange", evaluated_at AS "evaluatedAt"`;

/** Derived state: dirty subjects and each subject's state under each scheme. */
export function statesRepo({ q, run }: PostgresContext) {
  return {
    async markDirty(subjects) {
      if (subjects.length === 0) return;
      // A mark already there is updated, not skipped, so this transaction holds its row lock: a sweep
      // cannot take (and delete) it until this transaction's facts are committed, and if a sweep took
      // it first this waits for that sweep and then inserts a new mark. Skipping it would let a sweep
      // consume the old mark, read the facts without this transaction's, and leave no mark behind.
      // In subject order, so two transactions marking the same subjects never wait for each other in a circle.
      await run(
        `INSERT INTO dirty_subjects(subject) SELECT DISTINCT s FROM unnest($1::text[]) AS s ORDER BY s
         ON CONFLICT (subject) DO UPDATE SET subject = excluded.subject`,
        [subjects],
      );
    },
    async takeDirty(limit) {
      // SKIP LOCKED: concurrent sweeps take disjoint batches instead of waiting to re-take the same subjects.
      // The batch is picked once (an init plan) and deleted by row address (a TID scan), a plan that does not
      // depend on statistics: the table is mostly empty and its statistics say so, and with a join or
      // `IN (subquery)` the planner chose nested loops that cost seconds a take once thousands of subjects
      // were waiting (seen in src/http/fleet.test.ts). The rows are locked, so their addresses cannot change.
      const rows = await q<{ subject: string }>(
        `WITH taken AS (
           DELETE FROM dirty_subjects WHERE ctid = ANY(ARRAY(SELECT ctid FROM dirty_subjects ORDER BY subject LIMIT $1 FOR UPDATE SKIP LOCKED))
           RETURNING subject
         ) SELECT subject FROM taken ORDER BY subject`,
        [limit],
      );
      return rows.map((r) => r.subject);
    },
    async putStates(rows) {
      if (rows.length === 0) return;
      await run(
        `INSERT INTO subject_states(authority, scheme, subject, version, judged, score, grade, lists, next_change, evaluated_at)
         SELECT a, s, subj, v, j, sc, g, l::jsonb, n, e
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::boolean[], $6::float8[], $7::text[], $8::text[], $9::bigint[], $10::bigint[])
           AS u(a, s, subj, v, j, sc, g, l, n, e)
         ON CONFLICT (authority, scheme, subject) DO UPDATE SET version = excluded.version, judged = excluded.judged, score = excluded.score,
           grade = excluded.grade, lists = excluded.lists, next_change = excluded.next_change, evaluated_at = excluded.evaluated_at`,
        [
          rows.map((r) => r.authority),
          rows.map((r) => r.scheme),
          rows.map((r) => r.subject),
          rows.map((r) => r.version),
          rows.map((r) => r.judged),
          rows.map((r) => r.score),
          rows.map((r) => r.grade),
          rows.map((r) => JSON.stringify(r.lists)),
          rows.map((r) => r.nextChange),
          rows.map((r) => r.evaluatedAt),
        ],
      );
    },
    async deleteStates(ref, subjects) {
      if (subjects.length === 0) return;
      await run('DELETE FROM subject_states WHERE authority = $1 AND scheme = $2 AND subject = ANY($3::text[])', [
        ref.authority,
        ref.scheme,
        subjects,
      ]);
    },
    async getStates(ref, subjects) {
      if (subjects.length === 0) return [];
      return q<SubjectState>(
        `SELECT ${COLS} FROM subject_states WHERE authority = $1 AND scheme = $2 AND subject = ANY($3::text[]) ORDER BY subject`,
        [ref.authority, ref.scheme, subjects],
      );
    },
    async statesAfter(ref, after, limit) {
      return q<SubjectState>(
        `SELECT ${COLS} FROM subject_states WHERE authority = $1 AND scheme = $2 AND subject > $3 ORDER BY subject LIMIT $4`,
        [ref.authority, ref.scheme, after ?? '', limit],
      );
    },
    async statesBetween(ref, after, last) {
      return q<SubjectState>(
        `SELECT ${COLS} FROM subject_states WHERE authority = $1 AND scheme = $2 AND subject > $3 AND subject <= $4 ORDER BY subject`,
        [ref.authority, ref.scheme, after ?? '', last],
      );
    },
    async deleteStatesAfter(ref, after) {
      await run('DELETE FROM subject_states WHERE authority = $1 AND scheme = $2 AND subject > $3', [
        ref.authority,
        ref.scheme,
        after ?? '',
      ]);
    },
    async summarizeStates(ref) {
      const grades = await q<{ grade: string | null; count: number }>(
        'SELECT grade, COUNT(*) AS count FROM subject_states WHERE authority = $1 AND scheme = $2 AND judged GROUP BY grade ORDER BY grade NULLS FIRST',
        [ref.authority, ref.scheme],
      );
      const lists = await q<{ list: string; count: number }>(
        `SELECT j.list COLLATE "C" AS list, COUNT(*) AS count FROM subject_states s, jsonb_array_elements_text(s.lists) AS j(list)
         WHERE s.authority = $1 AND s.scheme = $2 AND s.judged GROUP BY 1 ORDER BY 1`,
        [ref.authority, ref.scheme],
      );
      return { judged: grades.reduce((n, g) => n + g.count, 0), grades, lists };
    },
    async scoreRank(ref, score) {
      const [r] = await q<{ judged: number; below: number; equal: number }>(
        `SELECT COUNT(*)::int AS judged, COUNT(*) FILTER (WHERE score < $3)::int AS below, COUNT(*) FILTER (WHERE score = $3)::int AS equal
         FROM subject_states WHERE authority = $1 AND scheme = $2 AND judged AND score IS NOT NULL`,
        [ref.authority, ref.scheme, score],
      );
      return { judged: r?.judged ?? 0, below: r?.below ?? 0, equal: r?.equal ?? 0 };
    },
    async dueStates(now, limit) {
      // Ties in the order of the index, as SQLite returns them.
      return q<SubjectState>(
        `SELECT ${COLS} FROM subject_states WHERE next_change IS NOT NULL AND next_change <= $1 ORDER BY next_change, authority, scheme, subject LIMIT $2`,
        [now, limit],
      );
    },
  } satisfies Partial<StoreTx>;
}
