import { sql as raw, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { ListingCore, ListingState } from '../../core/listing-machine.js';
import type { DueProcessRepo, ListingRow, NewListing, SanctionInForceRow } from '../due-process-port.js';
import { compiledOnce, compiledOnceIn } from './compiled.js';
import type { ColumnType, SqlDialect, SqlRunner } from './dialect.js';
import type { ActiveSanctionsTable, ListingsTable } from './tables.js';

/*
 * Listings (SPEC §6), exemptions and the sanctions in force: one implementation for SQLite and
 * PostgreSQL. Where rows lock (`SqlDialect.can.rowLocks`: PostgreSQL, whose transactions run
 * side by side), the reads that precede a decision (a listing, the open or due listings) lock
 * their rows FOR UPDATE, so two transactions deciding on the same listing run one after the
 * other and the second sees the first; SQLite has one writer instead.
 *
 * The literals below stay literals (never parameters): the partial indexes' conditions
 * (`state <> 'ended'`) and the expression index listings_next are matched against the query's
 * text, by SQLite's planner and by PostgreSQL's generic plans of a prepared statement alike.
 */

export type ListingsRepo = Pick<
  DueProcessRepo,
  | 'insertListing'
  | 'insertListingIfNoneOpen'
  | 'updateListing'
  | 'getListing'
  | 'openListings'
  | 'openListingsBetween'
  | 'openListingsOfList'
  | 'listingsOfSubject'
  | 'dueListings'
  | 'countListings'
  | 'listingsOfState'
  | 'listingsOf'
  | 'putExemption'
  | 'getExemption'
  | 'deleteExemption'
  | 'replaceSanctions'
  | 'activeSanctions'
  | 'countSanctions'
>;

/** The indexed expression of listings_next: a listing's next time-driven instant. */
const NEXT_DUE = raw<number>`(CASE WHEN state = 'noticed' THEN (CASE WHEN received_at IS NULL THEN noticed_at + 172800000 ELSE effect_at END) ELSE term_ends_at END)`;
const ENDED = raw.lit<ListingState>('ended');

/** The check's read (SPEC §4): compiled once, it runs on every check. */
const SANCTIONS_IN_FORCE = compiledOnce(2, (sql, subject: string, action: string) =>
  sql
    .selectFrom('active_sanctions as a')
    .leftJoin('listings as l', 'l.id', 'a.listing_id')
    .selectAll('a')
    .select('l.version')
    .where('a.subject', '=', subject)
    .where('a.action', '=', action)
    .orderBy('a.listing_id'),
);

const SANCTION_TYPES: Readonly<Record<keyof ActiveSanctionsTable, ColumnType>> = {
  listing_id: 'bigint',
  subject: 'text',
  action: 'text',
  effect: 'text',
  limit_json: 'text',
  authority: 'text',
  scheme: 'text',
  list: 'text',
  since: 'bigint',
};

// A listing's writes and its locked read, on the derive's path (a listing noticed, activated,
// ended), and a listing's sanctions replaced as it becomes active or stops being so: compiled
// once (docs/bench.md, "Due process, written once").
const CORE_COLUMNS = [
  'state',
  'effect_at',
  'active_since',
  'appealed',
  'ended_at',
  'end_reason',
  'term',
  'term_ends_at',
  'received_at',
] as const;
const LISTING_COLUMNS = [
  'authority',
  'scheme',
  'list',
  'list_type',
  'subject',
  'version',
  'noticed_at',
  ...CORE_COLUMNS,
] as const;
const valuesOf = <C extends readonly string[]>(columns: C, values: readonly unknown[]) =>
  Object.fromEntries(columns.map((c, i) => [c, values[i]]));
const insertListing = (ifNoneOpen: boolean) =>
  compiledOnce<unknown[]>(LISTING_COLUMNS.length, (sql, ...values) => {
    const q = sql.insertInto('listings').values(valuesOf(LISTING_COLUMNS, values) as Insertable<ListingsTable>);
    return (ifNoneOpen ? q.onConflict((oc) => oc.doNothing()) : q).returning('id');
  });
const INSERT_LISTING = insertListing(false);
const INSERT_LISTING_IF_NONE_OPEN = insertListing(true);
const UPDATE_LISTING = compiledOnce<unknown[]>(CORE_COLUMNS.length + 1, (sql, ...values) =>
  sql
    .updateTable('listings')
    .set(valuesOf(CORE_COLUMNS, values) as Updateable<ListingsTable>)
    .where('id', '=', values[CORE_COLUMNS.length] as number),
);
const GET_LISTING = compiledOnceIn(1, (dialect, id: number) => {
  const q = dialect.sql.selectFrom('listings').selectAll().where('id', '=', id);
  return dialect.can.rowLocks ? q.forUpdate() : q;
});
const DELETE_SANCTIONS = compiledOnce(1, (sql, listingId: number) =>
  sql.deleteFrom('active_sanctions').where('listing_id', '=', listingId),
);
/** Read for every listing the derive opens (an exemption holds the same facts off the list). */
const GET_EXEMPTION = compiledOnce(4, (sql, authority: string, scheme: string, list: string, subject: string) =>
  sql
    .selectFrom('exemptions')
    .select('since')
    .where('authority', '=', authority)
    .where('scheme', '=', scheme)
    .where('list', '=', list)
    .where('subject', '=', subject),
);
const SANCTION_COLUMNS = Object.keys(SANCTION_TYPES) as (keyof ActiveSanctionsTable)[];
const INSERT_SANCTIONS = compiledOnceIn(1, (dialect, json: string) =>
  dialect.sql.insertInto('active_sanctions').columns(SANCTION_COLUMNS).expression(dialect.rows(json, SANCTION_TYPES)),
);
/** One sanction's row, its values in SANCTION_COLUMNS' order: on SQLite, run once per row (`SqlRunner.runEach`). */
const INSERT_SANCTION = compiledOnce<unknown[]>(SANCTION_COLUMNS.length, (sql, ...values) =>
  sql
    .insertInto('active_sanctions')
    .values(valuesOf(SANCTION_COLUMNS, values) as unknown as Insertable<ActiveSanctionsTable>),
);

const toListing = (dialect: SqlDialect, r: Selectable<ListingsTable>): ListingRow => ({
  id: r.id,
  authority: r.authority,
  scheme: r.scheme,
  list: r.list,
  listType: r.list_type,
  subject: r.subject,
  version: r.version,
  state: r.state,
  noticedAt: r.noticed_at,
  effectAt: r.effect_at,
  activeSince: r.active_since,
  appealed: dialect.readBool(r.appealed),
  endedAt: r.ended_at,
  endReason: r.end_reason,
  term: r.term,
  termEndsAt: r.term_ends_at,
  receivedAt: r.received_at,
});

export function listingsRepo({ dialect, all, run, runEach }: SqlRunner): ListingsRepo {
  const { sql } = dialect;
  const core = (c: ListingCore) => [
    c.state,
    c.effectAt,
    c.activeSince,
    dialect.bool(c.appealed),
    c.endedAt,
    c.endReason,
    c.term,
    c.termEndsAt,
    c.receivedAt,
  ];
  const values = (r: NewListing) => [
    r.authority,
    r.scheme,
    r.list,
    r.listType,
    r.subject,
    r.version,
    r.noticedAt,
    ...core(r),
  ];
  const listings = () => sql.selectFrom('listings').selectAll();
  type ListingsQuery = ReturnType<typeof listings>;
  const read = async (q: ListingsQuery) =>
    (await all<Selectable<ListingsTable>>(q.compile())).map((r) => toListing(dialect, r));
  /** A read before a decision: its rows locked where rows lock. */
  const locked = (q: ListingsQuery) => read(dialect.can.rowLocks ? q.forUpdate() : q);
  const open = (authority: string, scheme: string) =>
    listings().where('authority', '=', authority).where('scheme', '=', scheme).where('state', '<>', ENDED);
  return {
    async insertListing(r) {
      const [row] = await all<{ id: number }>(INSERT_LISTING(dialect, ...values(r)));
      return row!.id;
    },
    async insertListingIfNoneOpen(r) {
      // No row: listings_one_open already holds an open listing of the subject on the list
      // (on PostgreSQL, after waiting for the transaction that inserted it).
      const [row] = await all<{ id: number }>(INSERT_LISTING_IF_NONE_OPEN(dialect, ...values(r)));
      return row?.id;
    },
    async updateListing(id, c) {
      await run(UPDATE_LISTING(dialect, ...core(c), id));
    },
    async getListing(id) {
      const [r] = await all<Selectable<ListingsTable>>(GET_LISTING(dialect, id));
      return r && toListing(dialect, r);
    },
    async openListings(ref, subjects) {
      if (subjects.length === 0) return [];
      return locked(open(ref.authority, ref.scheme).where(dialect.oneOf('subject', subjects)).orderBy('id'));
    },
    async openListingsBetween(ref, after, last) {
      return locked(
        open(ref.authority, ref.scheme)
          .where('subject', '>', after ?? '')
          .where('subject', '<=', last)
          .orderBy('id'),
      );
    },
    async openListingsOfList(ref, list) {
      return locked(
        listings()
          .where('authority', '=', ref.authority)
          .where('scheme', '=', ref.scheme)
          .where('list', '=', list)
          .where('state', '<>', ENDED)
          .orderBy('id'),
      );
    },
    async listingsOfSubject(subject) {
      return read(listings().where('subject', '=', subject).orderBy('id'));
    },
    async dueListings(now, limit) {
      // A listing another sweep is activating is waited for, then left out if it is no longer noticed.
      return locked(
        listings().where('state', '<>', ENDED).where(NEXT_DUE, '<=', now).orderBy(NEXT_DUE).orderBy('id').limit(limit),
      );
    },
    async listingsOfState(state, limit) {
      return read(listings().where('state', '=', state).orderBy('id').limit(limit));
    },
    async listingsOf(filter, page) {
      let q = listings();
      if (filter.authority !== undefined) q = q.where('authority', '=', filter.authority);
      if (filter.subject !== undefined) q = q.where('subject', '=', filter.subject);
      if (filter.state !== undefined) q = q.where('state', '=', filter.state);
      if (filter.scheme !== undefined) q = q.where('scheme', '=', filter.scheme);
      if (filter.list !== undefined) q = q.where('list', '=', filter.list);
      return read(
        q
          .where('id', '>', page.after ?? 0)
          .orderBy('id')
          .limit(page.limit),
      );
    },
    async countListings() {
      return all<{ state: string; count: number }>(
        sql
          .selectFrom('listings')
          .select((eb) => ['state', eb.fn.countAll<number>().as('count')])
          .groupBy('state')
          .orderBy('state')
          .compile(),
      );
    },

    async putExemption(ref, list, subject, since) {
      await run(
        sql
          .insertInto('exemptions')
          .values({ authority: ref.authority, scheme: ref.scheme, list, subject, since })
          .onConflict((oc) =>
            oc
              .columns(['authority', 'scheme', 'list', 'subject'])
              .doUpdateSet({ since: (eb) => eb.ref('excluded.since') }),
          )
          .compile(),
      );
    },
    async getExemption(ref, list, subject) {
      return (await all<{ since: number }>(GET_EXEMPTION(dialect, ref.authority, ref.scheme, list, subject)))[0]?.since;
    },
    async deleteExemption(ref, list, subject) {
      await run(
        sql
          .deleteFrom('exemptions')
          .where('authority', '=', ref.authority)
          .where('scheme', '=', ref.scheme)
          .where('list', '=', list)
          .where('subject', '=', subject)
          .compile(),
      );
    },

    async replaceSanctions(listingId, rows) {
      await run(DELETE_SANCTIONS(dialect, listingId));
      if (rows.length === 0) return;
      const values = rows.map((r) => [
        listingId,
        r.subject,
        r.action,
        r.effect,
        r.limit === null ? null : JSON.stringify(r.limit),
        r.authority,
        r.scheme,
        r.list,
        r.since,
      ]);
      // In process (SQLite), one prepared insert a row: half the cost of reading the rows back out of
      // one JSON parameter (docs/bench.md); a server takes them in one statement, one round trip.
      if (dialect.can.inProcess) {
        const qs = values.map((v) => INSERT_SANCTION(dialect, ...v));
        await runEach(
          qs[0]!,
          qs.map((q) => q.parameters),
        );
        return;
      }
      // One statement for any number of rows (SqlDialect.rows).
      const json = JSON.stringify(values.map((v) => Object.fromEntries(SANCTION_COLUMNS.map((c, i) => [c, v[i]]))));
      await run(INSERT_SANCTIONS(dialect, json));
    },
    async activeSanctions(subject, action) {
      const rows = await all<ActiveSanctionsTable & { version: number | null }>(
        SANCTIONS_IN_FORCE(dialect, subject, action),
      );
      return rows.map(
        (r): SanctionInForceRow => ({
          listingId: r.listing_id,
          subject: r.subject,
          action: r.action,
          effect: r.effect,
          limit: r.limit_json === null ? null : (JSON.parse(r.limit_json) as Record<string, number>),
          authority: r.authority,
          scheme: r.scheme,
          list: r.list,
          since: r.since,
          version: r.version,
        }),
      );
    },
    async countSanctions() {
      return all<{ action: string; effect: string; count: number }>(
        sql
          .selectFrom('active_sanctions')
          .select((eb) => ['action', 'effect', eb.fn.countAll<number>().as('count')])
          .groupBy(['action', 'effect'])
          .orderBy('action')
          .orderBy('effect')
          .compile(),
      );
    },
  };
}
