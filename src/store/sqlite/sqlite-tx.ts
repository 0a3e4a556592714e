import type Database from 'better-sqlite3';
import type { StoreTx } from '../store.js';
import { sqlRepos } from '../sql/repos.js';
import { sqliteContext, sqliteRunner } from './sqlite-context.js';
import { recordsRepo } from './sqlite-records.js';
import { schemesRepo } from './sqlite-schemes.js';
import { statesRepo } from './sqlite-states.js';
import { dueProcessRepo } from './sqlite-due-process.js';
import { matchesRepo } from './sqlite-matches.js';
import { coordinationRepo } from './sqlite-coordination.js';

/** The SQLite StoreTx: one repository per concept, synchronous better-sqlite3 calls behind the async port. */
export function createSqliteTx(db: Database.Database): StoreTx {
  const ctx = sqliteContext(db);
  const sql = sqliteRunner(ctx);
  return {
    ...recordsRepo(ctx),
    ...schemesRepo(ctx),
    ...statesRepo(ctx),
    ...dueProcessRepo(ctx),
    ...coordinationRepo(ctx),
    ...matchesRepo(ctx),
    ...sqlRepos(sql),
  };
}
