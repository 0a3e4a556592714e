import type { SqliteContext } from './sqlite-context.js';
import type { StoreTx } from '../store.js';
import type { SubjectState } from '../store.js';

interface StateRow {
  authority: string;
  scheme: string;
  subject: string;
  version: number;
  judged: number;
  score: number | null;
  grade: string | null;
  lists: string;
  next_change: number | null;
  evaluated_at: number;
}

const toState = (r: StateRow): SubjectState => ({
  authority: r.authority,
  scheme: r.scheme,
  subject: r.subject,
  version: r.version,
  judged: r.judged === 1,
  score: r.score,
  grade: r.grade,
  lists: JSON.parse(r.lists) as string[],
  nextChange: r.next_change,
  evaluatedAt: r.evaluated_at,
});

/** Derived state: dirty subjects and each subject's state under each scheme. */
export function statesRepo({ st, json }: SqliteContext) {
  return {
    async markDirty(subjects) {
      const ins = st('INSERT OR IGNORE INTO dirty_subjects(subject) VALUES (?)');
      for (const s of subjects) ins.run(s);
    },
    async takeDirty(limit) {
      const rows = st('SELECT subject FROM dirty_subjects ORDER BY subject LIMIT ?').all(limit) as {
        subject: string;
      }[];
      const subjects = rows.map((r) => r.subject);
      if (subjects.length > 0)
        st('DELETE FROM dirty_subjects WHERE subject IN (SELECT value FROM json_each(?))').run(json(subjects));
      return subjects;
    },
    async putStates(rows) {
      const up = st(
        `INSERT INTO subject_states(authority, scheme, subject, version, judged, score, grade, lists, next_change, evaluated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(authority, scheme, subject) DO UPDATE SET version = excluded.version, judged = excluded.judged, score = excluded.score,
           grade = excluded.grade, lists = excluded.lists, next_change = excluded.next_change, evaluated_at = excluded.evaluated_at`,
      );
      for (const r of rows) {
        up.run(
          r.authority,
          r.scheme,
          r.subject,
          r.version,
          r.judged ? 1 : 0,
          r.score,
          r.grade,
          JSON.stringify(r.lists),
          r.nextChange,
          r.evaluatedAt,
        );
      }
    },
    async deleteStates(ref, subjects) {
      if (subjects.length === 0) return;
      st(
        'DELETE FROM subject_states WHERE authority = ? AND scheme = ? AND subject IN (SELECT value FROM json_each(?))',
      ).run(ref.authority, ref.scheme, json(subjects));
    },
    async getStates(ref, subjects) {
      if (subjects.length === 0) return [];
      const rows = st(
        'SELECT * FROM subject_states WHERE authority = ? AND scheme = ? AND subject IN (SELECT value FROM json_each(?)) ORDER BY subject',
      ).all(ref.authority, ref.scheme, json(subjects)) as StateRow[];
      return rows.map(toState);
    },
    async statesAfter(ref, after, limit) {
      const rows = st(
        'SELECT * FROM subject_states WHERE authority = ? AND scheme = ? AND subject > ? ORDER BY subject LIMIT ?',
      ).all(ref.authority, ref.scheme, after ?? '', limit) as StateRow[];
      return rows.map(toState);
    },
    async statesBetween(ref, after, last) {
      // A full pass reads every state once: raw rows, and no parse for the usual empty lists.
      const rows = st(
        'SELECT subject, version, judged, score, grade, lists, next_change, evaluated_at FROM subject_states WHERE authority = ? AND scheme = ? AND subject > ? AND subject <= ? ORDER BY subject',
      )
        .raw(true)
        .all(ref.authority, ref.scheme, after ?? '', last) as [
        string,
        number,
        number,
        number | null,
        string | null,
        string,
        number | null,
        number,
      ][];
      return rows.map(
        (r): SubjectState => ({
          authority: ref.authority,
          scheme: ref.scheme,
          subject: r[0],
          version: r[1],
          judged: r[2] === 1,
          score: r[3],
          grade: r[4],
          lists: r[5] === '[]' ? [] : (JSON.parse(r[5]) as string[]),
          nextChange: r[6],
          evaluatedAt: r[7],
        }),
      );
    },
    async deleteStatesAfter(ref, after) {
      st('DELETE FROM subject_states WHERE authority = ? AND scheme = ? AND subject > ?').run(
        ref.authority,
        ref.scheme,
        after ?? '',
      );
    },
    async summarizeStates(ref) {
      const grades = st(
        'SELECT grade, COUNT(*) AS count FROM subject_states WHERE authority = ? AND scheme = ? AND judged = 1 GROUP BY grade ORDER BY grade',
      ).all(ref.authority, ref.scheme) as { grade: string | null; count: number }[];
      const lists = st(
        `SELECT j.value AS list, COUNT(*) AS count FROM subject_states s, json_each(s.lists) j
         WHERE s.authority = ? AND s.scheme = ? AND s.judged = 1 GROUP BY j.value ORDER BY j.value`,
      ).all(ref.authority, ref.scheme) as { list: string; count: number }[];
      return { judged: grades.reduce((n, g) => n + g.count, 0), grades, lists };
    },
    async scoreRank(ref, score) {
      const r = st(
        `SELECT COUNT(*) AS judged, COALESCE(SUM(score < ?), 0) AS below, COALESCE(SUM(score = ?), 0) AS equal
         FROM subject_states WHERE authority = ? AND scheme = ? AND judged = 1 AND score IS NOT NULL`,
      ).get(score, score, ref.authority, ref.scheme) as { judged: number; below: number; equal: number };
      return { judged: r.judged, below: r.below, equal: r.equal };
    },
    async dueStates(now, limit) {
      const rows = st(
        'SELECT * FROM subject_states WHERE next_change IS NOT NULL AND next_change <= ? ORDER BY next_change LIMIT ?',
      ).all(now, limit) as StateRow[];
      return rows.map(toState);
    },
  } satisfies Partial<StoreTx>;
}
