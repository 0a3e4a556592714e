import {
  sql as raw,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type RawBuilder,
  type SqlBool,
} from 'kysely';
import type { DecisionIds } from '../decision-id.js';
import type { Tables } from './tables.js';

/**
 * What really differs between the two databases, in one place (issue 14): the SQL a query
 * compiles to, how a boolean and a JSON value are stored and read back, and what each can do.
 * Repositories written once build their queries with `sql` (Kysely, used as a compiler only:
 * it never opens a connection) and run them through the store's own transaction (`SqlRunner`).
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Builds and compiles queries; executing through it fails (a dummy driver). */
  readonly sql: Kysely<Tables>;
  /** What one database can do and the other cannot. */
  readonly can: {
    /** COPY FROM STDIN for bulk loads. */
    readonly copy: boolean;
    /** `FOR UPDATE SKIP LOCKED`: several processes take disjoint rows. */
    readonly skipLocked: boolean;
    /** Advisory locks between processes (SQLite has one writer instead). */
    readonly advisoryLocks: boolean;
    /** Notices to other processes on the database, delivered when the transaction commits (`notify`). */
    readonly notify: boolean;
    /** `SELECT … FOR UPDATE`: a read locks its rows until the transaction ends (SQLite has one writer instead). */
    readonly rowLocks: boolean;
    /**
     * Array parameters (`unnest`): many rows bound as one array per column, one statement and one round
     * trip for any number of rows, binary columns included. Without them (SQLite, where a statement is
     * a function call in this process, not a round trip) bulk writes run one prepared insert per row
     * (`SqlRunner.runEach`).
     */
    readonly arrays: boolean;
    /**
     * `SET TRANSACTION ISOLATION LEVEL`: a transaction beside others asks to read one snapshot
     * (`snapshotReadOnly`). SQLite runs one transaction at a time, each on one snapshot already.
     */
    readonly isolationLevels: boolean;
    /**
     * The database runs in this process, so a statement costs no round trip: a batch of rows is
     * written one prepared statement per row (`SqlRunner.runEach`), which on SQLite is 2.3x faster
     * than one statement over a JSON parameter (`rows`); a server takes the batch in one statement.
     */
    readonly inProcess: boolean;
  };
  /** A boolean as the column stores it (SQLite: 0 or 1). */
  readonly bool: (b: boolean) => boolean | number;
  readonly readBool: (v: unknown) => boolean;
  /** A JSON column's value as read: PostgreSQL's JSONB arrives parsed, SQLite's TEXT does not. */
  readonly readJson: <T>(v: unknown) => T;
  /** A list-of-text column's value as written: SQLite keeps JSON text, PostgreSQL a TEXT[]. */
  readonly textList: (xs: readonly string[]) => unknown;
  readonly readTextList: <T extends string>(v: unknown) => T[];
  /**
   * A statement that tells every process listening on `channel` (and on this database's schema:
   * the payload is `<schema>/<payload>`) once the transaction commits. Only where `can.notify`.
   */
  readonly notify: (channel: string, payload: string) => RawBuilder<unknown>;
  /**
   * `column` is one of `values`, bound as ONE parameter (SQLite: json_each; PostgreSQL: ANY of an
   * array), so the statement's text, and its prepared statement, is the same for any number of values.
   */
  readonly oneOf: (column: string, values: readonly string[]) => RawBuilder<SqlBool>;
  /**
   * As `oneOf`, with the values already a parameter in `textList` form, so that a query compiled
   * once (`compiledOnce`) binds them per call.
   */
  readonly inList: (column: string, list: unknown) => RawBuilder<SqlBool>;
  /**
   * A planner hint after a table in FROM: SQLite takes the index named (its planner would
   * otherwise choose one that sorts everything); PostgreSQL plans by its statistics and takes none.
   */
  readonly indexedBy: (index: string) => RawBuilder<unknown>;
  /**
   * Rows given as one JSON array of objects, as a SELECT to insert from (one parameter, one
   * statement text for any number of rows). Column types are PostgreSQL's names.
   */
  readonly rows: (json: string, columns: Readonly<Record<string, ColumnType>>) => RawBuilder<unknown>;
  /**
   * Rows given as one array per column (in `columns`' order), as a SELECT to insert from: one
   * parameter per column, one statement text for any number of rows. Only where `can.arrays`.
   */
  readonly unnest: (
    columns: Readonly<Record<string, ColumnType | 'bytea'>>,
    arrays: readonly (readonly unknown[])[],
  ) => RawBuilder<unknown>;
  /**
   * Deletes the first `limit` rows of `table` in `column` order and returns their `column`, in no
   * particular order. Where `can.skipLocked`, rows other transactions hold are passed over, so that
   * concurrent takers get disjoint rows.
   */
  readonly takeFirst: (table: string, column: string, limit: number) => RawBuilder<Record<string, unknown>>;
  /**
   * A statement that takes a transaction-scoped lock between processes on this database, named by
   * `space`, this database's schema (so that databases sharing a server do not meet) and `key` if
   * given; `shared` locks exclude only exclusive ones. It waits while another transaction holds it,
   * and is released when the transaction ends or its connection dies. Only where `can.advisoryLocks`.
   */
  readonly advisoryLock: (
    space: string,
    options?: { readonly key?: string; readonly shared?: boolean },
  ) => RawBuilder<unknown>;
  /** Makes the transaction read one snapshot, as of its first read, and only read. Only where `can.isolationLevels`. */
  readonly snapshotReadOnly: () => RawBuilder<unknown>;
  /**
   * The elements of a JSON array of text in `column`, as a FROM item (to alias) whose `value` is
   * each element, compared in code-point order.
   */
  readonly jsonTextElements: (column: string) => RawBuilder<{ value: string }>;
}

