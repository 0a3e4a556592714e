import type Database from 'better-sqlite3';
import type { StoreTx } from '../store.js';
import { sqlRepos } from '../sql/repos.js';
import { sqliteContext, sqliteRunner } from './sqlite-context.js';
import { auditRepo } from './sqlite-audit.js';
import { accessRepo } from './sqlite-access.js';

/** The SQLite StoreTx: one repository per concept, synchronous better-sqlite3 calls behind the async port. */
export function createSqliteTx(db: Database.Database): StoreTx {
  const ctx = sqliteContext(db);
  const sql = sqliteRunner(ctx);
  return {
    ...auditRepo(ctx),
    ...accessRepo(ctx),
    ...sqlRepos(sql),
  };
}
