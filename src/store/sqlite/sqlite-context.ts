import type Database from 'better-sqlite3';

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
