import { sql as raw, type CompiledQuery, type OnConflictBuilder } from 'kysely';
import type { SchemeRef, StoreTx, SubjectState } from '../store.js';
import { compiledOnce } from './compiled.js';
import type { SqlRunner } from './dialect.js';
import type { Tables } from './tables.js';

/*
 * Derived state (dirty subjects, each subject's state under each scheme): one implementation
 * for SQLite and PostgreSQL. The derive's page reads and writes are compiled once; its bulk
 * write is one statement of column arrays where the database has them (`can.arrays`), else one
 * prepared insert per row, run in one loop.
 */

export type StatesRepo = Pick<
  StoreTx,
  | 'markDirty'
  | 'takeDirty'
  | 'putStates'
  | 'deleteStates'
  | 'getStates'
  | 'statesAfter'
  | 'statesBetween'
  | 'deleteStatesAfter'
  | 'summarizeStates'
  | 'scoreRank'
  | 'dueStates'
>;

/** A state's columns after its key, in the order every read selects them. */
const VALUE_COLUMNS = ['version', 'judged', 'score', 'grade', 'lists', 'next_change', 'evaluated_at'] as const;

const STATE_TYPES = {
  authority: 'text',
  scheme: 'text',
  subject: 'text',
  version: 'int',
  judged: 'boolean',
  score: 'float8',
  grade: 'text',
  lists: 'jsonb',
  next_change: 'bigint',
  evaluated_at: 'bigint',
} as const;
const STATE_COLUMNS = Object.keys(STATE_TYPES) as (keyof typeof STATE_TYPES)[];

const STATES_BETWEEN = compiledOnce(4, (sql, authority: string, scheme: string, after: string, last: string) =>
  sql
    .selectFrom('subject_states')
    .select(['subject', ...VALUE_COLUMNS])
    .where('authority', '=', authority)
    .where('scheme', '=', scheme)
    .where('subject', '>', after)
    .where('subject', '<=', last)
    .orderBy('subject'),
);
const STATES_AFTER = compiledOnce(4, (sql, authority: string, scheme: string, after: string, limit: number) =>
  sql
    .selectFrom('subject_states')
    .select(['subject', ...VALUE_COLUMNS])
    .where('authority', '=', authority)
    .where('scheme', '=', scheme)
    .where('subject', '>', after)
    .orderBy('subject')
    .limit(limit),
);
const DUE_STATES = compiledOnce(2, (sql, now: number, limit: number) =>
  sql
    .selectFrom('subject_states')
    .select(['authority', 'scheme', 'subject', ...VALUE_COLUMNS])
    .where('next_change', 'is not', null)
    .where('next_change', '<=', now)
    // Ties in the order of the index (next_change, then the key) on both.
    .orderBy('next_change')
    .orderBy('authority')
    .orderBy('scheme')
    .orderBy('subject')
    .limit(limit),
);
const DELETE_AFTER = compiledOnce(3, (sql, authority: string, scheme: string, after: string) =>
  sql
    .deleteFrom('subject_states')
    .where('authority', '=', authority)
    .where('scheme', '=', scheme)
    .where('subject', '>', after),
);
/** A state written again replaces every column after the key. */
const replaceState = (oc: OnConflictBuilder<Tables, 'subject_states'>) =>
  oc.columns(['authority', 'scheme', 'subject']).doUpdateSet((eb) => ({
    version: eb.ref('excluded.version'),
    judged: eb.ref('excluded.judged'),
    score: eb.ref('excluded.score'),
    grade: eb.ref('excluded.grade'),
    lists: eb.ref('excluded.lists'),
    next_change: eb.ref('excluded.next_change'),
    evaluated_at: eb.ref('excluded.evaluated_at'),
  }));

