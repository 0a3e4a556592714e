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
    /** `SELECT … FOR UPDATE`: a read locks its rows until the transaction ends (SQLite has one writer instead). */
    readonly rowLocks: boolean;
  };
  /** A boolean as the column stores it (SQLite: 0 or 1). */
  readonly bool: (b: boolean) => boolean | number;
  readonly readBool: (v: unknown) => boolean;
  /** A JSON column's value as read: PostgreSQL's JSONB arrives parsed, SQLite's TEXT does not. */
  readonly readJson: <T>(v: unknown) => T;
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
  can: { copy: false, skipLocked: false, advisoryLocks: false, rowLocks: false },
  bool: (b) => (b ? 1 : 0),
  readBool: (v) => v === 1 || v === true,
  readJson: <T>(v: unknown) => JSON.parse(v as string) as T,
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
  can: { copy: true, skipLocked: true, advisoryLocks: true, rowLocks: true },
  bool: (b) => b,
  readBool: (v) => v === true,
  readJson: <T>(v: unknown) => v as T,
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
}
