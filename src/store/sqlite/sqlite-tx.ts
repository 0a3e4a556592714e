import type Database from 'better-sqlite3';
import type { StoreTx } from '../store.js';
import { sqlRepos } from '../sql/repos.js';
import { sqliteContext, sqliteRunner } from './sqlite-context.js';

/** The SQLite StoreTx: the repositories written once (src/store/sql), over this connection's synchronous runner. */
export function createSqliteTx(db: Database.Database): StoreTx {
  return sqlRepos(sqliteRunner(sqliteContext(db)));
}
