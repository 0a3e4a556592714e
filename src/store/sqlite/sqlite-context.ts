import type Database from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import { SQLITE_DIALECT, type SqlRunner } from '../sql/dialect.js';
import { decisionIdsOf } from './sqlite-access.js';

/** What every SQLite repository shares: the connection and a cache of prepared statements. */
export interface SqliteContext {
  readonly db: Database.Database;
  /** A prepared statement for this SQL, prepared once per connection. */
  readonly st: (sql: string) => Database.Statement;
  /** A JSON array parameter, read in SQL with json_each. */
  readonly json: (xs: readonly string[]) => string;
}

export function sqliteContext(db: Database.Database): SqliteContext {
  const cache = new Map<string, Database.Statement>();
  return {
    db,
    st: (sql) => {
      let s = cache.get(sql);
      if (!s) {
        s = db.prepare(sql);
        cache.set(sql, s);
      }
      return s;
    },
    json: (xs) => JSON.stringify(xs),
  };
}

/** Compiled queries of the repositories written once (src/store/sql), on this connection's statement cache. */
export function sqliteRunner({ db, st }: SqliteContext): SqlRunner {
  return {
    dialect: SQLITE_DIALECT,
    all: async <R>(q: CompiledQuery) => st(q.sql).all(...q.parameters) as R[],
    run: async (q) => st(q.sql).run(...q.parameters).changes,
    tuples: async <R extends readonly unknown[]>(q: CompiledQuery) =>
      st(q.sql)
        .raw(true)
        .all(...q.parameters) as R[],
    runEach: async (q, params) => {
      const s = st(q.sql);
      return params.map((p) => s.run(...p).changes);
    },
    copyFrom: () => {
      throw new Error('SQLite has no COPY (SqlDialect.can.copy)');
    },
    decisionIds: () => decisionIdsOf(db),
  };
}
