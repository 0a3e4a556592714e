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
   * A statement that takes the transaction-scoped advisory lock on `key` in `space` (and in this
   * database's schema, so that databases sharing a server do not meet), waiting while another
   * transaction holds it; it is released when the transaction ends. Only where `can.advisoryLocks`.
   */
  readonly advisoryLock: (space: string, key: string) => RawBuilder<unknown>;
  /**
   * `column` is one of `values`, bound as ONE parameter (SQLite: json_each; PostgreSQL: ANY of an
   * array), so the statement's text, and its prepared statement, is the same for any number of values.
   */
  readonly oneOf: (column: string, values: readonly string[]) => RawBuilder<SqlBool>;
  /**
   * Rows given as one JSON array of objects, as a SELECT to insert from (one parameter, one
   * statement text for any number of rows). Column types are PostgreSQL's names.
   */
  readonly rows: (json: string, columns: Readonly<Record<string, ColumnType>>) => RawBuilder<unknown>;
}

export type ColumnType = 'text' | 'int' | 'bigint' | 'float8' | 'boolean' | 'jsonb';

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
  can: { copy: false, skipLocked: false, advisoryLocks: false, notify: false, rowLocks: false },

  bool: (b) => (b ? 1 : 0),
  readBool: (v) => v === 1 || v === true,
  readJson: <T>(v: unknown) => JSON.parse(v as string) as T,
  textList: (xs) => JSON.stringify(xs),
  readTextList: <T extends string>(v: unknown) => JSON.parse(v as string) as T[],
  notify: () => {
    throw new Error('SQLite has no notices between processes (SqlDialect.can.notify)');
  },
  advisoryLock: () => {
    throw new Error('SQLite has no advisory locks; it has one writer (SqlDialect.can.advisoryLocks)');
  },
  oneOf: (column, values) =>
    raw<SqlBool>`${raw.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`,
  rows: (json, columns) =>
    // WHERE true: SQLite reads `INSERT … SELECT … ON CONFLICT` right only with a WHERE clause.
    raw`SELECT ${raw.join(
      Object.keys(columns).map((c) => raw`json_extract(value, ${raw.lit(`$.${c}`)}) AS ${raw.ref(c)}`),
    )} FROM json_each(${json}) WHERE true`,
};

export const POSTGRES_DIALECT: SqlDialect = {
  name: 'postgres',
  sql: compilerOnly(
    () => new PostgresAdapter(),
    () => new PostgresQueryCompiler(),
    PostgresIntrospector,
  ),
  can: { copy: true, skipLocked: true, advisoryLocks: true, notify: true, rowLocks: true },

  bool: (b) => b,
  readBool: (v) => v === true,
  readJson: <T>(v: unknown) => v as T,
  // pg writes a JavaScript array as an array literal and reads TEXT[] back as one.
  textList: (xs) => xs,
  readTextList: <T extends string>(v: unknown) => v as T[],
  notify: (channel, payload) => raw`SELECT pg_notify(${channel}, current_schema() || '/' || ${payload})`,
  advisoryLock: (space, key) =>
    raw`SELECT pg_advisory_xact_lock(hashtextextended(${raw.lit(`${space}/`)} || current_schema() || '/' || ${key}, 0))`,
  oneOf: (column, values) => raw<SqlBool>`${raw.ref(column)} = ANY(${values}::text[])`,
  rows: (json, columns) =>
    raw`SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS r(${raw.raw(
      Object.entries(columns)
        .map(([c, t]) => `"${c}" ${t}`)
        .join(', '),
    )})`,
};

/** Runs compiled queries in the store's open transaction (its connection, its prepared-statement cache). */
export interface SqlRunner {
  readonly dialect: SqlDialect;
  /** The rows of a compiled query. */
  readonly all: <R>(q: CompiledQuery) => Promise<R[]>;
  /** The number of rows a compiled statement inserted, updated or deleted. */
  readonly run: (q: CompiledQuery) => Promise<number>;
  /**
   * Decision ids made from access-log row ids (src/store/decision-id.ts), where the database keeps
   * their key and an append learns each entry's row id (SQLite: one writer, each insert in process);
   * undefined where each entry keeps a random id of its own instead (PostgreSQL: a batch's
   * `RETURNING` order is not promised, and a statement per entry would be a round trip each).
   */
  readonly decisionIds?: () => DecisionIds;
}