export type ColumnType = 'text' | 'int' | 'bigint' | 'float8' | 'boolean' | 'jsonb';

const unsupported = (what: string, flag: string) => () => {
  throw new Error(`SQLite has no ${what} (SqlDialect.can.${flag})`);
};

const compilerOnly = (
  adapter: () => SqliteAdapter | PostgresAdapter,
  compiler: () => SqliteQueryCompiler | PostgresQueryCompiler,
  introspector: typeof SqliteIntrospector | typeof PostgresIntrospector,
) =>
  new Kysely<Tables>({
    dialect: {
      createAdapter: adapter,
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new introspector(db),
      createQueryCompiler: compiler,
    },
  });

export const SQLITE_DIALECT: SqlDialect = {
  name: 'sqlite',
  sql: compilerOnly(
    () => new SqliteAdapter(),
    () => new SqliteQueryCompiler(),
    SqliteIntrospector,
  ),
  can: {
    copy: false,
    skipLocked: false,
    advisoryLocks: false,
    notify: false,
    rowLocks: false,
    arrays: false,
    isolationLevels: false,
    inProcess: true,
  },

  bool: (b) => (b ? 1 : 0),
  readBool: (v) => v === 1 || v === true,
  readJson: <T>(v: unknown) => JSON.parse(v as string) as T,
  textList: (xs) => JSON.stringify(xs),
  readTextList: <T extends string>(v: unknown) => JSON.parse(v as string) as T[],
  notify: () => {
    throw new Error('SQLite has no notices between processes (SqlDialect.can.notify)');
  },
  oneOf: (column, values) =>
    raw<SqlBool>`${raw.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`,
  inList: (column, list) => raw<SqlBool>`${raw.ref(column)} IN (SELECT value FROM json_each(${list}))`,
  indexedBy: (index) => raw`INDEXED BY ${raw.ref(index)}`,
  rows: (json, columns) =>
    // WHERE true: SQLite reads `INSERT … SELECT … ON CONFLICT` right only with a WHERE clause.
    raw`SELECT ${raw.join(
      Object.keys(columns).map((c) => raw`json_extract(value, ${raw.lit(`$.${c}`)}) AS ${raw.ref(c)}`),
    )} FROM json_each(${json}) WHERE true`,
  unnest: unsupported('array parameters', 'arrays'),
  // DELETE … RETURNING returns rows in no set order (the caller sorts).
  takeFirst: (table, column, limit) =>
    raw`DELETE FROM ${raw.table(table)} WHERE ${raw.ref(column)} IN (SELECT ${raw.ref(column)} FROM ${raw.table(
      table,
    )} ORDER BY ${raw.ref(column)} LIMIT ${limit}) RETURNING ${raw.ref(column)}`,
  advisoryLock: unsupported('locks between processes', 'advisoryLocks'),
  snapshotReadOnly: unsupported('isolation levels', 'isolationLevels'),
  // Text compares in code-point order (BINARY) already.
  jsonTextElements: (column) => raw<{ value: string }>`json_each(${raw.ref(column)})`,
};

