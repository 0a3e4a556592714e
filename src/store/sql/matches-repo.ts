import type { CompiledQuery } from 'kysely';
import { decodeFacts, encodeFacts } from '../match-codec.js';
import type { MatchesRepo, MatchSet, SubjectMatches } from '../matches-port.js';
import { compiledOnce } from './compiled.js';
import type { SqlRunner } from './dialect.js';
import type { MatchSetsTable } from './tables.js';

/*
 * The kept rule matches (docs/decisions.md, "Kept rule matches"): one implementation for SQLite
 * and PostgreSQL. A page's rows are read as arrays (no object a row); the bulk write is one
 * statement of column arrays where the database has them (`can.arrays`), else one prepared
 * insert per row, run in one loop.
 */

const SET_COLUMNS = ['id', 'authority', 'scheme', 'version', 'layout', 'complete'] as const;
const ROW_COLUMNS = ['subject', 'set_id', 'facts', 'strings'] as const;

// Two servers may refresh one subject side by side from the same records: the first row stands.
const INSERT_MATCH = compiledOnce(4, (sql, subject: string, set: number, facts: unknown, strings: unknown) =>
  sql
    .insertInto('subject_matches')
    .values({ subject, set_id: set, facts: facts as Uint8Array, strings: strings as string | null })
    .onConflict((oc) => oc.doNothing()),
);
const DIRTY_BETWEEN = compiledOnce(2, (sql, after: string, last: string) =>
  sql
    .selectFrom('dirty_subjects')
    .select('subject')
    .where('subject', '>', after)
    .where('subject', '<=', last)
    .orderBy('subject'),
);

const toRows = (rows: readonly (readonly unknown[])[]): SubjectMatches[] =>
  rows.map((r) => ({
    subject: r[0] as string,
    set: r[1] as number,
    facts: decodeFacts(r[2] as Uint8Array, r[3] as string | null),
  }));

export function matchesRepo({ dialect, all, run, tuples, runEach }: SqlRunner): MatchesRepo {
  const { sql } = dialect;
  const toSet = (
    r: Pick<MatchSetsTable, 'authority' | 'scheme' | 'version' | 'layout'> & { id: number; complete: unknown },
  ): MatchSet => ({
    id: r.id,
    authority: r.authority,
    scheme: r.scheme,
    version: r.version,
    layout: r.layout,
    complete: dialect.readBool(r.complete),
  });
  const sets = () => sql.selectFrom('match_sets').select(SET_COLUMNS);
  const kept = (q: CompiledQuery) => tuples<unknown[]>(q).then(toRows);
  const strings = async (q: CompiledQuery) => (await tuples<[string]>(q)).map((r) => r[0]);
  return {
    async matchSets() {
      return (await all<Parameters<typeof toSet>[0]>(sets().orderBy('id').compile())).map(toSet);
    },
    async ensureMatchSet(ref, version, layout) {
      await run(
        sql
          .insertInto('match_sets')
          .values({ authority: ref.authority, scheme: ref.scheme, version, layout })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
      const [r] = await all<Parameters<typeof toSet>[0]>(
        sets()
          .where('authority', '=', ref.authority)
          .where('scheme', '=', ref.scheme)
          .where('version', '=', version)
          .compile(),
      );
      return toSet(r!);
    },
    async completeMatchSet(id) {
      await run(
        sql
          .updateTable('match_sets')
          .set({ complete: dialect.bool(true) as number })
          .where('id', '=', id)
          .compile(),
      );
    },
    async dropMatchSets(ids) {
      if (ids.length === 0) return;
      await run(sql.deleteFrom('subject_matches').where('set_id', 'in', ids).compile());
      await run(sql.deleteFrom('match_sets').where('id', 'in', ids).compile());
    },
    async replaceMatches(set, subjects, rows) {
      if (subjects.length > 0)
        await run(
          sql
            .deleteFrom('subject_matches')
            .where(dialect.oneOf('subject', subjects))
            .where('set_id', '=', set)
            .compile(),
        );
      if (rows.length === 0) return;
      const encoded = rows.map((r) => encodeFacts(r.facts));
      if (!dialect.can.arrays) {
        const qs = rows.map((r, i) => INSERT_MATCH(dialect, r.subject, set, encoded[i]!.values, encoded[i]!.strings));
        await runEach(
          qs[0]!,
          qs.map((q) => q.parameters),
        );
        return;
      }
      await run(
        sql
          .insertInto('subject_matches')
          .columns(ROW_COLUMNS)
          .expression(
            dialect.unnest({ subject: 'text', set_id: 'bigint', facts: 'bytea', strings: 'text' }, [
              rows.map((r) => r.subject),
              rows.map(() => set),
              encoded.map((e) => e.values),
              encoded.map((e) => e.strings),
            ]),
          )
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
    },
    async matchesOfSubjects(setIds, subjects) {
      if (setIds.length === 0 || subjects.length === 0) return [];
      return kept(
        sql
          .selectFrom('subject_matches')
          .select(ROW_COLUMNS)
          .where(dialect.oneOf('subject', subjects))
          .where('set_id', 'in', setIds)
          .orderBy('subject')
          .orderBy('set_id')
          .compile(),
      );
    },
    async matchesPage(setIds, after, limit) {
      if (setIds.length === 0) return [];
      const rows = sql
        .selectFrom('subject_matches')
        .select(ROW_COLUMNS)
        .where('subject', '>', after ?? '')
        .where('set_id', 'in', setIds)
        .orderBy('subject')
        .orderBy('set_id');
      // One set keeps one row a subject: the page is the first `limit` rows, one walk of the primary key.
      if (setIds.length === 1) return kept(rows.limit(limit).compile());
      // Otherwise the page's last subject is found first (once: the subquery does not depend on the
      // row), then one walk of the primary key up to it.
      const page = sql
        .selectFrom('subject_matches')
        .select('subject')
        .distinct()
        .where('subject', '>', after ?? '')
        .where('set_id', 'in', setIds)
        .orderBy('subject')
        .limit(limit)
        .as('page');
      return kept(
        rows
          .where('subject', '<=', (eb) => eb.selectFrom(page).select((p) => p.fn.max('page.subject').as('last')))
          .compile(),
      );
    },
    async matchesBetween(setIds, after, last) {
      if (setIds.length === 0) return [];
      return kept(
        sql
          .selectFrom('subject_matches')
          .select(ROW_COLUMNS)
          .where('subject', '>', after ?? '')
          .where('subject', '<=', last)
          .where('set_id', 'in', setIds)
          .orderBy('subject')
          .orderBy('set_id')
          .compile(),
      );
    },
    async dirtyBetween(after, last) {
      return strings(DIRTY_BETWEEN(dialect, after ?? '', last));
    },
    async dirtyAmong(subjects) {
      if (subjects.length === 0) return [];
      return strings(
        sql.selectFrom('dirty_subjects').select('subject').where(dialect.oneOf('subject', subjects)).compile(),
      );
    },
  };
}
