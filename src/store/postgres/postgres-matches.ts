import type { MatchSet } from '../matches-port.js';
import type { StoreTx } from '../store.js';
import { decodeFacts, encodeFacts } from '../match-codec.js';
import type { PostgresContext } from './postgres-context.js';

const SET_COLS = 'id, authority, scheme, version, layout, complete';

export function matchesRepo({ q, run }: PostgresContext) {
  return {
    async matchSets() {
      return q<MatchSet>(`SELECT ${SET_COLS} FROM match_sets ORDER BY id`);
    },
    async ensureMatchSet(ref, version, layout) {
      await run(
        'INSERT INTO match_sets(authority, scheme, version, layout) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [ref.authority, ref.scheme, version, layout],
      );
      const rows = await q<MatchSet>(
        `SELECT ${SET_COLS} FROM match_sets WHERE authority = $1 AND scheme = $2 AND version = $3`,
        [ref.authority, ref.scheme, version],
      );
      return rows[0]!;
    },
    async completeMatchSet(id) {
      await run('UPDATE match_sets SET complete = true WHERE id = $1', [id]);
    },
    async dropMatchSets(ids) {
      if (ids.length === 0) return;
      await run('DELETE FROM subject_matches WHERE set_id = ANY($1::bigint[])', [ids]);
      await run('DELETE FROM match_sets WHERE id = ANY($1::bigint[])', [ids]);
    },
    async replaceMatches(set, subjects, rows) {
      if (subjects.length > 0)
        await run('DELETE FROM subject_matches WHERE subject = ANY($1::text[]) AND set_id = $2', [subjects, set]);
      if (rows.length === 0) return;
      const encoded = rows.map((r) => encodeFacts(r.facts));
      // Two servers may refresh one subject side by side from the same records: the first row stands.
      await run(
        `INSERT INTO subject_matches(subject, set_id, facts, strings) SELECT s, $2, f, t FROM unnest($1::text[], $3::bytea[], $4::text[]) AS u(s, f, t) ON CONFLICT DO NOTHING`,
        [rows.map((r) => r.subject), set, encoded.map((e) => e.values), encoded.map((e) => e.strings)],
      );
    },
    async matchesOfSubjects(sets, subjects) {
      if (sets.length === 0 || subjects.length === 0) return [];
      const rows = await q<{ subject: string; set: number; facts: Buffer; strings: string | null }>(
        `SELECT subject, set_id AS "set", facts, strings FROM subject_matches WHERE subject = ANY($1::text[]) AND set_id = ANY($2::bigint[]) ORDER BY subject, set_id`,
        [subjects, sets],
      );
      return rows.map((r) => ({ subject: r.subject, set: r.set, facts: decodeFacts(r.facts, r.strings) }));
    },
    async matchesPage(sets, after, limit) {
      if (sets.length === 0) return [];
      const rows = await q<{ subject: string; set: number; facts: Buffer; strings: string | null }>(
        `WITH page AS (SELECT DISTINCT subject FROM subject_matches WHERE subject > $1 AND set_id = ANY($2::bigint[]) ORDER BY subject LIMIT $3)
         SELECT m.subject, m.set_id AS "set", m.facts, m.strings FROM subject_matches m JOIN page USING (subject)
         WHERE m.set_id = ANY($2::bigint[]) ORDER BY m.subject, m.set_id`,
        [after ?? '', sets, limit],
      );
      return rows.map((r) => ({ subject: r.subject, set: r.set, facts: decodeFacts(r.facts, r.strings) }));
    },
    async matchesBetween(sets, after, last) {
      if (sets.length === 0) return [];
      const rows = await q<{ subject: string; set: number; facts: Buffer; strings: string | null }>(
        `SELECT subject, set_id AS "set", facts, strings FROM subject_matches WHERE subject > $1 AND subject <= $2 AND set_id = ANY($3::bigint[]) ORDER BY subject, set_id`,
        [after ?? '', last, sets],
      );
      return rows.map((r) => ({ subject: r.subject, set: r.set, facts: decodeFacts(r.facts, r.strings) }));
    },
    async dirtyBetween(after, last) {
      const rows = await q<{ subject: string }>(
        'SELECT subject FROM dirty_subjects WHERE subject > $1 AND subject <= $2 ORDER BY subject',
        [after ?? '', last],
      );
      return rows.map((r) => r.subject);
    },
    async dirtyAmong(subjects) {
      if (subjects.length === 0) return [];
      const rows = await q<{ subject: string }>('SELECT subject FROM dirty_subjects WHERE subject = ANY($1::text[])', [
        subjects,
      ]);
      return rows.map((r) => r.subject);
    },
  } satisfies Partial<StoreTx>;
}