// One row of putStates where there are no array parameters (SQLite: a function call a row).
const PUT_STATE = compiledOnce(
  10,
  (
    sql,
    a: string,
    s: string,
    subj: string,
    v: number,
    j: unknown,
    sc: unknown,
    g: unknown,
    l: string,
    n: unknown,
    e: number,
  ) =>
    sql
      .insertInto('subject_states')
      .values({
        authority: a,
        scheme: s,
        subject: subj,
        version: v,
        judged: j as number,
        score: sc as number | null,
        grade: g as string | null,
        lists: l,
        next_change: n as number | null,
        evaluated_at: e,
      })
      .onConflict(replaceState),
);

/** Code-point order (what both databases' text order is), not UTF-16's: surrogates sort above U+E000–U+FFFF. */
const codePoints = (a: string, b: string): number => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x += x < 0xe000 ? 0x2000 : -0x800;
    if (y >= 0xd800) y += y < 0xe000 ? 0x2000 : -0x800;
    return x - y;
  }
  return a.length - b.length;
};

export function statesRepo({ dialect, all, run, tuples, runEach }: SqlRunner): StatesRepo {
  const { sql } = dialect;
  // A full pass reads every state once: no parse for the usual empty lists.
  const readLists = (v: unknown): string[] => (v === '[]' ? [] : dialect.readJson<string[]>(v));
  // r[o] is the subject, then VALUE_COLUMNS.
  const toState = (ref: SchemeRef, r: readonly unknown[], o: number): SubjectState => ({
    authority: ref.authority,
    scheme: ref.scheme,
    subject: r[o] as string,
    version: r[o + 1] as number,
    judged: dialect.readBool(r[o + 2]),
    score: r[o + 3] as number | null,
    grade: r[o + 4] as string | null,
    lists: readLists(r[o + 5]),
    nextChange: r[o + 6] as number | null,
    evaluatedAt: r[o + 7] as number,
  });
  const ofScheme = async (ref: SchemeRef, q: CompiledQuery) =>
    (await tuples<unknown[]>(q)).map((r) => toState(ref, r, 0));
  const keyed = (ref: SchemeRef) =>
    sql.deleteFrom('subject_states').where('authority', '=', ref.authority).where('scheme', '=', ref.scheme);
  const judgedOf = (ref: SchemeRef) =>
    sql
      .selectFrom('subject_states')
      .where('authority', '=', ref.authority)
      .where('scheme', '=', ref.scheme)
      .where('judged', '=', dialect.bool(true) as number);
  return {
    async markDirty(subjects) {
      if (subjects.length === 0) return;
      // Where reads lock rows (PostgreSQL), a mark already there is updated, not skipped, so this
      // transaction holds its row lock: a sweep cannot take (and delete) it until this transaction's
      // facts are committed, and if a sweep took it first this waits for that sweep and then inserts a
      // new mark. Skipping it would let a sweep consume the old mark, read the facts without this
      // transaction's, and leave no mark behind. In subject order, so two transactions marking the same
      // subjects never wait for each other in a circle. (SQLite has one writer: a mark there is kept.)
      const source = sql
        .selectFrom(
          raw<{ subject: string }>`(${dialect.rows(JSON.stringify(subjects.map((subject) => ({ subject }))), {
            subject: 'text',
          })})`.as('r'),
        )
        .select('r.subject')
        .distinct()
        .orderBy('r.subject');
      await run(
        sql
          .insertInto('dirty_subjects')
          .columns(['subject'])
          .expression(source)
          .onConflict((oc) =>
            dialect.can.rowLocks
              ? oc.column('subject').doUpdateSet((eb) => ({ subject: eb.ref('excluded.subject') }))
              : oc.doNothing(),
          )
          .compile(),
      );
    },
    async takeDirty(limit) {
      // SKIP LOCKED where there are row locks: concurrent sweeps take disjoint batches instead of
      // waiting to re-take the same subjects.
      const rows = await tuples<[string]>(dialect.takeFirst('dirty_subjects', 'subject', limit).compile(sql));
      return rows.map((r) => r[0]).sort(codePoints);
    },
    async putStates(rows) {
      if (rows.length === 0) return;
      if (!dialect.can.arrays) {
        const qs = rows.map((r) =>
          PUT_STATE(
            dialect,
            r.authority,
            r.scheme,
            r.subject,
            r.version,
            dialect.bool(r.judged),
            r.score,
            r.grade,
            JSON.stringify(r.lists),
            r.nextChange,
            r.evaluatedAt,
          ),
        );
        await runEach(
          qs[0]!,
          qs.map((q) => q.parameters),
        );
        return;
      }
      await run(
        sql
          .insertInto('subject_states')
          .columns(STATE_COLUMNS)
          .expression(
            dialect.unnest(STATE_TYPES, [
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
            ]),
          )
          .onConflict(replaceState)
          .compile(),
      );
    },
    async deleteStates(ref, subjects) {
      if (subjects.length === 0) return;
      await run(keyed(ref).where(dialect.oneOf('subject', subjects)).compile());
    },
    async getStates(ref, subjects) {
      if (subjects.length === 0) return [];
      return ofScheme(
        ref,
        sql
          .selectFrom('subject_states')
          .select(['subject', ...VALUE_COLUMNS])
          .where('authority', '=', ref.authority)
          .where('scheme', '=', ref.scheme)
          .where(dialect.oneOf('subject', subjects))
          .orderBy('subject')
          .compile(),
      );
    },
    async statesAfter(ref, after, limit) {
      return ofScheme(ref, STATES_AFTER(dialect, ref.authority, ref.scheme, after ?? '', limit));
    },
    async statesBetween(ref, after, last) {
      return ofScheme(ref, STATES_BETWEEN(dialect, ref.authority, ref.scheme, after ?? '', last));
    },
    async deleteStatesAfter(ref, after) {
      await run(DELETE_AFTER(dialect, ref.authority, ref.scheme, after ?? ''));
    },
    async summarizeStates(ref) {
      const grades = await all<{ grade: string | null; count: number }>(
        judgedOf(ref)
          .select((eb) => ['grade', eb.fn.countAll<number>().as('count')])
          .groupBy('grade')
          .orderBy('grade', (ob) => ob.asc().nullsFirst())
          .compile(),
      );
      const lists = await all<{ list: string; count: number }>(
        sql
          .selectFrom(['subject_states as s', dialect.jsonTextElements('s.lists').as('j')])
          .select((eb) => [eb.ref('j.value').as('list'), eb.fn.countAll<number>().as('count')])
          .where('s.authority', '=', ref.authority)
          .where('s.scheme', '=', ref.scheme)
          .where('s.judged', '=', dialect.bool(true) as number)
          .groupBy('j.value')
          .orderBy('j.value')
          .compile(),
      );
      return { judged: grades.reduce((n, g) => n + g.count, 0), grades, lists };
    },
    async scoreRank(ref, score) {
      const [r] = await all<{ judged: number; below: number; equal: number }>(
        judgedOf(ref)
          .where('score', 'is not', null)
          .select((eb) => [
            eb.fn.countAll<number>().as('judged'),
            eb.fn
              .coalesce(
                eb.fn.sum<number>(eb.case().when('score', '<', score).then(eb.lit(1)).else(eb.lit(0)).end()),
                eb.lit(0),
              )
              .as('below'),
            eb.fn
              .coalesce(
                eb.fn.sum<number>(eb.case().when('score', '=', score).then(eb.lit(1)).else(eb.lit(0)).end()),
                eb.lit(0),
              )
              .as('equal'),
          ])
          .compile(),
      );
      return { judged: r?.judged ?? 0, below: r?.below ?? 0, equal: r?.equal ?? 0 };
    },
    async dueStates(now, limit) {
      const rows = await tuples<unknown[]>(DUE_STATES(dialect, now, limit));
      return rows.map((r) => toState({ authority: r[0] as string, scheme: r[1] as string }, r, 2));
    },
  };
}
