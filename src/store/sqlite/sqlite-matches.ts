import type { MatchSet, SubjectMatches } from '../matches-port.js';
import type { StoreTx } from '../store.js';
import type { SqliteContext } from './sqlite-context.js';
import { decodeFacts, encodeFacts } from '../match-codec.js';

const toSet = (r: {
  id: number;
  authority: string;
  scheme: string;
  version: number;
  layout: string;
  complete: number;
}): MatchSet => ({
  id: r.id,
  authority: r.authority,
  scheme: r.scheme,
  version: r.version,
  layout: r.layout,
  complete: r.complete === 1,
});

export function matchesRepo({ st, json }: SqliteContext) {
  return {
    async matchSets() {
      return (st('SELECT * FROM match_sets ORDER BY id').all() as Parameters<typeof toSet>[0][]).map(toSet);
    },
    async ensureMatchSet(ref, version, layout) {
      st('INSERT INTO match_sets(authority, scheme, version, layout) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(
        ref.authority,
        ref.scheme,
        version,
        layout,
      );
      return toSet(
        st('SELECT * FROM match_sets WHERE authority = ? AND scheme = ? AND version = ?').get(
          ref.authority,
          ref.scheme,
          version,
        ) as Parameters<typeof toSet>[0],
      );
    },
    async completeMatchSet(id) {
      st('UPDATE match_sets SET complete = 1 WHERE id = ?').run(id);
    },
    async dropMatchSets(ids) {
      const del = st('DELETE FROM subject_matches WHERE set_id = ?');
      const drop = st('DELETE FROM match_sets WHERE id = ?');
      for (const id of ids) {
        del.run(id);
        drop.run(id);
      }
    },
    async replaceMatches(set, subjects, rows) {
      if (subjects.length > 0)
        st('DELETE FROM subject_matches WHERE subject IN (SELECT value FROM json_each(?)) AND set_id = ?').run(
          json(subjects),
          set,
        );
      const ins = st(
        'INSERT INTO subject_matches(subject, set_id, facts, strings) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      );
      for (const r of rows) {
        const { values, strings } = encodeFacts(r.facts);
        ins.run(r.subject, set, values, strings);
      }
    },
    async matchesOfSubjects(sets, subjects) {
      if (sets.length === 0 || subjects.length === 0) return [];
      const raw = st(
        `SELECT subject, set_id, facts, strings FROM subject_matches
         WHERE subject IN (SELECT value FROM json_each(?)) AND set_id IN (SELECT value FROM json_each(?))
         ORDER BY subject, set_id`,
      )
        .raw(true)
        .all(json(subjects), JSON.stringify(sets)) as [string, number, Buffer, string | null][];
      return raw.map((r): SubjectMatches => ({ subject: r[0], set: r[1], facts: decodeFacts(r[2], r[3]) }));
    },
    async matchesPage(sets, after, limit) {
      if (sets.length === 0) return [];
      // One walk of the primary key, stopped after the page's last subject.
      const out: SubjectMatches[] = [];
      let subjects = 0;
      let previous: string | undefined;
      for (const r of st(
        `SELECT subject, set_id, facts, strings FROM subject_matches WHERE subject > ? AND set_id IN (SELECT value FROM json_each(?)) ORDER BY subject, set_id`,
      )
        .raw(true)
        .iterate(after ?? '', JSON.stringify(sets)) as IterableIterator<[string, number, Buffer, string | null]>) {
        if (r[0] !== previous) {
          if (subjects === limit) break;
          subjects++;
          previous = r[0];
        }
        out.push({ subject: r[0], set: r[1], facts: decodeFacts(r[2], r[3]) });
      }
      return out;
    },
    async matchesBetween(sets, after, last) {
      if (sets.length === 0) return [];
      const raw = st(
        `SELECT subject, set_id, facts, strings FROM subject_matches WHERE subject > ? AND subject <= ? AND set_id IN (SELECT value FROM json_each(?)) ORDER BY subject, set_id`,
      )
        .raw(true)
        .all(after ?? '', last, JSON.stringify(sets)) as [string, number, Buffer, string | null][];
      return raw.map((r): SubjectMatches => ({ subject: r[0], set: r[1], facts: decodeFacts(r[2], r[3]) }));
    },
    async dirtyBetween(after, last) {
      return st('SELECT subject FROM dirty_subjects WHERE subject > ? AND subject <= ? ORDER BY subject')
        .pluck(true)
        .all(after ?? '', last) as string[];
    },
    async dirtyAmong(subjects) {
      if (subjects.length === 0) return [];
      return st('SELECT subject FROM dirty_subjects WHERE subject IN (SELECT value FROM json_each(?))')
        .pluck(true)
        .all(json(subjects)) as string[];
    },
  } satisfies Partial<StoreTx>;
}