export const POSTGRES_DIALECT: SqlDialect = {
  name: 'postgres',
  sql: compilerOnly(
    () => new PostgresAdapter(),
    () => new PostgresQueryCompiler(),
    PostgresIntrospector,
  ),
  can: {
    copy: true,
    skipLocked: true,
    advisoryLocks: true,
    notify: true,
    rowLocks: true,
    arrays: true,
    isolationLevels: true,
    inProcess: false,
  },

  bool: (b) => b,
  readBool: (v) => v === true,
  readJson: <T>(v: unknown) => v as T,
  // pg writes a JavaScript array as an array literal and reads TEXT[] back as one.
  textList: (xs) => xs,
  readTextList: <T extends string>(v: unknown) => v as T[],
  notify: (channel, payload) => raw`SELECT pg_notify(${channel}, current_schema() || '/' || ${payload})`,
  oneOf: (column, values) => raw<SqlBool>`${raw.ref(column)} = ANY(${values}::text[])`,
  inList: (column, list) => raw<SqlBool>`${raw.ref(column)} = ANY(${list}::text[])`,
  indexedBy: () => raw``,
  rows: (json, columns) =>
    raw`SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS r(${raw.raw(
      Object.entries(columns)
        .map(([c, t]) => `"${c}" ${t}`)
        .join(', '),
    )})`,
  unnest: (columns, arrays) => {
    const entries = Object.entries(columns);
    return raw`SELECT * FROM unnest(${raw.join(entries.map(([, t], i) => raw`${arrays[i]}::${raw.raw(t)}[]`))}) AS u(${raw.raw(
      entries.map(([c]) => `"${c}"`).join(', '),
    )})`;
  },
  // The batch is picked once (an init plan) and deleted by row address (a TID scan), a plan that does not
  // depend on statistics: such a table is mostly empty and its statistics say so, and with a join or
  // `IN (subquery)` the planner chose nested loops that cost seconds a take once thousands of rows were
  // waiting (seen in src/http/fleet.test.ts). The rows are locked, so their addresses cannot change.
  takeFirst: (table, column, limit) =>
    raw`DELETE FROM ${raw.table(table)} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${raw.table(table)} ORDER BY ${raw.ref(
      column,
    )} LIMIT ${limit} FOR UPDATE SKIP LOCKED)) RETURNING ${raw.ref(column)}`,
  // Keyed by the schema, so that databases sharing a server do not share locks.
  advisoryLock: (space, { key, shared = false } = {}) => {
    const name =
      key === undefined
        ? raw`${raw.lit(`${space}/`)} || current_schema()`
        : raw`${raw.lit(`${space}/`)} || current_schema() || '/' || ${key}`;
    return shared
      ? raw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${name}, 0))`
      : raw`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`;
  },
  snapshotReadOnly: () => raw`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`,
  jsonTextElements: (column) =>
    raw<{
      value: string;
    }>`LATERAL (SELECT e COLLATE "C" AS value FROM jsonb_array_elements_text(${raw.ref(column)}) AS e)`,
};

/** Runs compiled queries in the store's open transaction (its connection, its prepared-statement cache). */
export interface SqlRunner {
  readonly dialect: SqlDialect;
  /** The rows of a compiled query. */
  readonly all: <R>(q: CompiledQuery) => Promise<R[]>;
  /** The number of rows a compiled statement inserted, updated or deleted. */
  readonly run: (q: CompiledQuery) => Promise<number>;
  /** The rows of a compiled query as arrays of its columns' values, in the select list's order (no object a row). */
  readonly tuples: <R extends readonly unknown[]>(q: CompiledQuery) => Promise<R[]>;
  /**
   * Runs one compiled statement once per list of parameters (each in the order of `q.parameters`),
   * one after another on one prepared statement; the number of rows each run changed. For
   * `dialect.can.inProcess`, where it runs without yielding between rows.
   */
  readonly runEach: (q: CompiledQuery, params: readonly (readonly unknown[])[]) => Promise<number[]>;
  /**
   * `COPY … FROM STDIN` (`statement`) fed with text-format chunks. Only where `dialect.can.copy`.
   */
  readonly copyFrom: (statement: string, chunks: Iterable<string>) => Promise<void>;
  /**
   * Decision ids made from access-log row ids (src/store/decision-id.ts), where the database keeps
   * their key and an append learns each entry's row id (SQLite: one writer, each insert in process);
   * undefined where each entry keeps a random id of its own instead (PostgreSQL: a batch's
   * `RETURNING` order is not promised, and a statement per entry would be a round trip each).
   */
  readonly decisionIds?: () => DecisionIds;
}
